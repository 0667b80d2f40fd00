/**
 * XiqApiTokenInfo -> JWT claims, as XIQ's own tokens carry them: `sub` is the user name, `user_id`,
 * `role`, `owner_id` and `data_center` are private claims, `scope` is the space-joined `scopes`.
 */

import { type RedactOptions, redactSecrets } from '@session-schemas/converter/secrets'
import { type Conversion, type Exact, type Loss, toPointer, ValidationError } from '@session-schemas/core'
import { defineValue } from '@session-schemas/core/internal'
import {
  model as tokenInfoModel,
  schema as tokenInfoSchema,
  type XiqApiTokenInfo,
} from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import { REGISTERED_CLAIMS, UNSAFE_KEYS } from './claim-names.js'
import { type Claims, model as claimsModel } from './generated/Claims.gen.js'
import { int64ToClaim } from './int64.js'
import { MAX_NESTING_DEPTH, memberNestedTooDeep } from './nesting.js'
import { toNumericDate } from './numeric-date.js'
import { isScopeToken } from './scope.js'

/** What XiqApiTokenInfo does not say and an RFC 9068 access token needs: the caller supplies it. */
export interface TokenInfoToClaimsOptions {
  /** `iss`: the issuer, e.g. `https://extremecloudiq.com`. */
  readonly issuer?: string
  /** `aud`: the audience, one or several. */
  readonly audience?: string | readonly string[]
  /** `jti`: a unique id for this token. */
  readonly jti?: string
  /** `client_id`: the OAuth 2.0 client. */
  readonly clientId?: string
  /**
   * Keep the values of unknown fields with a secret name (`token`, `sessionId`, `key`, in any casing) in
   * the claims. Default: they become `"<redacted>"`, each reported as a `redacted` loss.
   */
  readonly includeSecrets?: boolean
  /** How the losses name `includeSecrets` (a CLI passes `--include-secrets`). */
  readonly optionNames?: RedactOptions['optionNames']
}

const TOKEN_INFO_FIELDS: ReadonlySet<string> = new Set(Object.keys(tokenInfoSchema.properties))

/**
 * Maps an XiqApiTokenInfo (validated first) to a JWT claims set. Every loss is reported: sub-second
 * digits, offsets and leap seconds of the times (`precision`), `expires_in` (`relative`: `exp` carries the
 * absolute time), scopes that are not RFC 6749 scope-tokens (`invalid`, left out of `scope`), and unknown
 * fields whose names are registered claims or unsafe keys (`dropped`; other unknown fields become claims, a
 * secret-named one redacted unless `includeSecrets`).
 * int64 ids beyond 2^53 become decimal strings. With `issuer`, `audience`, `jti`, `clientId` and an
 * `expiration_time`, the result is an RFC 9068 access-token claims set. An unknown field that would make
 * the claims nest deeper than `MAX_NESTING_DEPTH` is a `ValidationError` (keyword `maxDepth`).
 */
