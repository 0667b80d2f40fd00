/**
 * Typed errors with a reason code, modelled on jose's: `code` says which check failed (jose's codes where
 * jose has one), `reason` says why, and claim errors name the claim.
 */
import type { Issue } from '@session-schemas/core'

export type JwtErrorCode =
  | 'ERR_JWT_TOO_LARGE'
  | 'ERR_JWT_INVALID'
  | 'ERR_JWS_INVALID'
  | 'ERR_JOSE_ALG_NOT_ALLOWED'
  | 'ERR_JOSE_NOT_SUPPORTED'
  | 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
  | 'ERR_KEY_INVALID'
  | 'ERR_JWKS_NO_MATCHING_KEY'
  | 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'
  | 'ERR_JWKS_INVALID'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_CLAIM_VALIDATION_FAILED'

/**
 * - `too_large`: longer than `maxTokenLength`, rejected before anything is decoded.
 * - `malformed`: not a compact JWS (three base64url parts, a JSON header), or bad base64url/JSON.
 * - `payload_not_object`: the payload is JSON but not an object.
 * - `too_deep`: the claims set, payload or header nests deeper than `MAX_NESTING_DEPTH` (128) levels.
 * - `alg_none`: an unsecured JWT (`alg` "none" in any spelling); never accepted.
 * - `alg_not_allowed`: `alg` is not in the caller's `algorithms` allow-list.
 * - `not_supported`: an algorithm, key type or critical header the runtime or jose does not support
 *   (ML-DSA before Node.js 24).
 * - `signature`: the signature does not verify (a tampered token, or the wrong key).
 * - `key_mismatch` (code `ERR_KEY_INVALID`): the key cannot be used with the algorithm, by the one rule of
 *   `sign` and `verify` (`checkKey`): the wrong type, curve or size (an RSA public key for HS256, an EC
 *   P-256 key for ES384, an RSA key under 2048 bits, an HMAC secret shorter than the hash), a public key
 *   to sign or a private key to verify, usages or a JWK `use`/`key_ops`/`alg` that say otherwise, PEM text
 *   as an HMAC secret, key material Web Crypto cannot import, or a value that is no key at all.
 * - `no_matching_key`, `multiple_matching_keys`, `jwks`: the JWKS gave no usable key (`jwks`: or the key
 *   resolver failed).
 * - `missing`, `check_failed`, `invalid`: a claim (or the `typ` header) is absent, has the wrong value, or
 *   has the wrong type (jose's reasons).
 */
export type JwtErrorReason =
  | 'too_large'
  | 'malformed'
  | 'payload_not_object'
  | 'too_deep'
  | 'alg_none'
  | 'alg_not_allowed'
  | 'not_supported'
  | 'signature'
  | 'key_mismatch'
  | 'no_matching_key'
  | 'multiple_matching_keys'
  | 'jwks'
  | ClaimsErrorReason

export type ClaimsErrorReason = 'missing' | 'check_failed' | 'invalid'

/** A token was rejected. `code` and `reason` are stable; the message is for humans. */
export class JwtError extends Error {
  /** The class's code; an instance's `code` says which check failed. */
  static readonly code: string = 'ERR_JWT_GENERIC'
  override readonly name: string = 'JwtError'
  readonly code: JwtErrorCode
  readonly reason: JwtErrorReason

  constructor(code: JwtErrorCode, reason: JwtErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.reason = reason
  }
}

/** A claim (or the `typ` header, named `typ`) failed: which one, and why. */
export class ClaimsError extends JwtError {
  /** The class's code; an instance's `code` is this or `ERR_JWT_EXPIRED`. */
  static override readonly code: string = 'ERR_JWT_CLAIM_VALIDATION_FAILED'
  override readonly name = 'ClaimsError'
  override readonly code: 'ERR_JWT_EXPIRED' | 'ERR_JWT_CLAIM_VALIDATION_FAILED'
  override readonly reason: ClaimsErrorReason
  /** The claim name (`exp`, `iss`, ...), `typ` for the header, or '' for the claims set as a whole. */
  readonly claim: string
  /** Schema issues, when the claims set does not match `jwt/Claims` (reason `invalid`). */
  readonly issues: readonly Issue[]

  constructor(
    code: 'ERR_JWT_EXPIRED' | 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    claim: string,
    reason: ClaimsErrorReason,
    message: string,
    options?: { cause?: unknown; issues?: readonly Issue[] },
  ) {
    super(code, reason, message, options)
    this.code = code
    this.reason = reason
    this.claim = claim
    this.issues = options?.issues ?? []
  }
}

/** An XiqApiTokenInfo field the claims cannot supply, and the claim it comes from. */
export interface TokenInfoField {
  /** The XiqApiTokenInfo field, e.g. `user_name`. */
  readonly field: string
  /** The claim it is read from, e.g. `sub`. */
  readonly claim: string
  /** Why it cannot be read: the claim is absent, or its value cannot be represented. */
  readonly problem: 'missing' | 'invalid'
  readonly message: string
}

/** Claims that cannot make an XiqApiTokenInfo: required fields are missing or unreadable (never a partial object). */
export class TokenInfoError extends Error {
  static readonly code: string = 'ERR_TOKEN_INFO'
  override readonly name = 'TokenInfoError'
  readonly code = 'ERR_TOKEN_INFO'
  readonly fields: readonly TokenInfoField[]

  constructor(fields: readonly TokenInfoField[]) {
    const named = fields.map((f) => `${f.field} (claim "${f.claim}": ${f.message})`).join(', ')
    super(`claims cannot make an XiqApiTokenInfo: ${named}`)
    this.fields = fields
  }

  /** The names of the XiqApiTokenInfo fields that are missing or unreadable. */
  get names(): string[] {
    return this.fields.map((f) => f.field)
  }
}
