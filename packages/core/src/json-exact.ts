/**
 * The exact re-read of a JSON text that `JSON.parse` has already accepted: the same value, except that every
 * number is decided on its decimal text (number-text.ts). Iterative, so any depth reads; it holds nothing
 * but the value being built and one stack entry per open container.
 */
import { type JsonLimitCode, JsonLimitError, lineAndColumn } from './json-errors.js'
import { skipWhitespace } from './json-syntax.js'
import { numberFromText } from './number-text.js'
import { defineValue } from './safe-copy.js'

/** The digits that integers written with an exponent may hold together in one document (about 400 KB of bigints). */
export const MAX_EXPONENT_DIGITS = 1_000_000

const QUOTE = 0x22
const COMMA = 0x2c
const COLON = 0x3a
const LEFT_BRACKET = 0x5b
const BACKSLASH = 0x5c
const RIGHT_BRACKET = 0x5d
const LEFT_BRACE = 0x7b
const RIGHT_BRACE = 0x7d

/**
 * Reads `text`, which must be JSON (`JSON.parse` accepted it). Duplicate keys: the last one wins, as in
 * `JSON.parse`; `__proto__` is an own data key. Integers beyond 2^53 are bigints, or decimal strings.
 * @throws JsonLimitError for a number that cannot be kept exact (see `numberFromText`), or when the integers
 *   written with an exponent hold more than a million digits together: `[1e999,...]` would otherwise turn
 *   each 6 bytes of text into a 400-byte bigint
 */
export function readExactly(text: string, bigints: 'bigint' | 'string'): unknown {
  /**
   * One entry per open container: an object being filled, or for an array the index in `items` where its
   * items start (an array is made once, at its exact length, when it closes).
   */
  const open: (Record<string, unknown> | number)[] = []
  /** The pending property name of each open object (unused for arrays). */
  const keys: string[] = []
  let items: unknown[] = []
  let exponentDigits = MAX_EXPONENT_DIGITS

  const readNumber = (start: number, end: number): unknown => {
    let value: number | bigint
    try {
      value = numberFromText(text, start, end)
    } catch (error) {
      if (!(error instanceof JsonLimitError)) throw error
      throw located(error.code, error.message, start)
    }
    if (typeof value !== 'bigint') return value
    // Plain digits cost no more than the text they come from; an exponent can multiply them.
    if (hasExponent(text, start, end)) {
      exponentDigits -= value.toString().length
      if (exponentDigits < 0) {
        throw located(
          'ERR_JSON_NUMBER_TOO_LARGE',
          `the integers written with an exponent have more than ${MAX_EXPONENT_DIGITS} digits together`,
          start,
        )
      }
    }
    return bigints === 'string' ? value.toString() : value
  }
  const located = (code: JsonLimitCode, message: string, offset: number): JsonLimitError => {
    const { line, column } = lineAndColumn(text, offset)
    return new JsonLimitError(code, message, line, column)
  }

  let i = 0
  for (;;) {
    // One value, or the start of a container whose first value comes next.
    i = skipWhitespace(text, i)
    const c = text.charCodeAt(i)
    let value: unknown
    if (c === LEFT_BRACE || c === LEFT_BRACKET) {
      const isObject = c === LEFT_BRACE
      i = skipWhitespace(text, i + 1)
      if (text.charCodeAt(i) === (isObject ? RIGHT_BRACE : RIGHT_BRACKET)) {
        value = isObject ? {} : []
        i++
      } else {
        open.push(isObject ? {} : items.length)
        keys.push('')
        if (isObject) i = readKey(text, i, keys)
        continue
      }
    } else if (c === QUOTE) {
      const end = stringEnd(text, i)
      value = readString(text, i, end)
      i = end
    } else if (c === 0x74 /* t */) {
      value = true
      i += 4
    } else if (c === 0x66 /* f */) {
      value = false
      i += 5
    } else if (c === 0x6e /* n */) {
      value = null
      i += 4
    } else {
      const end = numberEnd(text, i)
      value = readNumber(i, end)
      i = end
    }
    // Store it in its container; close the containers that end after it.
    for (;;) {
      if (open.length === 0) return value
      const container = open[open.length - 1]!
      if (typeof container === 'number') items.push(value)
      else defineValue(container, keys[keys.length - 1]!, value)
      i = skipWhitespace(text, i)
      if (text.charCodeAt(i++) === COMMA) {
        if (typeof container !== 'number') i = readKey(text, i, keys)
        break
      }
      open.pop()
      keys.pop()
      if (typeof container !== 'number') value = container
      else if (container > 0) value = items.splice(container)
      else {
        // The items from 0 are all this array's: hand the stack over rather than copy it.
        value = items
        items = []
      }
    }
  }
}

function hasExponent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x45 || c === 0x65) return true
  }
  return false
}

/** Reads a property name and its colon into the innermost entry of `keys`; returns the offset after them. */
function readKey(text: string, start: number, keys: string[]): number {
  const from = skipWhitespace(text, start)
  const end = stringEnd(text, from)
  keys[keys.length - 1] = readString(text, from, end)
  const colon = skipWhitespace(text, end)
  if (text.charCodeAt(colon) !== COLON) throw new Error('readExactly: the text is not JSON')
  return colon + 1
}

/** A fresh string (not a slice that keeps the whole text alive), with JSON.parse's own escape handling. */
function readString(text: string, start: number, end: number): string {
  return JSON.parse(text.slice(start, end)) as string
}

/** The offset after the string that starts at `start` (a quote). */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    // The quote closes the string unless an odd number of backslashes escapes it.
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return quote + 1
  }
  throw new Error('readExactly: the text is not JSON')
}

/** The offset after the number that starts at `start`. */
function numberEnd(text: string, start: number): number {
  let i = start
  for (
    let c = text.charCodeAt(i);
    (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45 || c === 0x65;
    c = text.charCodeAt(++i)
  );
  return i
}
