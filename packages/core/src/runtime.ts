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
