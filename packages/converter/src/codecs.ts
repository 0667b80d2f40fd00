/** How each codec of the mapping tables carries a value to the common model and back. */
import { isIPv4, isIPv6, type Loss } from '@session-schemas/core'
import { copyArray, exactInteger, fromEpochMs, toEpochMs } from '@session-schemas/core/internal'
import type { Codec } from './mappings.js'
import { type OptionNames, optionNames } from './option-names.js'

/** Options that change how values are read. */
export interface CodecOptions {
  /** Unit of NITRO's integer times (`login_time`, `last_activity_time`). Default `seconds`. */
  readonly nitroTimeUnit?: 'seconds' | 'milliseconds'
  /** How messages name the options (a CLI passes its flags). Default: the API's option names. */
  readonly optionNames?: Partial<OptionNames>
}

/** A value the codec cannot carry: it stays in `unmapped` (or is left out), with this loss if any. */
export const UNREPRESENTABLE = Symbol('unrepresentable')
type Result = unknown | typeof UNREPRESENTABLE

const DECIMAL = /^-?(0|[1-9][0-9]*)$/
const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n
/** Epoch seconds this large are almost surely milliseconds (it would be the year 5138). */
const LOOKS_LIKE_MS = 1e11

export type Reporter = (kind: Loss['kind'], message: string) => void

/** The codecs that carry a value as it is, in both directions (checking only its type). */
function asIs(codec: Codec, value: unknown): Result | undefined {
  switch (codec) {
    case 'string':
    case 'datetime':
      return typeof value === 'string' ? value : UNREPRESENTABLE
    case 'boolean':
      return typeof value === 'boolean' ? value : UNREPRESENTABLE
    case 'integer':
      return typeof value === 'number' || typeof value === 'bigint' ? value : UNREPRESENTABLE
    case 'strings':
      return Array.isArray(value) ? copyArray(value) : UNREPRESENTABLE
    default:
      return undefined
  }
}

/** Source value -> common value. */
export function encode(
  codec: Codec,
  value: unknown,
  key: string,
  options: CodecOptions,
  report: Reporter,
): Result {
  const plain = asIs(codec, value)
  if (plain !== undefined) return plain
  switch (codec) {
    case 'relative':
      if (typeof value !== 'number' && typeof value !== 'bigint') return UNREPRESENTABLE
      // The common model holds seconds as int64: NITRO's unbounded integers may not fit.
      if (value > INT64_MAX || value < INT64_MIN) {
        report('invalid', `${key} ${value} is outside the int64 range of the common model; kept in unmapped`)
        return UNREPRESENTABLE
      }
      return value
    case 'int64':
      if (typeof value === 'bigint') return value.toString()
      if (typeof value !== 'number' || !Number.isInteger(value)) return UNREPRESENTABLE
      if (!Number.isSafeInteger(value)) {
        report(
          'precision',
          `${key} ${value} is beyond 2^53 and was already rounded when it was read; read the JSON with parseJson to keep it exact`,
        )
      }
      return BigInt(value).toString()
    case 'address':
      if (typeof value !== 'string') return UNREPRESENTABLE
      if (isIPv4(value) || isIPv6(value)) return { ip: value }
      report('invalid', `${key} ${JSON.stringify(value)} is not an IP address; kept as src_endpoint.name`)
      return { name: value }
    case 'epoch': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return UNREPRESENTABLE
      const unit = options.nitroTimeUnit ?? 'seconds'
      if (unit === 'seconds' && Math.abs(value) >= LOOKS_LIKE_MS) {
        report(
          'invalid',
          `${key} ${value} looks like milliseconds, not seconds; not converted (set ${optionNames(options).nitroMilliseconds} if it is)`,
        )
        return UNREPRESENTABLE
      }
      const text = fromEpochMs(unit === 'seconds' ? value * 1000 : value)
      if (text === undefined) {
        report(
          'invalid',
          `${key} ${value} is outside the years 0000-9999 that RFC 3339 can write; not converted`,
        )
        return UNREPRESENTABLE
      }
      return text
    }
    default:
      return UNREPRESENTABLE
  }
}

/** Common value -> target value. */
export function decode(
  codec: Codec,
  value: unknown,
  key: string,
  options: CodecOptions,
  report: Reporter,
): Result {
  const plain = asIs(codec === 'relative' ? 'integer' : codec, value)
  if (plain !== undefined) return plain
  switch (codec) {
    case 'int64': {
      if (typeof value !== 'string' || !DECIMAL.test(value)) {
        report('invalid', `${JSON.stringify(value)} is not a decimal integer, so it cannot be ${key} (int64)`)
        return UNREPRESENTABLE
      }
      const exact = BigInt(value)
      if (exact > INT64_MAX || exact < INT64_MIN) {
        report('invalid', `${value} is outside the int64 range of ${key}`)
        return UNREPRESENTABLE
      }
      return exactInteger(exact)
    }
    case 'address': {
      const endpoint = value as { ip?: unknown; name?: unknown } | undefined
      const text = endpoint?.ip ?? endpoint?.name
      return typeof text === 'string' ? text : UNREPRESENTABLE
    }
    case 'epoch': {
      if (typeof value !== 'string') return UNREPRESENTABLE
      const epoch = toEpochMs(value)
      if (!epoch) return UNREPRESENTABLE
      const unit = options.nitroTimeUnit ?? 'seconds'
      if (unit === 'milliseconds') {
        if (epoch.lost) report('precision', `${key}: ${value} loses ${epoch.lost} as epoch milliseconds`)
        return epoch.ms
      }
      const seconds = Math.floor(epoch.ms / 1000)
      const lost = [epoch.lost, epoch.ms % 1000 !== 0 ? 'the fraction of a second' : undefined].filter(
        Boolean,
      )
      if (lost.length > 0)
        report('precision', `${key}: ${value} loses ${lost.join(' and ')} as epoch seconds`)
      return seconds
    }
    default:
      return UNREPRESENTABLE
  }
}
