/** jose's errors, as this package's typed errors (same codes where jose has one, and a reason). */
import { errors } from 'jose'
import {
  ClaimsError,
  type ClaimsErrorReason,
  JwtError,
  type JwtErrorCode,
  type JwtErrorReason,
} from './errors.js'

const REASONS: Readonly<Record<string, JwtErrorReason>> = {
  ERR_JOSE_ALG_NOT_ALLOWED: 'alg_not_allowed',
  ERR_JOSE_NOT_SUPPORTED: 'not_supported',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JWKS_NO_MATCHING_KEY: 'no_matching_key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'multiple_matching_keys',
  ERR_JWKS_INVALID: 'jwks',
  ERR_JWKS_TIMEOUT: 'jwks',
}

const CLAIM_REASONS: ReadonlySet<string> = new Set(['missing', 'check_failed', 'invalid'])

/**
 * Translates an error thrown inside jose's verification. A `TypeError` there is jose refusing the key for
 * the token's algorithm (our own options were checked before). Anything else is rethrown as it is.
 */
export function fromJoseError(error: unknown): Error {
  if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
    const reason = (CLAIM_REASONS.has(error.reason) ? error.reason : 'check_failed') as ClaimsErrorReason
    return new ClaimsError(error.code as ClaimsError['code'], error.claim, reason, error.message, {
      cause: error,
    })
  }
  if (error instanceof errors.JWKInvalid)
    return new JwtError('ERR_KEY_INVALID', 'key_mismatch', error.message, { cause: error })
  if (error instanceof errors.JOSEError) {
    const reason = REASONS[error.code]
    if (reason) return new JwtError(error.code as JwtErrorCode, reason, error.message, { cause: error })
    return error
  }
  if (error instanceof TypeError)
    return new JwtError(
      'ERR_KEY_INVALID',
      'key_mismatch',
      `the key cannot verify this token: ${error.message}`,
      {
        cause: error,
      },
    )
  return error instanceof Error ? error : new Error(String(error))
}
