/**
 * String formats checked by every session-schemas validator. Each check scans the string once by
 * character code: no regular expression backtracking and no `Date` allocation on the hot path.
 */

const DIGIT_0 = 48
const DIGIT_9 = 57
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
}

/** Reads `count` ASCII digits at `at`; returns -1 if any of them is not an ASCII digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i)
    if (c < DIGIT_0 || c > DIGIT_9) return -1
    n = n * 10 + (c - DIGIT_0)
  }
  return n
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!
  return day <= max
}

/** The parts of an RFC 3339 date-time, as written (no normalisation to UTC). */
export interface DateTimeParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** The fraction digits as written, without the dot ("" when there is none). */
  fraction: string
  /** Offset from UTC in minutes (`Z` is 0). */
  offsetMinutes: number
  /** True when the offset was written as `Z`/`z` rather than `+00:00`. */
  zulu: boolean
}

/**
 * Scans an RFC 3339 §5.6 `date-time`. Returns false on any deviation: non-padded fields, a missing
 * offset or `+01` without minutes, hour 24, day 31 of a 30-day month, a leap second anywhere but at
 * 23:59:60 UTC, non-ASCII digits, trailing characters. `T`/`t` and `Z`/`z` are both accepted.
 */
function scanDateTime(s: string, out: DateTimeParts | undefined): boolean {
  const n = s.length
  // yyyy-mm-ddThh:mm:ss is 19 characters, the shortest offset (Z) makes 20.
  if (n < 20) return false
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  if (year < 0 || month < 0 || day < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  if (!isValidDate(year, month, day)) return false
  const t = s.charCodeAt(10)
  if (t !== 84 && t !== 116) return false
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  const second = digits(s, 17, 2)
  if (hour < 0 || minute < 0 || second < 0 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false
  if (hour > 23 || minute > 59 || second > 60) return false
  let i = 19
  let fractionEnd = i
  if (s.charCodeAt(i) === 46) {
    i++
    const start = i
    while (i < n) {
      const c = s.charCodeAt(i)
      if (c < DIGIT_0 || c > DIGIT_9) break
      i++
    }
    if (i === start) return false
    fractionEnd = i
  }
  let offsetMinutes = 0
  let zulu = false
  const z = s.charCodeAt(i)
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return false
    zulu = true
  } else if (z === 43 || z === 45) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false
    const oh = digits(s, i + 1, 2)
    const om = digits(s, i + 4, 2)
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return false
    offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om)
  } else {
    return false
  }
  if (second === 60) {
    // A leap second is only ever inserted at the end of a UTC day: 23:59:60Z.
    const utcMinutes = (((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440
    if (utcMinutes !== 23 * 60 + 59) return false
  }
  if (out !== undefined) {
    out.year = year
    out.month = month
    out.day = day
    out.hour = hour
    out.minute = minute
    out.second = second
    out.fraction = fractionEnd > 20 ? s.slice(20, fractionEnd) : ''
    out.offsetMinutes = offsetMinutes
    out.zulu = zulu
  }
  return true
}

/** RFC 3339 `date-time` (JSON Schema `format: "date-time"`), strict. `0001-01-01T00:00:00Z` is valid. */
export function isDateTime(value: string): boolean {
  return scanDateTime(value, undefined)
}

/** Parses an RFC 3339 `date-time` into its written parts, or returns undefined if it is not one. */
export function parseDateTime(value: string): DateTimeParts | undefined {
  const out: DateTimeParts = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    fraction: '',
    offsetMinutes: 0,
    zulu: false,
  }
  return scanDateTime(value, out) ? out : undefined
}

/** RFC 3339 `full-date` (JSON Schema `format: "date"`). */
export function isDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false
  const year = digits(value, 0, 4)
  const month = digits(value, 5, 2)
  const day = digits(value, 8, 2)
  return year >= 0 && month >= 0 && day >= 0 && isValidDate(year, month, day)
}

/** Dotted-quad IPv4 (RFC 2673 §3.2): four decimal octets 0-255, no leading zeros, ASCII digits only. */
export function isIPv4(value: string): boolean {
  return scanIPv4(value, 0, value.length)
}

