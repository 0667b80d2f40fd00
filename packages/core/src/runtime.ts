/**
 * What generated validators import at run time, and nothing else, so that an application that
 * imports one model's `check` bundles only this.
 */
export { isDate, isDateTime, isIPv4, isIPv6, isUuid } from './formats.js'

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
 * \`value <= 2^63 - 1\` for an int64 field. JavaScript writes that bound as 2^63: exact for a bigint (read
 * exactly), and for a number the best a double can say.
 */
export function withinInt64Max(value: unknown): boolean {
  return typeof value === 'bigint' ? value <= 9223372036854775807n : (value as number) <= 2 ** 63
}

/** An integer in its exact form: a number while that is exact (a safe integer), a bigint beyond 2^53. */
export function exactInteger(value: string | bigint): number | bigint {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : typeof value === 'bigint' ? value : BigInt(value)
}
