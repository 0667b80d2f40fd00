/**
 * Where and why a text is not JSON, for the error of a text that `JSON.parse` rejected (whose own message
 * quotes the input). A validating scanner: one pass, no recursion, no value built, nothing allocated per
 * byte (one bit per open container), and a fixed vocabulary of reasons, so no input text reaches a message.
 * It reports the first offset at which no continuation could make the text JSON, which is where `JSON.parse`
 * stops (end of input for a truncated text).
 */

export interface SyntaxProblem {
  /** 0-based offset in UTF-16 code units; the text's length when the input ended too early. */
  readonly offset: number
  /** What was expected there, from a fixed vocabulary. */
  readonly reason: string
}

export const REASONS = {
  empty: 'empty input: expected a JSON value',
  value: 'expected a value',
  literal: "expected 'true', 'false' or 'null'",
  firstKey: "expected a double-quoted property name or '}'",
  key: 'expected a double-quoted property name',
  colon: "expected ':' after a property name",
  afterItem: "expected ',' or ']' after an array item",
  afterProperty: "expected ',' or '}' after a property value",
  unterminated: 'unterminated string',
  escape: 'invalid escape in a string',
  control: 'unescaped control character in a string',
  number: 'invalid number',
  trailing: 'unexpected data after the JSON value',
} as const

const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const QUOTE = 0x22
const PLUS = 0x2b
const COMMA = 0x2c
const MINUS = 0x2d
const DOT = 0x2e
const ZERO = 0x30
const NINE = 0x39
const COLON = 0x3a
const E_UPPER = 0x45
const LEFT_BRACKET = 0x5b
const BACKSLASH = 0x5c
const RIGHT_BRACKET = 0x5d
const E_LOWER = 0x65
const U_LOWER = 0x75
const LEFT_BRACE = 0x7b
const RIGHT_BRACE = 0x7d

/** What the scanner expects next. */
const VALUE = 0
const FIRST_KEY = 1
const KEY = 2
const AFTER_VALUE = 3

/**
 * Whether each open container is an object: one bit per level. The first 32 levels (nearly every text) are one
 * number; deeper ones are words grown by doubling (a typed array per scan cost more than the scan of a short
 * record).
 */
class ContainerKinds {
  private low = 0
  private deeper: Uint32Array | undefined
  depth = 0

  push(isObject: boolean): void {
    const level = this.depth++
    if (level < 32) {
      const mask = 1 << level
      this.low = isObject ? this.low | mask : this.low & ~mask
      return
    }
    const word = (level >>> 5) - 1
    if (this.deeper === undefined || word === this.deeper.length) {
      const grown = new Uint32Array(Math.max(1, (this.deeper?.length ?? 0) * 2))
      if (this.deeper) grown.set(this.deeper)
      this.deeper = grown
    }
    const mask = 1 << (level & 31)
    this.deeper[word] = isObject ? this.deeper[word]! | mask : this.deeper[word]! & ~mask
  }

  /** Whether the innermost open container is an object. */
  innermostIsObject(): boolean {
    const level = this.depth - 1
    if (level < 32) return (this.low & (1 << level)) !== 0
    return (this.deeper![(level >>> 5) - 1]! & (1 << (level & 31))) !== 0
  }
}

/** The first syntax problem of `text`, or `undefined` when it is one JSON value (with whitespace around). */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  const end = text.length
  const open = new ContainerKinds()
  let i = skipWhitespace(text, 0)
  if (i === end) return { offset: end, reason: REASONS.empty }
  let state = VALUE
  for (;;) {
    i = skipWhitespace(text, i)
    const c = i < end ? text.charCodeAt(i) : -1
    if (state === VALUE) {
      if (c === LEFT_BRACE || c === LEFT_BRACKET) {
        const isObject = c === LEFT_BRACE
        i = skipWhitespace(text, i + 1)
        if (text.charCodeAt(i) === (isObject ? RIGHT_BRACE : RIGHT_BRACKET)) {
          i++
          state = AFTER_VALUE
        } else {
          open.push(isObject)
          state = isObject ? FIRST_KEY : VALUE
        }
        continue
      }
      const after =
        c === QUOTE
          ? scanString(text, i)
          : c === MINUS || (c >= ZERO && c <= NINE)
            ? scanNumber(text, i)
            : c === 0x74 // t
              ? scanLiteral(text, i, 'true')
              : c === 0x66 // f
                ? scanLiteral(text, i, 'false')
                : c === 0x6e // n
                  ? scanLiteral(text, i, 'null')
                  : { offset: i, reason: REASONS.value }
      if (typeof after !== 'number') return after
      i = after
      state = AFTER_VALUE
    } else if (state === AFTER_VALUE) {
      if (open.depth === 0) return c === -1 ? undefined : { offset: i, reason: REASONS.trailing }
      const inObject = open.innermostIsObject()
      if (c === COMMA) {
        i++
        state = inObject ? KEY : VALUE
      } else if (c === (inObject ? RIGHT_BRACE : RIGHT_BRACKET)) {
        i++
        open.depth--
      } else {
        return { offset: i, reason: inObject ? REASONS.afterProperty : REASONS.afterItem }
      }
    } else {
      // FIRST_KEY or KEY: a property name and its colon
      if (c !== QUOTE) return { offset: i, reason: state === FIRST_KEY ? REASONS.firstKey : REASONS.key }
      const after = scanString(text, i)
      if (typeof after !== 'number') return after
      i = skipWhitespace(text, after)
      if (text.charCodeAt(i) !== COLON) return { offset: i, reason: REASONS.colon }
      i++
      state = VALUE
    }
  }
}

