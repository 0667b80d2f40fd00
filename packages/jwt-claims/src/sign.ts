/** Signing through jose: the claims must match `jwt/Claims`, the algorithm is explicit and never `none`. */
import type { Exact } from '@session-schemas/core'
import { bigintsToStrings } from '@session-schemas/core/internal'
import { checkSigningAlgorithm, type JwsAlgorithm } from './algorithms.js'
import { ClaimsError } from './errors.js'
import type { Claims } from './generated/Claims.gen.js'
import { fromJoseError } from './jose-errors.js'
import { checkKey, type Key } from './keys.js'
import { checkClaimsSchema } from './validate.js'

/** The registered claims that are NumericDates (RFC 7519 §4.1, OpenID Connect's auth_time). */
const NUMERIC_DATES = ['exp', 'nbf', 'iat', 'auth_time'] as const

export interface SignOptions {
  /** The algorithm, e.g. `ES256`. Required; `none` is refused. */
  readonly alg: JwsAlgorithm
  /** The `typ` header: `at+jwt` for an RFC 9068 access token, `JWT` otherwise (default: no `typ`). */
  readonly typ?: string
  /** The `kid` header, so that a verifier with a JWKS finds the key. */
  readonly kid?: string
}

/**
 * Signs a claims set as a JWS compact JWT. The key must fit the algorithm (`checkKey`: a `JwtError` with
 * reason `key_mismatch` otherwise, or `not_supported`), the claims must match `jwt/Claims` (a
 * `ClaimsError` with reason `invalid`) and nest at most `MAX_NESTING_DEPTH` levels (`too_deep`); they
 * are signed as given: no claim is added. Exact bigints (int64 values beyond 2^53) are written as decimal
 * strings, the claims' int64 convention. A `TypeError` means the options themselves are wrong.
 */
export async function sign(claims: Claims | Exact<Claims>, key: Key, options: SignOptions): Promise<string> {
  const alg = checkSigningAlgorithm(options?.alg)
  for (const name of ['typ', 'kid'] as const)
    if (options[name] !== undefined && typeof options[name] !== 'string')
      throw new TypeError(`${name} must be a string`)
  checkKey(key, alg, 'sign')
  checkClaimsSchema(claims)
  for (const claim of NUMERIC_DATES)
    if (typeof (claims as Record<string, unknown>)[claim] === 'bigint')
      throw new ClaimsError(
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
        claim,
        'invalid',
        `${claim} is beyond 2^53 seconds: a NumericDate is a JSON number, and no double holds it exactly`,
      )
  const payload = bigintsToStrings(claims) as Record<string, unknown>
  // What is signed is what was checked: the int64 convention may only have turned int64 claims into strings.
  checkClaimsSchema(payload)
  const header: { alg: string; typ?: string; kid?: string } = { alg }
  if (options.typ !== undefined) header.typ = options.typ
  if (options.kid !== undefined) header.kid = options.kid
  try {
    // jose's signing code loads on the first signature, not with this package.
    const { SignJWT } = await import('jose/jwt/sign')
    return await new SignJWT(payload).setProtectedHeader(header).sign(key)
  } catch (error) {
    throw fromJoseError(error, alg)
  }
}
