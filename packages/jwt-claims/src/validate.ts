/**
 * Claims validation without a signature: the `jwt/Claims` schema, a profile's required claims, and the
 * time rules of RFC 7519 with jose's exact semantics (expired AT the `exp` second).
 */
import type { Exact } from '@session-schemas/core'
import { ClaimsError, JwtError } from './errors.js'
import { type Claims, model as claimsModel } from './generated/Claims.gen.js'
import { MAX_NESTING_DEPTH, memberNestedTooDeep } from './nesting.js'

/** `rfc7519`: every claim optional. `rfc9068`: the access-token profile (RFC 9068 §2.2). */
export type ClaimsProfile = 'rfc7519' | 'rfc9068'

/** The claims RFC 9068 §2.2 requires in an access token. */
export const RFC9068_REQUIRED_CLAIMS: readonly string[] = Object.freeze([
  'iss',
  'exp',
  'aud',
  'sub',
  'client_id',
  'iat',
  'jti',
])

export interface ValidateClaimsOptions {
  /** The current time (an injectable clock). Default: `new Date()`. */
  readonly now?: Date
  /** Seconds of clock skew allowed for `exp`, `nbf` and `iat` (RFC 7519: "a few minutes" at most). Default 0. */
  readonly clockTolerance?: number
  /** Default `rfc7519`. */
  readonly profile?: ClaimsProfile
}

/**
 * Checks a claims set and returns it typed, or throws:
 * - `JwtError` `ERR_JWT_INVALID` / `payload_not_object` when it is not a JSON object, / `too_deep` when
 *   it nests deeper than `MAX_NESTING_DEPTH` levels;
 * - `ClaimsError` `ERR_JWT_CLAIM_VALIDATION_FAILED` / `invalid` when it does not match `jwt/Claims` (with
 *   every schema issue in `issues`), / `missing` when the profile requires a claim that is absent;
 * - `ClaimsError` `ERR_JWT_EXPIRED` / `check_failed` (claim `exp`) when `exp <= now - clockTolerance`;
 * - `ClaimsError` `ERR_JWT_CLAIM_VALIDATION_FAILED` / `check_failed` (claim `nbf` or `iat`) when `nbf` or
 *   `iat` is later than `now + clockTolerance`.
 * Times are compared in whole seconds, `now` rounded down, as jose does.
 */
export function validateClaims(claims: unknown, options: ValidateClaimsOptions = {}): Exact<Claims> {
  const now = epochSeconds(options.now)
  const tolerance = checkTolerance(options.clockTolerance)
  const profile = options.profile ?? 'rfc7519'
  if (profile !== 'rfc7519' && profile !== 'rfc9068')
    throw new TypeError(`unknown profile ${String(profile)}`)

  const set = checkClaimsSchema(claims)

  if (profile === 'rfc9068') {
    for (const claim of RFC9068_REQUIRED_CLAIMS)
      if (!Object.hasOwn(set, claim))
        throw new ClaimsError(
          'ERR_JWT_CLAIM_VALIDATION_FAILED',
          claim,
          'missing',
          `missing required "${claim}" claim (RFC 9068 §2.2)`,
        )
  }

  // The schema guarantees numbers here (or exact bigints, which compare with numbers as they should).
  // The order is jose's: nbf, then exp.
  if (set.nbf !== undefined && set.nbf > now + tolerance)
    throw new ClaimsError(
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
      'nbf',
      'check_failed',
      '"nbf" claim timestamp check failed (not valid yet)',
    )
  if (set.exp !== undefined && set.exp <= now - tolerance)
    throw new ClaimsError('ERR_JWT_EXPIRED', 'exp', 'check_failed', '"exp" claim timestamp check failed')
  if (set.iat !== undefined && set.iat > now + tolerance)
    throw new ClaimsError(
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
      'iat',
      'check_failed',
      '"iat" claim timestamp check failed (it should be in the past)',
    )
  return set
}

/**
 * The structure check alone: a JSON object, nested at most `MAX_NESTING_DEPTH` levels, matching
 * `jwt/Claims`; or a `JwtError` (`payload_not_object`, `too_deep`) or `ClaimsError` (`invalid`, naming
 * the first offending claim, with every issue).
 */
export function checkClaimsSchema(claims: unknown): Exact<Claims> {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    throw new JwtError(
      'ERR_JWT_INVALID',
      'payload_not_object',
      'JWT Claims Set must be a top-level JSON object',
    )
  if (memberNestedTooDeep(claims) !== undefined)
    throw new JwtError(
      'ERR_JWT_INVALID',
      'too_deep',
      `the claims set nests deeper than ${MAX_NESTING_DEPTH} levels`,
    )
  if (!claimsModel.check(claims)) {
    const issues = claimsModel.errors(claims)
    const first = issues[0]
    const claim = first?.path.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~') ?? ''
    throw new ClaimsError(
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim,
      'invalid',
      `claims do not match jwt/Claims: ${first ? `${first.path} ${first.message}` : 'invalid'}`,
      { issues },
    )
  }
  return claims as Exact<Claims>
}

/** Whole seconds since the epoch, rounded down (jose's `epoch`). */
export function epochSeconds(date: Date | undefined): number {
  const now = date ?? new Date()
  if (!(now instanceof Date) || !Number.isFinite(now.getTime()))
    throw new TypeError('now must be a valid Date')
  return Math.floor(now.getTime() / 1000)
}

export function checkProfile(profile: ClaimsProfile | undefined): ClaimsProfile {
  if (profile === undefined) return 'rfc7519'
  if (profile !== 'rfc7519' && profile !== 'rfc9068')
    throw new TypeError(`unknown profile ${String(profile)}`)
  return profile
}

export function checkTolerance(value: number | undefined): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new TypeError('clockTolerance must be a finite, non-negative number of seconds')
  return value
}
