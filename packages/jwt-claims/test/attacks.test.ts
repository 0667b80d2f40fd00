/** Bad input and attacks: each one is refused with its code and reason. */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { base64url, exportJWK, exportSPKI, generateKeyPair, generateSecret, jwtVerify, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ClaimsError,
  DEFAULT_MAX_TOKEN_LENGTH,
  JwtError,
  sign,
  type VerifyOptions,
  verify,
} from '../src/index.js'
import { forge, signRaw } from './helpers.js'

const NOW = new Date('2024-05-01T12:00:00Z')
const now = NOW.getTime() / 1000

let secret: Uint8Array
let rsa: Awaited<ReturnType<typeof generateKeyPair>>

beforeAll(async () => {
  secret = crypto.getRandomValues(new Uint8Array(32))
  rsa = await generateKeyPair('RS256', { extractable: true })
})

const HS256: VerifyOptions = { algorithms: ['HS256'], currentDate: NOW }

/** The code, reason and claim of the error `verify` rejects with (it must reject). */
async function rejection(jwt: string, key: Parameters<typeof verify>[1], options: VerifyOptions) {
  const error = await verify(jwt, key, options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'verify must reject').toBeInstanceOf(JwtError)
  const { code, reason } = error as JwtError
  return error instanceof ClaimsError ? { code, reason, claim: error.claim } : { code, reason }
}

