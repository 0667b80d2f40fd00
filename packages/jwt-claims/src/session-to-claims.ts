/**
 * A common session (any vendor, through `@session-schemas/converter`) -> JWT claims: `sub`, `sid`, `iat`,
 * `auth_time` and `exp` where the session has them, `name` and `locale` from the IANA registry; every
 * other field is reported as `dropped`.
 */
import { type CommonSession, commonModel, REDACTED } from '@session-schemas/converter'
import { leafPaths } from '@session-schemas/converter/internal'
import { type Conversion, type Loss, ValidationError } from '@session-schemas/core'
import { defineValue } from '@session-schemas/core/internal'
import { type Claims, model as claimsModel } from './generated/Claims.gen.js'
import { toNumericDate } from './numeric-date.js'

export interface SessionToClaimsOptions {
  /** `iss`: the issuer (the session's API host, for example). */
  readonly issuer?: string
  /** `aud`: the audience, one or several. */
  readonly audience?: string | readonly string[]
}

/** Common fields that become claims; every other present field is reported as dropped. */
const TAKEN = new Set([
  'source',
  'user.name',
  'user.uid',
  'user.full_name',
  'session.uid',
  'session.created_time_dt',
  'session.expiration_time_dt',
  'session.locale',
])

export function sessionToClaims(
  common: CommonSession,
  options: SessionToClaimsOptions = {},
): Conversion<Claims> {
  const model = commonModel()
  if (!model.check(common)) throw new ValidationError(model.id, model.errors(common))
  const losses: Loss[] = []
  const claims: Record<string, unknown> = {}
  const set = (key: string, value: unknown) => defineValue(claims, key, value)
  const session = common.session ?? {}
  const user = common.user ?? {}
  const time = (path: string, text: string, claim: string): number => {
    const reading = toNumericDate(text)!
    if (reading.notes.length > 0)
      losses.push({ path, kind: 'precision', message: `${claim}: ${reading.notes.join('; ')}` })
    return reading.seconds
  }

  if (options.issuer !== undefined) set('iss', options.issuer)
  // sub: the user name, as in XIQ's own tokens; the user id when there is no name.
  if (user.name !== undefined) set('sub', user.name)
  else if (user.uid !== undefined) {
    set('sub', user.uid)
    losses.push({
      path: '/user/uid',
      kind: 'derived',
      message: 'sub is the user id: the session has no user name',
    })
  }
  if (user.name !== undefined && user.uid !== undefined) {
    losses.push({
      path: '/user/uid',
      kind: 'dropped',
      message: 'user.uid has no registered claim (sub is the user name)',
    })
  }
  if (options.audience !== undefined)
    set('aud', typeof options.audience === 'string' ? options.audience : [...options.audience])
  if (session.uid !== undefined) {
    // A redacted session id is no identifier: leave sid out rather than write "<redacted>".
    if (session.uid === REDACTED)
      losses.push({
        path: '/session/uid',
        kind: 'redacted',
        message: 'sid left out: the session id was redacted',
      })
    else set('sid', session.uid)
  }
  if (session.created_time_dt !== undefined) {
    set('iat', time('/session/created_time_dt', session.created_time_dt, 'iat'))
    // A token's issue time is not a login; every other source's creation time is the login.
    if (common.source.model !== 'extremecloudiq/XiqApiTokenInfo') set('auth_time', claims.iat)
  }
  if (session.expiration_time_dt !== undefined)
    set('exp', time('/session/expiration_time_dt', session.expiration_time_dt, 'exp'))
  if (user.full_name !== undefined) set('name', user.full_name)
  if (session.locale !== undefined) set('locale', session.locale)

  for (const path of leafPaths(common)) {
    if (TAKEN.has(path) || path.startsWith('source.')) continue
    losses.push({ path: `/${path.replaceAll('.', '/')}`, kind: 'dropped', message: `${path} has no claim` })
  }
  if (!claimsModel.check(claims)) throw new ValidationError(claimsModel.id, claimsModel.errors(claims))
  return { value: claims as Claims, losses, unmapped: {} }
}