function scanIPv4(s: string, start: number, end: number): boolean {
  let parts = 0
  let i = start
  while (parts < 4) {
    const partStart = i
    let n = 0
    while (i < end) {
      const c = s.charCodeAt(i)
      if (c < DIGIT_0 || c > DIGIT_9) break
      n = n * 10 + (c - DIGIT_0)
      i++
      if (i - partStart > 3) return false
    }
    const len = i - partStart
    if (len === 0 || n > 255 || (len > 1 && s.charCodeAt(partStart) === DIGIT_0)) return false
    parts++
    if (parts < 4) {
      if (s.charCodeAt(i) !== 46) return false
      i++
    }
  }
  return i === end
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
}

/**
 * IPv6 text form (RFC 4291 §2.2): eight groups of 1-4 hex digits, one `::` at most, an embedded
 * dotted-quad IPv4 in the last 32 bits allowed. Zone ids (`%eth0`) are not part of an address.
 */
export function isIPv6(value: string): boolean {
  const n = value.length
  if (n < 2 || n > 45) return false
  let groups = 0
  let compressed = false
  let i = 0
  if (value.charCodeAt(0) === 58) {
    if (value.charCodeAt(1) !== 58) return false
    compressed = true
    i = 2
    if (i === n) return true
  }
  while (i < n) {
    const groupStart = i
    while (i < n && isHexDigit(value.charCodeAt(i)) && i - groupStart < 5) i++
    const len = i - groupStart
    if (i < n && value.charCodeAt(i) === 46) {
      // An embedded IPv4 takes the place of the last two groups.
      if (!scanIPv4(value, groupStart, n)) return false
      groups += 2
      i = n
      break
    }
    if (len === 0 || len > 4) return false
    groups++
    if (i === n) break
    if (value.charCodeAt(i) !== 58) return false
    i++
    if (value.charCodeAt(i) === 58) {
      if (compressed) return false
      compressed = true
      i++
      if (i === n) break
    } else if (i === n) {
      return false
    }
  }
  return compressed ? groups < 8 : groups === 8
}

/** RFC 4122 UUID text form: 8-4-4-4-12 hex digits, any version and variant, either case. */
export function isUuid(value: string): boolean {
  if (value.length !== 36) return false
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false
    } else if (!isHexDigit(c)) {
      return false
    }
  }
  return true
}

/** The formats our validators check, by JSON Schema format name. */
export const checkedFormats: Readonly<Record<string, (value: string) => boolean>> = Object.freeze({
  'date-time': isDateTime,
  date: isDate,
  ipv4: isIPv4,
  ipv6: isIPv6,
  uuid: isUuid,
})

/**
 * Whether a schema's `maximum` is the int64 maximum 2^63 - 1 of an `int64` field, which JSON reads as the
 * double 2^63: the `int64` format then bounds the value exactly (`withinInt64Max`), and the rounded bound is
 * not checked a second time (its issue would repeat the int64 one).
 */
export function int64BoundsMaximum(schema: {
  readonly format?: unknown
  readonly maximum?: unknown
}): boolean {
  return schema.format === 'int64' && schema.maximum === 2 ** 63
}

/**
 * Formats that are annotations only: they describe a value (`int64` an integer's range, `password` a
 * secret) and are never a reason to reject a string.
 */
export const annotationFormats: readonly string[] = Object.freeze([
  'int32',
  'int64',
  'float',
  'double',
  'password',
])

/**
 * Our format verdicts for ajv: `for (const [name, format] of Object.entries(ajvFormats)) ajv.addFormat(name, format)`.
 * The checked formats are our functions (ajv-formats' `date-time` is looser than RFC 3339); the annotation
 * formats are `true`, which ajv takes as "known, accept any value" (its strict mode rejects an unknown format).
 */
export const ajvFormats: Readonly<Record<string, ((value: string) => boolean) | true>> = Object.freeze({
  ...checkedFormats,
  ...Object.fromEntries(annotationFormats.map((name) => [name, true as const])),
})