/** The offset of the first non-whitespace character at or after `from` (JSON whitespace only). */
export function skipWhitespace(text: string, from: number): number {
  let i = from
  for (
    let c = text.charCodeAt(i);
    c === SPACE || c === LF || c === CR || c === TAB;
    c = text.charCodeAt(++i)
  );
  return i
}

/** The offset after the string that starts at `start` (a quote), or its problem. */
function scanString(text: string, start: number): number | SyntaxProblem {
  const end = text.length
  let i = start + 1
  for (;;) {
    if (i >= end) return { offset: end, reason: REASONS.unterminated }
    const c = text.charCodeAt(i)
    if (c === QUOTE) return i + 1
    if (c === BACKSLASH) {
      if (i + 1 === end) return { offset: end, reason: REASONS.unterminated }
      const escaped = text.charCodeAt(i + 1)
      if (escaped === U_LOWER) {
        for (let k = i + 2; k < i + 6; k++) {
          if (k === end) return { offset: end, reason: REASONS.unterminated }
          if (!isHexDigit(text.charCodeAt(k))) return { offset: k, reason: REASONS.escape }
        }
        i += 6
      } else if (isSimpleEscape(escaped)) {
        i += 2
      } else {
        return { offset: i + 1, reason: REASONS.escape }
      }
    } else if (c < SPACE) {
      return { offset: i, reason: REASONS.control }
    } else {
      i++
    }
  }
}

/** The offset after the number that starts at `start` (a minus or a digit), or its problem. */
function scanNumber(text: string, start: number): number | SyntaxProblem {
  let i = start
  if (text.charCodeAt(i) === MINUS) i++
  if (text.charCodeAt(i) === ZERO) {
    i++
    // A leading zero is the whole integer part: `01` is not JSON.
    if (isDigit(text.charCodeAt(i))) return { offset: i, reason: REASONS.number }
  } else {
    if (!isDigit(text.charCodeAt(i))) return { offset: i, reason: REASONS.number }
    i = skipDigits(text, i)
  }
  if (text.charCodeAt(i) === DOT) {
    if (!isDigit(text.charCodeAt(++i))) return { offset: i, reason: REASONS.number }
    i = skipDigits(text, i)
  }
  const e = text.charCodeAt(i)
  if (e === E_LOWER || e === E_UPPER) {
    const sign = text.charCodeAt(++i)
    if (sign === PLUS || sign === MINUS) i++
    if (!isDigit(text.charCodeAt(i))) return { offset: i, reason: REASONS.number }
    i = skipDigits(text, i)
  }
  return i
}

function scanLiteral(text: string, start: number, literal: string): number | SyntaxProblem {
  for (let k = 0; k < literal.length; k++) {
    if (text.charCodeAt(start + k) !== literal.charCodeAt(k)) {
      return { offset: Math.min(start + k, text.length), reason: REASONS.literal }
    }
  }
  return start + literal.length
}

function skipDigits(text: string, from: number): number {
  let i = from
  while (isDigit(text.charCodeAt(i))) i++
  return i
}

/** Digits; `charCodeAt` past the end is NaN, which is none. */
function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE
}

function isHexDigit(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}

/** `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`. */
function isSimpleEscape(c: number): boolean {
  return (
    c === QUOTE ||
    c === BACKSLASH ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74
  )
}
