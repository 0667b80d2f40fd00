/**
 * `@session-schemas/core/runtime`: the helpers that generated `check` functions call, and `exactInteger` for
 * the converter and jwt-claims. NOT a public API (like `/internal`, which re-exports all of it): the
 * check-only model modules (`@session-schemas/<package>/check/<model>`) import it so that importing one
 * model's `check` loads this module and the few it needs (formats, JSON equality, code points), not the
 * evaluator, the JSON reader or the model surface.
 */

export { isDate, isDateTime, isIPv4, isIPv6, isUuid } from './formats.js'
export { firstDuplicate, jsonEqual } from './json-equal.js'
export { codePointLength } from './wording.js'

/** A JSON integer: a whole number, or a bigint when it was read exactly beyond 2^53. */
export function isJsonInteger(value: unknown): value is number | bigint {
  return Number.isInteger(value) || typeof value === 'bigint'
}

/** A JSON number: a finite number, or a bigint when it was read exactly beyond 2^53. */
export function isJsonNumber(value: unknown): value is number | bigint {
  return Number.isFinite(value) || typeof value === 'bigint'
}

/**
 * Array.prototype.every, but holes count: `[, 'a']` has an undefined item, which is not a string.
 * (A JSON array has no holes; a JavaScript caller's array can.) A plain loop is also faster.
 */
export function everyItem(
  items: readonly unknown[],
  test: (item: unknown, index: number) => boolean,
): boolean {
  for (let i = 0; i < items.length; i++) if (!test(items[i], i)) return false
  return true
}

/**
 * `value <= 2^63 - 1` for an int64 field, exactly: for a bigint (read exactly) and for a number. No double
 * lies between 2^63 - 1 and 2^63, so a number is within exactly when it is below 2^63 (the double 2^63 is
 * 9223372036854775808, one beyond). A schema's `maximum: 9223372036854775807` reads as that double, so the
 * bound itself cannot tell. NaN is left to the `type` keyword.
 */
export function withinInt64Max(value: unknown): boolean {
  return typeof value === 'bigint' ? value <= 9223372036854775807n : !((value as number) >= 2 ** 63)
}

/**
 * `value === n` for a const or enum integer `n` beyond 2^53, where `value` may be the exact bigint that
 * reading JSON gives for such an integer (a double `n` is exact: schemas hold only what a double can).
 */
export function equalsInteger(value: unknown, n: number): boolean {
  return typeof value === 'bigint' ? value === BigInt(n) : value === n
}

/** A finite double as an exact decimal fraction `numerator / denominator` (its shortest decimal form). */
function decimalFraction(n: number): { numerator: bigint; denominator: bigint } {
  const [mantissa = '0', exponent = '0'] = String(n).toLowerCase().split('e')
  const [whole = '0', fraction = ''] = mantissa.split('.')
  const scale = fraction.length - Number(exponent)
  const digits = BigInt(whole + fraction)
  return scale >= 0
    ? { numerator: digits, denominator: 10n ** BigInt(scale) }
    : { numerator: digits * 10n ** BigInt(-scale), denominator: 1n }
}

/**
 * `multipleOf` for a JSON number: exact for a bigint (an integer read beyond 2^53) against the divisor's
 * decimal value (`10n ** 308n` is a multiple of 0.5, not of 0.123456789); for a double, within 1e-10 of a
 * multiple, as the ahead-of-time check has it (`0.0075` is a multiple of `0.0001`). One function, so that
 * the check and the explaining evaluator always agree.
 */
export function isMultipleOf(value: unknown, divisor: number): boolean {
  if (typeof value === 'bigint') {
    const { numerator, denominator } = decimalFraction(Math.abs(divisor))
    return numerator !== 0n && (value * denominator) % numerator === 0n
  }
  // Not a number: the type keywords say so, multipleOf does not apply.
  if (typeof value !== 'number') return true
  if (Number.isInteger(value) && (1 / divisor) % 1 === 0) return true
  const remainder = value % divisor
  return Math.min(Math.abs(remainder), Math.abs(remainder - divisor), Math.abs(remainder + divisor)) < 1e-10
}

/** An integer in its exact form: a number while that is exact (a safe integer), a bigint beyond 2^53. */
export function exactInteger(value: string | bigint): number | bigint {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : typeof value === 'bigint' ? value : BigInt(value)
}
