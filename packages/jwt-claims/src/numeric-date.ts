/**
 * RFC 3339 date-time <-> JWT NumericDate (RFC 7519 §2: seconds since 1970-01-01T00:00:00Z, leap seconds
 * ignored). Integer arithmetic on the written parts: `Date.parse` gives NaN on a leap second, and
 * `Date.UTC` reads years 0-99 as 1900-1999.
 */
import { parseDateTime } from '@session-schemas/core'
import { civilFromDays, daysFromCivil } from '@session-schemas/core/internal'

const SECONDS_PER_DAY = 86_400

// RFC 3339 has four-digit years only: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
const MIN_SECONDS = daysFromCivil(0, 1, 1) * SECONDS_PER_DAY
const MAX_SECONDS = daysFromCivil(9999, 12, 31) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1

export interface NumericDateReading {
  /** Whole seconds since the epoch (the fraction is cut, a leap second counts as :59). */
  readonly seconds: number
  /** Why the value does not come back as the same string (empty when it does). */
  readonly notes: readonly string[]
}

/** Reads an RFC 3339 date-time as a NumericDate, saying what the whole-second UTC form loses. */
export function toNumericDate(text: string): NumericDateReading | undefined {
  const parts = parseDateTime(text)
  if (parts === undefined) return undefined
  const notes: string[] = []
  if (parts.second === 60) notes.push('a leap second (:60) counts as :59')
  if (parts.fraction !== '') notes.push(`the fraction .${parts.fraction} is cut to whole seconds`)
  if (!parts.zulu) {
    const offset = text.slice(-6)
    notes.push(
      parts.offsetMinutes === 0 ? `the offset ${offset} becomes Z` : `the offset ${offset} becomes UTC (Z)`,
    )
  }
  const seconds =
    daysFromCivil(parts.year, parts.month, parts.day) * SECONDS_PER_DAY +
    parts.hour * 3600 +
    parts.minute * 60 +
    Math.min(parts.second, 59) -
    parts.offsetMinutes * 60
  const canonical = fromNumericDate(seconds)
  if (text[10] === 't' || text.endsWith('z')) notes.push('a lowercase t or z becomes uppercase')
  if (canonical === undefined) notes.push('outside the years 0000-9999 once converted to UTC')
  else if (canonical.text !== text && notes.length === 0) notes.push(`written back as ${canonical.text}`)
  return { seconds, notes }
}

export interface DateTimeWriting {
  /** The RFC 3339 form, in UTC with `Z`. */
  readonly text: string
  /** Whether the value was written exactly (a fraction that has no short decimal form is cut). */
  readonly exact: boolean
}

/**
 * Writes a NumericDate as RFC 3339 in UTC (`2024-05-01T12:00:00Z`). A fraction is kept as written in
 * JSON (`1714564800.25` gives `...:00.25Z`). Undefined outside the years 0000-9999.
 */
export function fromNumericDate(value: number | bigint): DateTimeWriting | undefined {
  const n = Number(value)
  if (!Number.isFinite(n)) return undefined
  const seconds = Math.floor(n)
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return undefined
  let fraction = ''
  let exact = true
  if (seconds !== n) {
    // The shortest decimal form of the number is what its JSON text said.
    const written = /^\d+\.(\d+)$/.exec(String(n))
    if (written) fraction = `.${written[1]}`
    else exact = false
  }
  const days = Math.floor(seconds / SECONDS_PER_DAY)
  const rest = seconds - days * SECONDS_PER_DAY
  const [year, month, day] = civilFromDays(days)
  const pad = (v: number, width = 2) => String(v).padStart(width, '0')
  const time = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`
  return { text: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${fraction}Z`, exact }
}
