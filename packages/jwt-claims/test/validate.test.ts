import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClaimsError, JwtError, RFC9068_REQUIRED_CLAIMS, validateClaims } from '../src/index.js'

const examples = path.resolve(import.meta.dirname, '../../../schemas/jwt/examples')
const example = (file: string) => JSON.parse(readFileSync(path.join(examples, file), 'utf8'))

const NOW = 1_714_564_800 // 2024-05-01T12:00:00Z
const at = (seconds: number) => new Date(seconds * 1000)

/** The error `validateClaims` throws, or undefined. */
function failure(claims: unknown, options: Parameters<typeof validateClaims>[1] = {}) {
  try {
    validateClaims(claims, { now: at(NOW), ...options })
    return undefined
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    return {
      code: error.code,
      reason: error.reason,
      claim: error instanceof ClaimsError ? error.claim : undefined,
    }
  }
}

describe('validateClaims', () => {
  it('returns valid claims as they are', () => {
    const claims = example('valid/Claims/rfc9068-access-token.json')
    expect(validateClaims(claims, { now: at(1_618_354_090), profile: 'rfc9068' })).toBe(claims)
  })

  it('expires AT the exp second (exp <= now - tolerance), as jose does', () => {
    const expired = { code: 'ERR_JWT_EXPIRED', reason: 'check_failed', claim: 'exp' }
    expect(failure({ exp: NOW - 1 })).toEqual(expired)
    expect(failure({ exp: NOW })).toEqual(expired)
    expect(failure({ exp: NOW + 1 })).toBeUndefined()
    expect(failure({ exp: NOW - 5 }, { clockTolerance: 5 })).toEqual(expired)
    expect(failure({ exp: NOW - 4 }, { clockTolerance: 5 })).toBeUndefined()
    // now is rounded down to the second: 0.999 s after exp - 1 is still before exp.
    expect(failure({ exp: NOW + 1 }, { now: new Date((NOW + 0.999) * 1000) })).toBeUndefined()
  })

  it('refuses nbf and iat later than now + tolerance', () => {
    expect(failure({ nbf: NOW + 1 })).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'check_failed',
      claim: 'nbf',
    })
    expect(failure({ nbf: NOW })).toBeUndefined()
    expect(failure({ nbf: NOW + 30 }, { clockTolerance: 30 })).toBeUndefined()
    expect(failure({ nbf: NOW + 31 }, { clockTolerance: 30 })?.claim).toBe('nbf')
    expect(failure({ iat: NOW + 1 })).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'check_failed',
      claim: 'iat',
    })
    expect(failure({ iat: NOW + 60 }, { clockTolerance: 60 })).toBeUndefined()
  })

  it('reports structure errors with the claim and every issue', () => {
    expect(failure(example('invalid/Claims/exp-string.json'))).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'invalid',
      claim: 'exp',
    })
    expect(failure(example('invalid/Claims/scope-double-quote.json'))?.claim).toBe('scope')
    expect(failure(example('invalid/Claims/aud-number.json'))?.claim).toBe('aud')
    expect(failure(example('invalid/Claims/user-id-float.json'))?.claim).toBe('user_id')
    let error: unknown
    try {
      validateClaims({ exp: 'soon', aud: 1 })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ClaimsError)
    expect((error as ClaimsError).issues.map((i) => i.path).sort()).toEqual(['/aud', '/exp'])
    for (const notObject of [null, [], 'eyJ...', 42])
      expect(failure(notObject)).toEqual({
        code: 'ERR_JWT_INVALID',
        reason: 'payload_not_object',
        claim: undefined,
      })
  })

  it('rfc9068 requires iss, exp, aud, sub, client_id, iat and jti; rfc7519 requires none', () => {
    const full = example('valid/Claims/rfc9068-access-token.json')
    const now = at(1_618_354_090)
    expect(validateClaims({}, { now })).toEqual({})
    for (const claim of RFC9068_REQUIRED_CLAIMS) {
      const { [claim]: _removed, ...rest } = full
      expect(failure(rest, { now, profile: 'rfc9068' }), claim).toEqual({
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        reason: 'missing',
        claim,
      })
      expect(failure(rest, { now, profile: 'rfc7519' }), claim).toBeUndefined()
    }
  })

  it('refuses bad options with a TypeError', () => {
    expect(() => validateClaims({}, { clockTolerance: -1 })).toThrow(TypeError)
    expect(() => validateClaims({}, { clockTolerance: Number.NaN })).toThrow(TypeError)
    expect(() => validateClaims({}, { now: new Date('nope') })).toThrow(TypeError)
    expect(() => validateClaims({}, { profile: 'oidc' as never })).toThrow(TypeError)
  })
})
