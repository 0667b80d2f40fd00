/**
 * common/Session -> an OCSF 1.8.0 Authentication event (class 3002): `user`, `session`, `src_endpoint`,
 * `http_request.user_agent`, epoch-millisecond times with their RFC 3339 `_dt` siblings, and everything
 * OCSF has no attribute for in `unmapped`.
 */
import { type Conversion, type Loss, ValidationError } from '@session-schemas/core'
import { defineValue, toEpochMs } from '@session-schemas/core/internal'
import { ConversionError, InvalidTargetError, MissingFieldsError } from './errors.js'
import type { Authentication } from './generated/Authentication.gen.js'
import { model as authentication } from './generated/Authentication.gen.js'
import { products } from './generated/manifest.gen.js'
import type { OptionNames } from './option-names.js'
import { commonModel, sourceModelOf } from './registry.js'
import { redactSecrets } from './secrets.js'
import type { CommonSession } from './types.js'

export interface OcsfProduct {
  readonly name: string
  readonly vendor_name?: string
  readonly version?: string
}

export interface OcsfOptions {
  /** Who issued the session (OCSF session.issuer), e.g. the API's host name. */
  readonly issuer?: string
  /** The reporting product (OCSF metadata.product); by default the source vendor's product. */
  readonly product?: OcsfProduct
  /**
   * Keep secrets (session tokens and ids) that the common session still holds. Default false: they
   * become "<redacted>", also under a secret name in `unmapped` (`Token`, `sessionId`).
   */
  readonly includeSecrets?: boolean
  /** How messages name the options (a CLI passes its flags). Default: the API's option names. */
  readonly optionNames?: Partial<OptionNames>
}

export const OCSF_MODEL = 'ocsf/Authentication'

/** Each vendor's product, from the owner entries (generated): a new vendor needs no edit here. */
const PRODUCTS: Readonly<Record<CommonSession['source']['vendor'], OcsfProduct>> = products

/** Session attributes OCSF's session object has no place for: they go to `unmapped.session`. */
const SESSION_EXTENSIONS = [
  'last_activity_time_dt',
  'idle_expiration_time_dt',
  'end_time_dt',
  'expires_in',
  'idle_timeout',
  'status',
  'login_type',
  'is_external_auth',
  'is_self',
  'is_extension',
  'call_count',
  'locale',
  'message_locale',
] as const

/** `value` without its undefined members, or undefined if none is left (a loop: it runs per record). */
function defined<T extends object>(value: T): T | undefined {
  let kept: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key]
    if (member === undefined) continue
    kept ??= {}
    defineValue(kept, key, member)
  }
  return kept as T | undefined
}

export function toOcsf(common: CommonSession, options: OcsfOptions = {}): Conversion<Authentication> {
  const model = commonModel()
  if (!model.check(common)) throw new ValidationError(model.id, model.errors(common))
  const losses: Loss[] = []
  const session = common.session ?? {}

  const time = (path: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined
    const epoch = toEpochMs(value)
    if (!epoch) return undefined
    if (epoch.lost)
      losses.push({
        path,
        kind: 'precision',
        message: `${value} loses ${epoch.lost} as OCSF epoch milliseconds (the _dt sibling keeps it)`,
      })
    return epoch.ms
  }

  const eventTimeDt = session.created_time_dt ?? session.last_activity_time_dt
  if (eventTimeDt === undefined) {
    throw new ConversionError(
      'ERR_NO_TIME',
      'an OCSF event needs a time: the session has neither a created nor a last-activity time',
    )
  }
  const user = common.user ?? {}
  if (user.name === undefined && user.uid === undefined) {
    throw new MissingFieldsError(OCSF_MODEL, ['user.name', 'user.uid'], common.source.model)
  }
  const ended = session.end_time_dt !== undefined && !session.end_time_dt.startsWith('0001-01-01')
  const activity = ended ? 2 : 1
  const product = options.product ?? PRODUCTS[common.source.vendor]

  const extensions = Object.fromEntries(
    SESSION_EXTENSIONS.filter((k) => session[k] !== undefined).map((k) => [k, session[k]]),
  )
  const unmapped = defined({
    session: Object.keys(extensions).length > 0 ? extensions : undefined,
    authorization: common.authorization,
    vendor: common.unmapped,
  })

  const event = {
    activity_id: activity,
    activity_name: activity === 1 ? 'Logon' : 'Logoff',
    category_uid: 3,
    category_name: 'Identity & Access Management',
    class_uid: 3002,
    class_name: 'Authentication',
    type_uid: 300200 + activity,
    type_name: `Authentication: ${activity === 1 ? 'Logon' : 'Logoff'}`,
    severity_id: 1,
    severity: 'Informational',
    time: time(
      session.created_time_dt ? '/session/created_time_dt' : '/session/last_activity_time_dt',
      eventTimeDt,
    ),
    time_dt: eventTimeDt,
    metadata: {
      version: '1.8.0',
      product: { ...product },
      profiles: ['datetime'],
      log_name: common.source.model,
    },
    user: defined({
      name: user.name,
      uid: user.uid,
      full_name: user.full_name,
      org: user.org && defined({ ...user.org }),
    }),
    session: defined({
      uid: session.uid,
      uid_alt: session.uid_alt,
      credential_uid: session.credential_uid,
      issuer: options.issuer,
      created_time: time('/session/created_time_dt', session.created_time_dt),
      created_time_dt: session.created_time_dt,
      expiration_time: time('/session/expiration_time_dt', session.expiration_time_dt),
      expiration_time_dt: session.expiration_time_dt,
    }),
    src_endpoint: common.src_endpoint && defined({ ...common.src_endpoint }),
    http_request: common.http_request && defined({ ...common.http_request }),
    service: { name: product.name },
    unmapped,
  }
  const built = defined(event) as Authentication
  const value = options.includeSecrets
    ? built
    : redactSecrets(authentication, built, losses, {
        optionNames: options.optionNames ?? {},
        // The common session's `unmapped` (the source record's fields) is judged by the source's schema.
        sourceFields: { at: ['unmapped', 'vendor'], model: sourceModelOf(common) },
      })
  // Times were computed twice for created_time (event time and session time): report each loss once.
  const unique = losses.filter(
    (l, i) => losses.findIndex((m) => m.path === l.path && m.message === l.message) === i,
  )
  if (!authentication.check(value)) throw new InvalidTargetError(OCSF_MODEL, authentication.errors(value))
  return { value, losses: unique, unmapped: (value.unmapped as Record<string, unknown>) ?? {} }
}