export function tokenInfoToClaims(
  info: XiqApiTokenInfo | Exact<XiqApiTokenInfo>,
  options: TokenInfoToClaimsOptions = {},
): Conversion<Claims> {
  checkOptions(options)
  if (!tokenInfoModel.check(info)) throw new ValidationError(tokenInfoModel.id, tokenInfoModel.errors(info))
  const losses: Loss[] = []
  // Unknown fields become claims, and claims are signed and passed on: a secret among them is redacted first.
  const source = (
    options.includeSecrets
      ? info
      : redactSecrets(
          tokenInfoModel,
          info,
          losses,
          options.optionNames ? { optionNames: options.optionNames } : {},
        )
  ) as Exact<XiqApiTokenInfo>
  const unmapped: Record<string, unknown> = {}
  const claims: Record<string, unknown> = {}
  const set = (key: string, value: unknown) => defineValue(claims, key, value)

  if (options.issuer !== undefined) set('iss', options.issuer)
  set('sub', source.user_name)
  if (options.audience !== undefined)
    set('aud', typeof options.audience === 'string' ? options.audience : [...options.audience])
  if (options.clientId !== undefined) set('client_id', options.clientId)
  if (options.jti !== undefined) set('jti', options.jti)
  set('iat', numericDate(source.issued_at, 'issued_at', 'iat', losses))
  if (source.expiration_time !== undefined)
    set('exp', numericDate(source.expiration_time, 'expiration_time', 'exp', losses))
  if (source.expires_in !== undefined) {
    defineValue(unmapped, 'expires_in', source.expires_in)
    losses.push({
      path: '/expires_in',
      kind: 'relative',
      message: 'expires_in is relative to when the response was made: not a claim (exp is the absolute time)',
    })
  }

  const scopes: string[] = []
  source.scopes.forEach((scope, i) => {
    if (isScopeToken(scope)) scopes.push(scope)
    else
      losses.push({
        path: `/scopes/${i}`,
        kind: 'invalid',
        message: `${JSON.stringify(scope)} is not an RFC 6749 §3.3 scope-token (empty, or a space, double quote, backslash, control or non-ASCII character): left out of scope`,
      })
  })
  // RFC 6749 §3.3 has no empty scope: no scopes, no claim.
  if (scopes.length > 0) set('scope', scopes.join(' '))

  set('user_id', int64(source.user_id, 'user_id', losses))
  set('role', source.role)
  set('owner_id', int64(source.owner_id, 'owner_id', losses))
  set('data_center', source.data_center)

  for (const key of Object.keys(source)) {
    if (TOKEN_INFO_FIELDS.has(key)) continue
    const value = (source as Record<string, unknown>)[key]
    if (UNSAFE_KEYS.has(key) || REGISTERED_CLAIMS.has(key)) {
      defineValue(unmapped, key, value)
      losses.push({
        path: toPointer([key]),
        kind: 'dropped',
        message: UNSAFE_KEYS.has(key)
          ? `${JSON.stringify(key)} is never copied into claims (prototype pollution)`
          : `${JSON.stringify(key)} is a registered or mapped claim name: the field cannot become that claim`,
      })
    } else {
      set(key, value)
    }
  }

  // An unknown field nested deeper than any JWT may carry: refused here rather than by sign later.
  const deep = memberNestedTooDeep(claims)
  if (deep !== undefined)
    throw new ValidationError(claimsModel.id, [
      {
        path: toPointer([deep]),
        keyword: 'maxDepth',
        message: `nested deeper than ${MAX_NESTING_DEPTH} levels: sign and verify refuse such a claims set`,
      },
    ])
  // The options and the mapping above can only produce valid claims; say so loudly if they ever do not.
  if (!claimsModel.check(claims)) throw new ValidationError(claimsModel.id, claimsModel.errors(claims))
  return { value: claims, losses, unmapped }
}

function numericDate(text: string, field: string, claim: string, losses: Loss[]): number {
  const reading = toNumericDate(text)!
  if (reading.notes.length > 0)
    losses.push({
      path: `/${field}`,
      kind: 'precision',
      message: `${field} ${JSON.stringify(text)} is ${claim} ${reading.seconds}: ${reading.notes.join('; ')}`,
    })
  return reading.seconds
}

function int64(value: number | bigint, field: string, losses: Loss[]): number | string {
  const { claim, unsafeNumber } = int64ToClaim(value)
  if (unsafeNumber)
    losses.push({
      path: `/${field}`,
      kind: 'precision',
      message: `${field} is a number beyond 2^53, possibly rounded when it was read (read XIQ JSON with parseJson): written as the decimal string "${claim}"`,
    })
  return claim
}

function checkOptions(options: TokenInfoToClaimsOptions): void {
  for (const name of ['issuer', 'jti', 'clientId'] as const) {
    const value = options[name]
    if (value !== undefined && typeof value !== 'string') throw new TypeError(`${name} must be a string`)
  }
  const { audience } = options
  if (
    audience !== undefined &&
    typeof audience !== 'string' &&
    !(Array.isArray(audience) && audience.every((a) => typeof a === 'string'))
  )
    throw new TypeError('audience must be a string or an array of strings')
}
