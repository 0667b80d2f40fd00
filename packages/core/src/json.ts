/**
 * JSON text in and out, without losing integers: `JSON.parse` for speed, and an exact read (json-exact.ts) of
 * the rare document holding a number that a double may have turned into an integer or a different one.
 */
import { JsonLimitError, JsonSyntaxError, lineAndColumn } from './json-errors.js'
import { readExactly } from './json-exact.js'
import { findSyntaxError, type SyntaxProblem } from './json-syntax.js'
import { copyArray } from './safe-copy.js'

export { type JsonLimitCode, JsonLimitError, JsonSyntaxError } from './json-errors.js'

/** Runs a recursive step; a stack overflow becomes a JsonLimitError that says what was being done. */
function withinStack<T>(what: string, step: () => T): T {
  try {
    return step()
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new JsonLimitError(
        'ERR_JSON_TOO_DEEP',
        `${what}: the JSON is nested too deeply (${error.message})`,
      )
    }
    throw error
  }
}

/** How exact integers beyond 2^53 are represented: `bigint` (default), or a decimal `string`. */
export type Int64Mode = 'bigint' | 'string'

export interface ReadJsonOptions {
  /** Representation of integers beyond 2^53. Default `bigint`. */
  readonly int64?: Int64Mode
}

/** `\d` n times, written out: V8 scans `\d\d\d` several times faster than `\d{3}`. */
const digits = (n: number): string => '\\d'.repeat(n)

/**
 * The number tokens that send a document to the exact read:
 * - a plain integer of 17 digits or more, or of 16 starting with 9: beyond 2^53 (9007199254740992), or near it;
 * - a token that a double may turn into an integer although its value is not one: 16 or more mantissa digits
 *   with a fraction or an exponent (`1.0000000000000000001`), or an exponent of -100 or less (`1e-400` becomes
 *   0; see TINY_EXPONENT). The dot case is covered by "11 digits before the dot, 11 after, or 6 on each side",
 *   which every split of 16 digits meets. With at most 15 mantissa digits and a larger exponent, the nearest
 *   double of a non-integer is never an integer (the distance to the next integer, at least one unit of the
 *   last digit, exceeds half an ulp).
 * Integers beyond 2^53 written with an exponent (`1e22`), and infinities (`1e400`), are left to the walk after
 * `JSON.parse`. Strings are not tokenised: a match inside one only costs the exact read. Every alternative here
 * is fixed-length, which V8 looks for with long skips (several times faster than the look for an exponent).
 */
const LONG_DIGITS = new RegExp(
  [
    digits(17),
    `9${digits(15)}`,
    `${digits(11)}\\.`,
    `\\.${digits(11)}`,
    `${digits(6)}\\.${digits(6)}`,
    `${digits(16)}[eE]`,
  ].join('|'),
)

/**
 * A number written with an exponent (`1e22`, `-2.5E+30`): a digit, `e` or `E`, a sign, digits, and then what
 * may follow a JSON number (`,`, `}`, `]`, a blank or the end). Without one, a number of 2^53 or more has at
 * least 16 integer digits, which LONG_DIGITS catches (16 starting with 9, or 17), so the walk of the parsed
 * value is needed only where this matches; and so is TINY_EXPONENT's look, since every number token ends where
 * this needs it to. Text inside a string may match too (`"5e3 "`): that only costs the walk; hex ids
 * (`"5e1f"`, `"…6e12"`) do not. Linear: it backtracks over one run of digits.
 */
const MAY_HAVE_EXPONENT = /\d[eE][+-]?\d+(?:[,}\]\s]|$)/

/** An exponent of -100 or less, which a double may round to 0. The look-ahead spares UUIDs such as `...9e-4123-...`. */
const TINY_EXPONENT = new RegExp(`\\d[eE]-${digits(3)}\\d*(?![\\w-])`)

/**
 * Whether a JSON text has a number token that JSON.parse may not keep exact (see LONG_DIGITS): then readJson
 * reads it exactly instead. Looks at the text only (so also at strings' contents: a match there only costs time).
 */
export function needsExactRead(source: string): boolean {
  return LONG_DIGITS.test(source) || (MAY_HAVE_EXPONENT.test(source) && TINY_EXPONENT.test(source))
}

/**
 * Reads one JSON document; a BOM is ignored. Numbers are exact: an integer beyond 2^53 is a bigint (or a
 * decimal string), a non-integer never becomes an integer, and a duplicated key keeps its last value.
 * @throws JsonSyntaxError for malformed text: line, column and what was expected, never any input text
 * @throws JsonLimitError for a number that cannot be kept exact (`ERR_JSON_NUMBER_TOO_LARGE`, `ERR_JSON_NUMBER_INEXACT`)
 */
export function readJson(text: string, options: ReadJsonOptions = {}): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (cannotEndJson(source)) {
    // A text cut short (the usual malformed record): its error without JSON.parse's, whose SyntaxError costs
    // more than the scan (its message quotes the input; its stack is captured). Should the scanner find no
    // problem (it agrees with JSON.parse: tested), JSON.parse decides below.
    const problem = findSyntaxError(source)
    if (problem !== undefined) throw syntaxError(source, problem)
  }
  const int64 = options.int64 ?? 'bigint'
  // needsExactRead, written out to look for an exponent once (the slower of the looks: it has no long run).
  const exponent = MAY_HAVE_EXPONENT.test(source)
  if (LONG_DIGITS.test(source) || (exponent && TINY_EXPONENT.test(source))) {
    // Straight to the exact read, validated by the scanner (which accepts exactly what JSON.parse accepts):
    // no first parse to build and then hold as garbage.
    const problem = findSyntaxError(source)
    if (problem !== undefined) throw syntaxError(source, problem)
    return readExactly(source, int64)
  }
  let value: unknown
  try {
    value = JSON.parse(source)
  } catch (error) {
    // V8's message quotes the input: never pass it on, not even as a cause.
    if (error instanceof SyntaxError) throw syntaxError(source, findSyntaxError(source))
    throw error
  }
  // Past LONG_DIGITS, only an exponent can make a number 2^53 or more: no `e` after a digit, no walk.
  if (!exponent || !hasUnsafeInteger(value)) return value
  value = undefined // the first parse is garbage now: let the exact re-read reuse its memory
  return readExactly(source, int64)
}

