/** jose's errors, as this package's typed errors (same codes where jose has one, and a reason). */
import * as errors from 'jose/errors'
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
 * jose's message without what it quotes from the token: a quoted header or claim name stays (`"alg"`,
 * `"exp"`), anything else quoted (a `crit` entry, which the token's author writes) becomes `"…"`, so that
 * no token text (and no control character) reaches a message before the signature is even checked.
 */
export function joseMessage(message: string): string {
  return message.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    /^[A-Za-z0-9_]{1,16}$/.test(inner) ? quoted : '"…"',
  )
}

/**
 * Translates an error thrown inside jose's signing or verification for `alg`. The options, the token's
 * shape and the key's fit were checked before, so anything that is not one of jose's own errors is jose
 * or Web Crypto refusing the key: a `TypeError`, a `DataError` for key material it cannot import, a
 * `NotSupportedError` for what this runtime lacks. Their messages stay in `cause`, never in ours.
 */
export function fromJoseError(error: unknown, alg: string): JwtError {
  if (error instanceof JwtError) return error
  if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
    const reason = (CLAIM_REASONS.has(error.reason) ? error.reason : 'check_failed') as ClaimsErrorReason
    return new ClaimsError(
      error.code as ClaimsError['code'],
      error.claim,
      reason,
      joseMessage(error.message),
      {
        cause: error,
      },
    )
  }
  if (error instanceof errors.JOSEError) {
    const reason = REASONS[error.code]
    if (reason)
      return new JwtError(error.code as JwtErrorCode, reason, joseMessage(error.message), { cause: error })
  }
  const name = error instanceof Error ? error.name : typeof error
  if (name === 'NotSupportedError')
    return new JwtError(
      'ERR_JOSE_NOT_SUPPORTED',
      'not_supported',
      `${alg}: this runtime's Web Crypto does not support the algorithm or the key`,
      { cause: error },
    )
  const code = (error as { code?: unknown } | null)?.code
  const which = typeof code === 'string' && /^ERR_[A-Z0-9_]+$/.test(code) ? code : name
  return new JwtError(
    'ERR_KEY_INVALID',
    'key_mismatch',
    `${alg} cannot use this key: jose or Web Crypto refused it (${which}; its key material may be unusable)`,
    { cause: error },
  )
}
