/**
 * RFC 3339 strings to epoch milliseconds and back, saying what precision was lost. Integer arithmetic on
 * the written parts: `Date.parse` gives NaN on a leap second, and `Date.UTC` reads years 0-99 as 19xx.
 */
import { parseDateTime } from './formats.js'

const MS_PER_DAY = 86_400_000
/** Epoch milliseconds of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z: RFC 3339 years are 4 digits. */
const MIN_MS = -62_167_219_200_000
const MAX_MS = 253_402_300_800_000

export interface EpochResult {
  readonly ms: number
  /** What the epoch value cannot keep of the string (sub-millisecond digits, a leap second), or undefined. */
  readonly lost: string | undefined
}

/** Days from 1970-01-01 to a proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Howard Hinnant's algorithm: exact for every proleptic Gregorian year, no Date involved.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Epoch milliseconds of an RFC 3339 date-time; undefined if it is not one. */
export function toEpochMs(value: string): EpochResult | undefined {
  const parts = parseDateTime(value)
  if (!parts) return undefined
  const lost: string[] = []
  let second = parts.second
  let extraMs = 0
  if (second === 60) {
    // Epoch time has no leap second: 23:59:60.5 becomes 23:59:59.999.
    second = 59
    extraMs = 999
    lost.push('a leap second (:60 became :59.999)')
  }
  const fraction = parts.fraction
  const ms = extraMs || (fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0)
  if (!extraMs && fraction.length > 3 && /[1-9]/.test(fraction.slice(3)))
    lost.push(`sub-millisecond digits (.${fraction})`)
  const days = daysFromCivil(parts.year, parts.month, parts.day)
  const total =
    days * MS_PER_DAY + ((parts.hour * 60 + parts.minute - parts.offsetMinutes) * 60 + second) * 1000 + ms
  return { ms: total, lost: lost.length ? lost.join(' and ') : undefined }
}

/** The proleptic Gregorian date of a day count from 1970-01-01. */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp + (mp < 10 ? 3 : -9)
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day]
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The RFC 3339 UTC string of epoch milliseconds (`.sss` only when there are milliseconds); undefined outside years 0000-9999. */
export function fromEpochMs(ms: number): string | undefined {
  if (!Number.isSafeInteger(ms) || ms < MIN_MS || ms >= MAX_MS) return undefined
  const days = Math.floor(ms / MS_PER_DAY)
  const rest = ms - days * MS_PER_DAY
  const [year, month, day] = civilFromDays(days)
  const h = Math.floor(rest / 3_600_000)
  const m = Math.floor((rest % 3_600_000) / 60_000)
  const s = Math.floor((rest % 60_000) / 1000)
  const milli = rest % 1000
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}${milli ? `.${pad(milli, 3)}` : ''}Z`
}