/**
 * Whether the text's last character, blanks aside, cannot end a JSON value: every value ends with `}`, `]`, `"`,
 * a digit, or the `e` or `l` of true, false and null. An empty text cannot be one either.
 */
function cannotEndJson(text: string): boolean {
  let i = text.length - 1
  let c = text.charCodeAt(i)
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(--i)
  // (NaN when no character is left.)
  return !(c === 0x7d || c === 0x5d || c === 0x22 || (c >= 0x30 && c <= 0x39) || c === 0x65 || c === 0x6c)
}

/** The error for malformed text, without any of the text. */
function syntaxError(text: string, problem: SyntaxProblem | undefined): JsonSyntaxError {
  // Unreachable while the scanner agrees with JSON.parse (tested); fail closed, still without input text.
  if (problem === undefined) return new JsonSyntaxError('not valid JSON')
  const { line, column } = lineAndColumn(text, problem.offset)
  return new JsonSyntaxError(problem.reason, line, column)
}

/** Doubles of this magnitude or more are all integers (or infinite): one of them may be a rounded number. */
const UNSAFE = 2 ** 53

/**
 * Whether a parsed value holds a number that a double may have rounded: an integer of magnitude 2^53 or more
 * (every double that large is an integer), or an infinity (`1e400`).
 * The walk keeps one entry per open container, not one per item.
 */
export function hasUnsafeInteger(value: unknown): boolean {
  const lists: unknown[][] = [[value]]
  const positions: number[] = [0]
  next: while (lists.length > 0) {
    const top = lists.length - 1
    const list = lists[top]!
    for (let i = positions[top]!; i < list.length; i++) {
      const item = list[i]
      if (typeof item === 'number') {
        if (!(item < UNSAFE && item > -UNSAFE)) return true
      } else if (typeof item === 'object' && item !== null) {
        positions[top] = i + 1
        lists.push(Array.isArray(item) ? item : Object.values(item))
        positions.push(0)
        continue next
      }
    }
    lists.pop()
    positions.pop()
  }
  return false
}

/** A copy in which every bigint is its decimal string; objects are copied without invoking setters. */
export function bigintsToStrings(value: unknown): unknown {
  return withinStack('writing integers beyond 2^53 as strings', () => mapBigints(value, (n) => n.toString()))
}

function mapBigints(value: unknown, map: (n: bigint) => unknown): unknown {
  if (typeof value === 'bigint') return map(value)
  if (Array.isArray(value)) return copyArray(value, (item) => mapBigints(item, map))
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: mapBigints((value as Record<string, unknown>)[key], map),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy
}

/** Whether a value holds a bigint anywhere (then it needs the exact writer). A cycle ends the walk, not the process. */
function hasBigint(value: unknown): boolean {
  const seen = new Set<object>()
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'bigint') return true
    if (typeof item === 'object' && item !== null && !seen.has(item)) {
      seen.add(item)
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push(child)
    }
  }
  return false
}

export interface WriteJsonOptions {
  /** Exact integers as JSON numbers (`bigint`, default) or as decimal strings (`string`). */
  readonly int64?: Int64Mode
  /** Indentation, as for `JSON.stringify`. */
  readonly indent?: number
}

/** Writes one JSON document; bigints are written exactly, as numbers or as strings. */
export function writeJson(value: unknown, options: WriteJsonOptions = {}): string {
  return withinStack('writing JSON', () => {
    try {
      // The common case has no bigint: let JSON.stringify find out (it throws on one) instead of a walk.
      return JSON.stringify(value, null, options.indent)
    } catch (error) {
      if (!(error instanceof TypeError) || !hasBigint(value)) throw error
    }
    if (options.int64 === 'string')
      return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v), options.indent)
    return withExactIntegers(value, options.indent)
  })
}

/**
 * JSON.stringify, with each bigint written as its digits. A bigint goes through as a string holding a
 * random marker and the digits, and the marked strings are then replaced by the digits: one pass of
 * JSON.stringify and one of a regular expression, whatever the value's size or depth.
 */
function withExactIntegers(value: unknown, indent: number | undefined): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  const marker = `\u0001${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}:`
  let marked = 0
  const text = JSON.stringify(
    value,
    (_key, v) => {
      if (typeof v !== 'bigint') return v
      marked++
      return `${marker}${v}`
    },
    indent,
  )
  // JSON.stringify writes the marker's control character as the escape \u0001.
  const escaped = `"\\\\u0001${marker.slice(1)}(-?\\d+)"`
  let replaced = 0
  const result = text.replace(new RegExp(escaped, 'g'), (_match, digits: string) => {
    replaced++
    return digits
  })
  // A string of the input that held the random marker would be replaced too: never silently.
  if (replaced !== marked) throw new Error('writeJson: a string of the value collides with the bigint marker')
  return result
}
