/** Signing through jose: the claims must match `jwt/Claims`, the algorithm is explicit and never `none`. */
import { bigintsToStrings, type Exact } from '@session-schemas/core'
import { SignJWT } from 'jose'
import { checkSigningAlgorithm, type JwsAlgorithm } from './algorithms.js'
import type { Claims } from './generated/Claims.gen.js'
import { type Key, signingKey } from './keys.js'
import { checkClaimsSchema } from './validate.js'

export interface SignOptions {
  /** The algorithm, e.g. `ES256`. Required; `none` is refused. */
  readonly alg: JwsAlgorithm
  /** The `typ` header: `at+jwt` for an RFC 9068 access token, `JWT` otherwise (default: no `typ`). */
  readonly typ?: string
  /** The `kid` header, so that a verifier with a JWKS finds the key. */
  readonly kid?: string
}

/**
 * Signs a claims set as a JWS compact JWT. The claims are checked against `jwt/Claims` first (a
 * `ClaimsError` with reason `invalid` otherwise) and signed as given: no claim is added. Exact bigints
 * (int64 values beyond 2^53) are written as decimal strings, the claims' int64 convention.
 */
export async function sign(claims: Claims | Exact<Claims>, key: Key, options: SignOptions): Promise<string> {
  const alg = checkSigningAlgorithm(options?.alg)
  checkClaimsSchema(claims)
  const payload = bigintsToStrings(claims) as Record<string, unknown>
  const header: { alg: string; typ?: string; kid?: string } = { alg }
  if (options.typ !== undefined) header.typ = options.typ
  if (options.kid !== undefined) header.kid = options.kid
  return new SignJWT(payload).setProtectedHeader(header).sign(signingKey(key, alg))
}
