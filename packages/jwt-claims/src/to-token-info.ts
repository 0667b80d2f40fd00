/**
 * JWT claims -> XiqApiTokenInfo: the reverse of `tokenInfoToClaims`. All seven required fields must be
 * readable from the claims, or a `TokenInfoError` names the ones that are not: never a partial object.
 */
import { type Conversion, type Exact, type Loss, toPointer, ValidationError } from '@session-schemas/core'
import { defineValue } from '@session-schemas/core/internal'
import {
  model as tokenInfoModel,
  schema as tokenInfoSchema,
  type XiqApiTokenInfo,
} from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import { REGISTERED_CLAIMS, UNSAFE_KEYS } from './claim-names.js'
import { TokenInfoError, type TokenInfoField } from './errors.js'
import { type Claims, model as claimsModel } from './generated/Claims.gen.js'
import { claimToInt64 } from './int64.js'
import { fromNumericDate } from './numeric-date.js'
import { splitScope } from './scope.js'

export interface ClaimsToTokenInfoOptions {
  /**
   * The reference time for `expires_in` (`exp - now`, reported as `derived`). Without it, `expires_in` is
   * left out: the conversion does not read the clock.
   */
  readonly now?: Date
}

const TOKEN_INFO_FIELDS: ReadonlySet<string> = new Set(Object.keys(tokenInfoSchema.properties))

/**
 * Maps a JWT claims set (validated first) to an XiqApiTokenInfo. Claims with no place in it (`iss`,
 * `aud`, `jti`, `nbf`, ...) are reported as `dropped` and kept in `unmapped`; unregistered claims stay in
 * the object as drift. int64 ids come back as numbers, or exact bigints beyond 2^53.
 * @throws ValidationError when `claims` is not a valid `jwt/Claims`.
 * @throws TokenInfoError naming every required field the claims cannot supply.
 */
export function claimsToTokenInfo(
  claims: Claims | Exact<Claims>,
  options: ClaimsToTokenInfoOptions = {},
): Conversion<Exact<XiqApiTokenInfo>> {
  const now = options.now
  if (now !== undefined && !(now instanceof Date && Number.isFinite(now.getTime())))
    throw new TypeError('now must be a valid Date')
  if (!claimsModel.check(claims)) throw new ValidationError(claimsModel.id, claimsModel.errors(claims))
  const source = claims as Record<string, unknown>
  const losses: Loss[] = []
  const unmapped: Record<string, unknown> = {}
  const problems: TokenInfoField[] = []
  const used = new Set<string>()
  const take = (claim: string): unknown => {
    used.add(claim)
    return source[claim]
  }
  const missing = (field: string, claim: string) =>
    problems.push({ field, claim, problem: 'missing', message: 'missing' })

  const userName = take('sub')
  if (typeof userName !== 'string') missing('user_name', 'sub')
  const userId = int64Field(take('user_id'), 'user_id', problems, losses)
  const role = roleField(source, take, losses)
  if (role === undefined) missing('role', 'role')
  const ownerId = int64Field(take('owner_id'), 'owner_id', problems, losses)
  const dataCenter = take('data_center')
  if (typeof dataCenter !== 'string') missing('data_center', 'data_center')

  const scope = take('scope')
  if (scope === undefined)
    losses.push({ path: '/scopes', kind: 'derived', message: 'no scope claim: scopes is empty' })
  const scopes = typeof scope === 'string' ? splitScope(scope) : []

  const iat = take('iat')
  let issuedAt: string | undefined
  if (iat === undefined) missing('issued_at', 'iat')
  else {
    issuedAt = dateTime(iat as number | bigint, 'iat', losses)
    if (issuedAt === undefined)
      problems.push({
        field: 'issued_at',
        claim: 'iat',
        problem: 'invalid',
        message: `${String(iat)} is outside the years 0000-9999 of RFC 3339`,
      })
  }

  const exp = take('exp') as number | bigint | undefined
  let expirationTime: string | undefined
  let expiresIn: number | undefined
  if (exp !== undefined) {
    expirationTime = dateTime(exp, 'exp', losses)
    if (expirationTime === undefined) {
      defineValue(unmapped, 'exp', exp)
      losses.push({
        path: '/exp',
        kind: 'invalid',
        message: `${String(exp)} is outside the years 0000-9999 of RFC 3339: no expiration_time`,
      })
    } else if (now !== undefined) {
      expiresIn = Math.floor(Number(exp)) - Math.floor(now.getTime() / 1000)
      losses.push({
        path: '/expires_in',
        kind: 'derived',
        message: `expires_in is exp - now (now = ${now.toISOString()})`,
      })
    }
  }

  if (problems.length > 0) throw new TokenInfoError(problems)

  const info: Record<string, unknown> = {}
  const set = (key: string, value: unknown) => defineValue(info, key, value)
  set('user_name', userName)
  set('user_id', userId)
  set('role', role)
  set('owner_id', ownerId)
  set('data_center', dataCenter)
  set('scopes', scopes)
  set('issued_at', issuedAt)
  if (expirationTime !== undefined) set('expiration_time', expirationTime)
  if (expiresIn !== undefined) set('expires_in', expiresIn)

  for (const key of Object.keys(source)) {
    if (used.has(key)) continue
    const value = source[key]
    if (UNSAFE_KEYS.has(key) || REGISTERED_CLAIMS.has(key) || TOKEN_INFO_FIELDS.has(key)) {
      defineValue(unmapped, key, value)
      losses.push({
        path: toPointer([key]),
        kind: 'dropped',
        message: UNSAFE_KEYS.has(key)
          ? `${JSON.stringify(key)} is never copied (prototype pollution)`
          : `XiqApiTokenInfo has no place for the claim ${JSON.stringify(key)}`,
      })
    } else {
      set(key, value)
    }
  }

  if (!tokenInfoModel.check(info)) throw new ValidationError(tokenInfoModel.id, tokenInfoModel.errors(info))
  return { value: info as Exact<XiqApiTokenInfo>, losses, unmapped }
}

function int64Field(
  claim: unknown,
  field: string,
  problems: TokenInfoField[],
  losses: Loss[],
): number | bigint | undefined {
  if (claim === undefined) {
    problems.push({ field, claim: field, problem: 'missing', message: 'missing' })
    return undefined
  }
  const reading = claimToInt64(claim)
  if (reading === undefined) {
    problems.push({ field, claim: field, problem: 'invalid', message: 'not a 64-bit integer' })
    return undefined
  }
  if (reading.unsafeNumber)
    losses.push({
      path: `/${field}`,
      kind: 'precision',
      message: `${field} is a JSON number beyond 2^53, possibly rounded when it was read: send it as a decimal string`,
    })
  return reading.value
}

/** `role`, or else the first of RFC 9068's `roles`. */
function roleField(
  source: Record<string, unknown>,
  take: (claim: string) => unknown,
  losses: Loss[],
): string | undefined {
  if (source.role !== undefined) return take('role') as string
  const roles = source.roles as string[] | undefined
  if (roles === undefined || roles.length === 0) return undefined
  // One role is carried over whole; of several, only the first has a place (the rest are dropped below).
  if (roles.length === 1) take('roles')
  losses.push({ path: '/role', kind: 'derived', message: 'no role claim: role is roles[0]' })
  return roles[0]
}

function dateTime(value: number | bigint, claim: string, losses: Loss[]): string | undefined {
  const written = fromNumericDate(value)
  if (written && !written.exact)
    losses.push({
      path: `/${claim}`,
      kind: 'precision',
      message: `${claim} ${String(value)} has a fraction with no short decimal form: cut to whole seconds`,
    })
  return written?.text
}
