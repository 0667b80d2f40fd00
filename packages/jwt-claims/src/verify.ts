/**
 * Signature and claims verification through jose, with the guards RFC 8725 asks for: a size limit checked
 * before decoding, an explicit algorithm allow-list, `none` never accepted, issuer/audience/typ checks,
 * clock tolerance and an injectable clock. The payload that passes is re-read with exact integers and
 * must match `jwt/Claims`.
 */
import type { Conversion, Exact } from '@session-schemas/core'
import type { XiqApiTokenInfo } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import type { JWTHeaderParameters, JWTVerifyResult } from 'jose'
import { checkAlgorithms, isKnownAlgorithm, isNone, type JwsAlgorithm } from './algorithms.js'
import { JwtError } from './errors.js'
import type { Claims } from './generated/Claims.gen.js'
import { fromJoseError } from './jose-errors.js'
import { type VerifyKey, verificationKey } from './keys.js'
import { claimsToTokenInfo } from './to-token-info.js'
import { readHeader, readPayload, tokenParts } from './token-shape.js'
import {
  type ClaimsProfile,
  checkProfile,
  checkTolerance,
  epochSeconds,
  RFC9068_REQUIRED_CLAIMS,
  validateClaims,
} from './validate.js'

export interface VerifyOptions {
  /** Required: the algorithms accepted, e.g. `['RS256']`. There is no default, and `none` is refused. */
  readonly algorithms: readonly JwsAlgorithm[]
  /** Expected `iss` (one of them, when a list); makes `iss` required. */
  readonly issuer?: string | readonly string[]
  /** Expected audience: `aud` must contain it (or one of them); makes `aud` required. */
  readonly audience?: string | readonly string[]
  /** Expected `sub`; makes `sub` required. */
  readonly subject?: string
  /** Expected `typ` header, compared as jose does (case-insensitive, `application/` optional). */
  readonly typ?: string
  /** Seconds of clock skew allowed for `exp`, `nbf` and `iat`. Default 0; keep it small (60 or less). */
  readonly clockTolerance?: number
  /** The current time (an injectable clock). Default: `new Date()`. */
  readonly currentDate?: Date
  /** Claims that must be present. */
  readonly requiredClaims?: readonly string[]
  /**
   * `rfc9068`: the access-token profile: `iss exp aud sub client_id iat jti` are required and `typ` must be
   * `at+jwt` (unless `typ` says otherwise). Default `rfc7519`.
   */
  readonly profile?: ClaimsProfile
  /**
   * Longest token accepted, in characters, checked before anything is decoded. Default
   * `DEFAULT_MAX_TOKEN_LENGTH` (16 KiB).
   */
  readonly maxTokenLength?: number
}

export interface VerifyResult {
  /** The claims set: signature verified, claims checked, matching `jwt/Claims`; int64 claims exact. */
  readonly claims: Exact<Claims>
  /** The protected header. */
  readonly header: JWTHeaderParameters
}

/**
 * Verifies a JWS compact JWT and returns its claims, or throws a `JwtError` (a `ClaimsError` for claim
 * failures) whose `code` and `reason` say why: the token, or a key that cannot verify the token's
 * algorithm (`key_mismatch`, by the same rule as `sign`, for a key given directly and for each key a JWKS
 * or a resolver hands over). A `TypeError` means the options themselves are wrong.
 */
export async function verify(jwt: string, key: VerifyKey, options: VerifyOptions): Promise<VerifyResult> {
  // Options first: a wrong option is a TypeError, never mistaken for a bad token.
  const algorithms = checkAlgorithms(options?.algorithms)
  const tolerance = checkTolerance(options.clockTolerance)
  epochSeconds(options.currentDate)
  const profile = checkProfile(options.profile)
  const [encodedHeader, encodedPayload] = tokenParts(jwt, options.maxTokenLength)

  const header = readHeader(jwt)
  if (encodedHeader === '' || typeof header.alg !== 'string')
    throw new JwtError('ERR_JWS_INVALID', 'malformed', 'the "alg" header is missing')
  if (isNone(header.alg))
    throw new JwtError(
      'ERR_JOSE_ALG_NOT_ALLOWED',
      'alg_none',
      'unsecured JWTs ("alg": "none") are never accepted',
    )
  const alg = header.alg as JwsAlgorithm
  if (!algorithms.includes(alg))
    throw new JwtError(
      'ERR_JOSE_ALG_NOT_ALLOWED',
      'alg_not_allowed',
      // The token's own text is named only when it is an algorithm name.
      `${isKnownAlgorithm(alg) ? `"alg" ${alg} is` : 'the "alg" header is'} not in the allowed algorithms (${algorithms.join(', ')})`,
    )

  const typ = options.typ ?? (profile === 'rfc9068' ? 'at+jwt' : undefined)
  const requiredClaims = [
    ...(options.requiredClaims ?? []),
    ...(profile === 'rfc9068' ? RFC9068_REQUIRED_CLAIMS : []),
  ]
  let verified: JWTVerifyResult
  try {
    // jose's verification code loads on the first verification, not with this package.
    const { jwtVerify } = await import('jose/jwt/verify')
    verified = await jwtVerify(jwt, verificationKey(key, alg), {
      algorithms,
      issuer: options.issuer as string | string[] | undefined,
      audience: options.audience as string | string[] | undefined,
      subject: options.subject,
      typ,
      clockTolerance: tolerance,
      currentDate: options.currentDate,
      requiredClaims,
    })
  } catch (error) {
    const translated = fromJoseError(error, alg)
    // jose says "must be a top-level JSON object" both for bad JSON and for `[]`: our reader throws the
    // precise reason (malformed, payload_not_object, too_deep).
    if (translated.code === 'ERR_JWT_INVALID') readPayload(encodedPayload)
    throw translated
  }

  const payload = readPayload(encodedPayload)
  // jose checked exp and nbf; ours adds the schema, the profile and an `iat` in the future.
  const claims = validateClaims(payload, {
    now: options.currentDate,
    clockTolerance: tolerance,
    profile,
  })
  return { claims, header: verified.protectedHeader }
}

export type VerifyTokenInfoOptions = VerifyOptions

export interface VerifiedTokenInfo extends Conversion<Exact<XiqApiTokenInfo>> {
  readonly claims: Exact<Claims>
  readonly header: JWTHeaderParameters
}

/**
 * `verify`, then `claimsToTokenInfo`: the token's claims as an XiqApiTokenInfo, with every loss. With
 * `currentDate`, `expires_in` is `exp - currentDate` (a `derived` loss); without it, it is left out.
 * @throws TokenInfoError when a verified token lacks a required XiqApiTokenInfo field.
 */
export async function verifyTokenInfo(
  jwt: string,
  key: VerifyKey,
  options: VerifyTokenInfoOptions,
): Promise<VerifiedTokenInfo> {
  const { claims, header } = await verify(jwt, key, options)
  const conversion = claimsToTokenInfo(claims, { now: options.currentDate })
  return { ...conversion, claims, header }
}
