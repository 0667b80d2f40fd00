/**
 * The value of a JSON number's text, decided on its exact decimal value rather than on a double that may
 * already have rounded it. The rule that matters for validation: an integral value stays an integer (exact),
 * and a non-integral value never becomes one.
 */
import { JsonLimitError } from './json-errors.js'
import { exactInteger } from './runtime.js'

/** An integer with more decimal digits than this is refused rather than held as a giant bigint. */
export const MAX_INTEGER_DIGITS = 1000

/** Doubles of this magnitude or more are all integers: no non-integral double lies next to them. */
const NO_FRACTIONS_FROM = 2 ** 52

const JSON_NUMBER = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

/**
 * The exact value of a JSON number text: an integral value (however written: `12`, `12.000`, `1.2e1`) is a
 * number while it is a safe integer and a bigint beyond; a non-integral value is its nearest double, or, when
 * that double is an integer, the adjacent double toward the true value (so `1.0000000000000000001` and
 * `1e-400` are not integers). `-0` stays -0. `start` and `end` delimit the number within `text` (by default,
 * all of it).
 * @throws JsonLimitError `ERR_JSON_NUMBER_TOO_LARGE` for an integral value of more than 1000 digits,
 *   `ERR_JSON_NUMBER_INEXACT` for a non-integral value of magnitude 2^52 or more (no double keeps it a fraction)
 * @throws TypeError when `text` is not a JSON number
 */
export function numberFromText(text: string, start = 0, end = text.length): number | bigint {
  const plain = plainInteger(text, start, end)
  if (plain !== undefined) return plain
  return decide(start === 0 && end === text.length ? text : text.slice(start, end))
}

/**
 * A plain integer (digits only, no fraction or exponent), the common case, read with as few strings made as
 * possible: up to 15 digits from the character codes (always safe), longer ones through one slice.
 * `undefined` for any other text.
 */
function plainInteger(text: string, start: number, end: number): number | bigint | undefined {
  const first = text.charCodeAt(start) === 0x2d ? start + 1 : start
  const length = end - first
  if (length < 1 || (text.charCodeAt(first) === 0x30 && length > 1)) return undefined // `01` is not JSON
  let value = 0
  for (let i = first; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30
    if (!(digit >= 0 && digit <= 9)) return undefined
    value = value * 10 + digit
  }
  if (length <= 15) return first > start ? -value : value
  if (length > MAX_INTEGER_DIGITS) throw tooLarge()
  return exactInteger(text.slice(start, end))
}

const tooLarge = () =>
  new JsonLimitError(
    'ERR_JSON_NUMBER_TOO_LARGE',
    `a number is an integer of more than ${MAX_INTEGER_DIGITS} digits`,
  )

function decide(text: string): number | bigint {
  const parts = JSON_NUMBER.exec(text)
  if (parts === null) throw new TypeError('not the text of a JSON number')
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = parts
  // The value is ±digits × 10^scale, with digits free of leading and trailing zeros.
  const mantissa = whole + fraction
  let first = 0
  while (first < mantissa.length && mantissa.charCodeAt(first) === 0x30) first++
  if (first === mantissa.length) return sign === '-' ? -0 : 0
  let last = mantissa.length
  while (mantissa.charCodeAt(last - 1) === 0x30) last--
  const digits = mantissa.slice(first, last)
  // An exponent beyond 2^53 is not exact as a number, but its size alone decides (too large, or a fraction).
  const scale = Number(exponent) - fraction.length + (mantissa.length - last)

  if (scale >= 0) {
    if (digits.length + scale > MAX_INTEGER_DIGITS) throw tooLarge()
    return exactInteger(`${sign}${digits}${'0'.repeat(scale)}`)
  }

  // Not an integer: its integer part decides whether a non-integral double can stand for it.
  const integerDigits = digits.length + scale
  const integerPart = integerDigits > 0 ? Number(digits.slice(0, integerDigits)) : 0
  if (integerDigits > 16 || integerPart >= NO_FRACTIONS_FROM) {
    throw new JsonLimitError(
      'ERR_JSON_NUMBER_INEXACT',
      'a number with a fraction is too large (2^52 or more) to keep its fraction in a double',
    )
  }
  const nearest = Number(text)
  if (!Number.isInteger(nearest)) return nearest
  // The nearest double is an integer (too many digits, or an underflow to 0): step to the adjacent double on
  // the side of the true value. |value| lies strictly between integerPart and integerPart + 1.
  const magnitude = Math.abs(nearest)
  const adjacent = nextDouble(magnitude, integerPart >= magnitude)
  return sign === '-' ? -adjacent : adjacent
}

const float = new Float64Array(1)
const floatBits = new BigUint64Array(float.buffer)

/** The adjacent double of a non-negative finite double, upward or (for a positive one) downward. */
function nextDouble(magnitude: number, upward: boolean): number {
  float[0] = magnitude
  floatBits[0] = floatBits[0]! + (upward ? 1n : -1n)
  return float[0]
}