describe('attacks', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])('alg "%s" is never accepted', async (alg) => {
    const payload = { sub: 'admin', iat: now }
    for (const signature of ['', 'c2lnbmF0dXJl']) {
      const jwt = forge({ alg, typ: 'JWT' }, payload, signature)
      expect(await rejection(jwt, secret, HS256)).toEqual({
        code: 'ERR_JOSE_ALG_NOT_ALLOWED',
        reason: 'alg_none',
      })
      expect(await rejection(jwt, rsa.publicKey, { algorithms: ['RS256', 'HS256'] })).toEqual({
        code: 'ERR_JOSE_ALG_NOT_ALLOWED',
        reason: 'alg_none',
      })
    }
    // ...and cannot be allowed.
    await expect(verify(forge({ alg }, payload), secret, { algorithms: [alg] as never })).rejects.toThrow(
      TypeError,
    )
  })

  describe('an RS256 token forged as HS256 with the public key (CVE-2015-9235)', () => {
    let pem: Uint8Array
    let forged: string
    beforeAll(async () => {
      pem = new TextEncoder().encode(await exportSPKI(rsa.publicKey))
      // The attacker uses the server's public key, which is public, as an HMAC secret.
      forged = await new SignJWT({ sub: 'admin', role: 'Administrator' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(pem)
    })

    it('is refused when the allow-list says RS256', async () => {
      expect(await rejection(forged, rsa.publicKey, { algorithms: ['RS256'] })).toEqual({
        code: 'ERR_JOSE_ALG_NOT_ALLOWED',
        reason: 'alg_not_allowed',
      })
    })

    it('is refused even when HS256 is allowed too: the public key is not an HMAC key', async () => {
      expect(await rejection(forged, rsa.publicKey, { algorithms: ['RS256', 'HS256'] })).toEqual({
        code: 'ERR_KEY_INVALID',
        reason: 'key_mismatch',
      })
      const jwk = await exportJWK(rsa.publicKey)
      expect(await rejection(forged, jwk, { algorithms: ['RS256', 'HS256'] })).toEqual({
        code: 'ERR_KEY_INVALID',
        reason: 'key_mismatch',
      })
    })

    it('is refused when the key is passed as text in any other form: padded PEM, JWK JSON, base64 DER', async () => {
      const text = new TextDecoder().decode(pem)
      const jwk = await exportJWK(rsa.publicKey)
      const der = text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
      const forms: Record<string, string> = {
        'a BOM before the PEM': `\uFEFF${text}`,
        'a tab before the PEM': `\t${text}`,
        'other bytes before the PEM': `key: ${text}`,
        'a public JWK as JSON text': JSON.stringify(jwk),
        'a JWK Set as JSON text': ` ${JSON.stringify({ keys: [jwk] })}\n`,
        'the PEM body without its armour (base64 DER)': der,
        'the base64 DER in 64-character lines': der.replace(/(.{64})/g, '$1\n'),
        'an EC P-256 SPKI as base64 DER': (
          generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
            type: 'spki',
            format: 'der',
          }) as Buffer
        ).toString('base64'),
        'an Ed25519 SPKI as base64 DER': (
          generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }) as Buffer
        ).toString('base64'),
      }
      for (const [name, form] of Object.entries(forms)) {
        const key = new TextEncoder().encode(form)
        const token = await new SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(key)
        expect(await rejection(token, key, { algorithms: ['HS256'] }), name).toEqual({
          code: 'ERR_KEY_INVALID',
          reason: 'key_mismatch',
        })
      }
    })

    it('still takes random secrets, written as base64, hex or text (the guard has no false alarms there)', async () => {
      for (let i = 0; i < 300; i++) {
        const bytes = randomBytes(32 + (i % 33))
        for (const form of [
          bytes.toString('base64'),
          bytes.toString('hex'),
          `{${bytes.toString('base64url')}`,
        ]) {
          const key = new TextEncoder().encode(form)
          const token = await new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(key)
          await expect(verify(token, key, { algorithms: ['HS256'] }), form).resolves.toBeDefined()
        }
      }
    })

    it('is refused when the PEM text itself is passed as the HMAC secret (jose alone would accept it)', async () => {
      await expect(jwtVerify(forged, pem, { algorithms: ['HS256'] })).resolves.toBeDefined()
      expect(await rejection(forged, pem, { algorithms: ['HS256'] })).toEqual({
        code: 'ERR_KEY_INVALID',
        reason: 'key_mismatch',
      })
    })
  })

  it('a tampered payload, header or signature fails the signature check', async () => {
    const jwt = await sign({ sub: 'operator', role: 'Operator', iat: now }, secret, {
      alg: 'HS256',
      typ: 'JWT',
    })
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    const elevated = base64url.encode(JSON.stringify({ sub: 'operator', role: 'Administrator', iat: now }))
    const signatureFailed = { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', reason: 'signature' }
    expect(await rejection(`${header}.${elevated}.${signature}`, secret, HS256)).toEqual(signatureFailed)
    const retyped = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' }))
    expect(await rejection(`${retyped}.${payload}.${signature}`, secret, HS256)).toEqual(signatureFailed)
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`
    expect(await rejection(`${header}.${payload}.${flipped}`, secret, HS256)).toEqual(signatureFailed)
    expect(await rejection(jwt, await generateSecret('HS256'), HS256)).toEqual(signatureFailed)
    // The untampered token passes: the failures above are the tampering.
    await expect(verify(jwt, secret, HS256)).resolves.toMatchObject({ claims: { role: 'Operator' } })
  })

  it('a wrong iss, aud or typ is refused, naming the claim', async () => {
    const jwt = await sign(
      { iss: 'https://evil.example', aud: ['https://other.example'], sub: 'a' },
      secret,
      {
        alg: 'HS256',
        typ: 'JWT',
      },
    )
    const failed = (claim: string) => ({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'check_failed',
      claim,
    })
    expect(await rejection(jwt, secret, { ...HS256, issuer: 'https://auth.example' })).toEqual(failed('iss'))
    expect(await rejection(jwt, secret, { ...HS256, audience: 'https://api.example' })).toEqual(failed('aud'))
    expect(await rejection(jwt, secret, { ...HS256, typ: 'at+jwt' })).toEqual(failed('typ'))
    expect(await rejection(jwt, secret, { ...HS256, subject: 'b' })).toEqual(failed('sub'))
    expect(await rejection(jwt, secret, { ...HS256, profile: 'rfc9068' })).toEqual(failed('typ'))
    const bare = await sign({ sub: 'a' }, secret, { alg: 'HS256' })
    expect(await rejection(bare, secret, { ...HS256, issuer: 'https://auth.example' })).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'missing',
      claim: 'iss',
    })
    await expect(
      verify(jwt, secret, {
        ...HS256,
        issuer: ['https://evil.example'],
        audience: 'https://other.example',
        typ: 'jwt',
      }),
    ).resolves.toBeDefined()
  })

  it('a token expired by one second is refused (and one valid for one more second is not)', async () => {
    const expired = await sign({ sub: 'a', exp: now - 1 }, secret, { alg: 'HS256' })
    expect(await rejection(expired, secret, HS256)).toEqual({
      code: 'ERR_JWT_EXPIRED',
      reason: 'check_failed',
      claim: 'exp',
    })
    const atExp = await sign({ sub: 'a', exp: now }, secret, { alg: 'HS256' })
    expect(await rejection(atExp, secret, HS256)).toMatchObject({ code: 'ERR_JWT_EXPIRED' })
    await expect(verify(expired, secret, { ...HS256, clockTolerance: 2 })).resolves.toBeDefined()
    const valid = await sign({ sub: 'a', exp: now + 1 }, secret, { alg: 'HS256' })
    await expect(verify(valid, secret, HS256)).resolves.toBeDefined()
  })

  it('a token whose nbf (or iat) is in the future is refused', async () => {
    const early = await sign({ sub: 'a', nbf: now + 1 }, secret, { alg: 'HS256' })
    expect(await rejection(early, secret, HS256)).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'check_failed',
      claim: 'nbf',
    })
    await expect(verify(early, secret, { ...HS256, clockTolerance: 1 })).resolves.toBeDefined()
    const future = await sign({ sub: 'a', iat: now + 120 }, secret, { alg: 'HS256' })
    expect(await rejection(future, secret, { ...HS256, clockTolerance: 60 })).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'check_failed',
      claim: 'iat',
    })
  })

  it('exp as a string is refused as an invalid claim (jose: "must be a number")', async () => {
    const jwt = await signRaw({ alg: 'HS256' }, `{"sub":"a","exp":"${now + 3600}"}`, secret)
    expect(await rejection(jwt, secret, HS256)).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'invalid',
      claim: 'exp',
    })
    // A claim jose does not look at is checked against jwt/Claims after it.
    const scope = await signRaw({ alg: 'HS256' }, '{"sub":"a","scope":"read \\"write\\""}', secret)
    expect(await rejection(scope, secret, HS256)).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'invalid',
      claim: 'scope',
    })
  })

  it('a 1 MB token is refused before anything is decoded; the limit is an option', async () => {
    const megabyte = 'x'.repeat(1_048_576)
    const signed = await sign({ sub: 'a', padding: megabyte }, secret, { alg: 'HS256' })
    expect(signed.length).toBeGreaterThan(DEFAULT_MAX_TOKEN_LENGTH)
    let resolved = 0
    const resolver = () => {
      resolved++
      return secret
    }
    expect(await rejection(signed, resolver, HS256)).toEqual({
      code: 'ERR_JWT_TOO_LARGE',
      reason: 'too_large',
    })
    // Not even the shape is looked at: garbage of that size is "too large", not "malformed".
    expect(await rejection(`%%%${megabyte}`, resolver, HS256)).toEqual({
      code: 'ERR_JWT_TOO_LARGE',
      reason: 'too_large',
    })
    expect(resolved).toBe(0)
    const { claims } = await verify(signed, resolver, { ...HS256, maxTokenLength: 2_000_000 })
    expect(claims.padding).toBe(megabyte)
    expect(resolved).toBe(1)
    await expect(verify(signed, secret, { ...HS256, maxTokenLength: 0 })).rejects.toThrow(TypeError)
  })

  it.each([
    ['an array', '[{"sub":"a"}]'],
    ['a string', '"admin"'],
    ['null', 'null'],
    ['a number', '1714564800'],
  ])('a payload that is %s is refused', async (_name, payload) => {
    const jwt = await signRaw({ alg: 'HS256' }, payload, secret)
    expect(await rejection(jwt, secret, HS256)).toEqual({
      code: 'ERR_JWT_INVALID',
      reason: 'payload_not_object',
    })
  })

  it('malformed tokens are refused as malformed', async () => {
    const malformed = async (jwt: string) => (await rejection(jwt, secret, HS256)).reason
    expect(await malformed('a.b')).toBe('malformed')
    expect(await malformed('a.b.c.d.e')).toBe('malformed')
    expect(await malformed('not base64!.e30.sig')).toBe('malformed')
    expect(await malformed(`${base64url.encode('not json')}.e30.sig`)).toBe('malformed')
    expect(await malformed(forge({ typ: 'JWT' }, {}))).toBe('malformed')
    expect(await malformed(await signRaw({ alg: 'HS256' }, '{"sub":', secret))).toBe('malformed')
    // A critical header extension nobody understands (RFC 7515 §4.1.11): jose refuses it.
    expect(
      await rejection(forge({ alg: 'HS256', crit: ['x-bind'], 'x-bind': 1 }, {}, 'sig'), secret, HS256),
    ).toEqual({
      code: 'ERR_JOSE_NOT_SUPPORTED',
      reason: 'not_supported',
    })
    expect(await rejection(forge({ alg: 'hs256' }, {}, 'sig'), secret, HS256)).toEqual({
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
      reason: 'alg_not_allowed',
    })
  })

  it('a malformed token is told apart from a JWE, and the message points at the likely cause', async () => {
    const message = async (jwt: string) =>
      ((await verify(jwt, secret, HS256).catch((e: unknown) => e)) as JwtError).message
    const token = await signRaw({ alg: 'HS256' }, '{"sub":"a"}', secret)
    expect(await message(`${token}${token}`)).toMatch(/5 parts but is no JWE.*two tokens run together/)
    expect(await message(`${token} ${token}`)).toMatch(/white space inside \(one token per line\?\)/)
    expect(await message('a.b')).toMatch(/three base64url parts\): it has 2 parts$/)
    expect(await message('....')).toMatch(/three base64url parts\): it has 5 parts$/)
    expect(await message('not+base64.e30.sig')).toMatch(/a character that base64url does not use$/)
    const jwe = `${base64url.encode(JSON.stringify({ alg: 'dir', enc: 'A256GCM' }))}..iv.cipher.tag`
    expect(await message(jwe)).toBe('a JWE (5 parts) is not a signed JWT: not accepted')
  })

  it('a claim named __proto__ stays data and never touches Object.prototype', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype)
    for (const payload of [
      '{"sub":"a","__proto__":{"isAdmin":true,"role":"Administrator"}}',
      // With an integer beyond 2^53 the payload takes the exact reader: same guarantee.
      '{"sub":"a","user_id":9223372036854775807,"__proto__":{"isAdmin":true}}',
    ]) {
      const jwt = await signRaw({ alg: 'HS256' }, payload, secret)
      const { claims } = await verify(jwt, secret, HS256)
      expect(Object.hasOwn(claims, '__proto__')).toBe(true)
      expect(Object.getOwnPropertyDescriptor(claims, '__proto__')?.value).toMatchObject({ isAdmin: true })
      expect(Object.getPrototypeOf(claims)).toBe(Object.prototype)
      expect((claims as Record<string, unknown>).isAdmin).toBeUndefined()
    }
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(({} as Record<string, unknown>).role).toBeUndefined()
  })
})
