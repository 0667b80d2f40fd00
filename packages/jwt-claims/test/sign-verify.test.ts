import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readJson } from '@session-schemas/core'
import { parseJson } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import fc from 'fast-check'
import { decodeProtectedHeader, exportJWK, generateKeyPair, generateSecret, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  ClaimsError,
  decodeUnverified,
  type JwsAlgorithm,
  JwtError,
  sign,
  tokenInfoToClaims,
  verify,
  verifyTokenInfo,
} from '../src/index.js'
import { tokenInfo } from './helpers.js'

const xiqExamples = path.resolve(
  import.meta.dirname,
  '../../../schemas/extremecloudiq/examples/valid/XiqApiTokenInfo',
)
// The example with int64 ids beyond 2^53, given an expiration (RFC 9068 requires exp).
const info = {
  ...parseJson(readFileSync(path.join(xiqExamples, 'user-id-beyond-2-53.json'), 'utf8')),
  expiration_time: '2025-01-01T23:59:59Z',
}

const ISSUER = 'https://auth.example.com'
const AUDIENCE = 'https://api.example.com'

/** A key pair for an algorithm: for HS256 the same secret on both sides. */
async function keysFor(alg: JwsAlgorithm) {
  if (alg === 'HS256') {
    const secret = await generateSecret('HS256')
    return { signing: secret, verifying: secret }
  }
  const { privateKey, publicKey } = await generateKeyPair(alg)
  return { signing: privateKey, verifying: publicKey }
}

describe('sign -> verify', () => {
  const algorithms: JwsAlgorithm[] = ['HS256', 'RS256', 'ES256', 'EdDSA']

  it.each(algorithms)(
    '%s: an RFC 9068 access token from an XiqApiTokenInfo comes back exactly',
    async (alg) => {
      const { signing, verifying } = await keysFor(alg)
      const { value: claims, losses } = tokenInfoToClaims(info, {
        issuer: ISSUER,
        audience: AUDIENCE,
        jti: `jti-${alg}`,
        clientId: 'client',
      })
      // The example's issued_at is a leap second: the one loss on the way there.
      expect(losses.map((l) => [l.path, l.kind])).toEqual([['/issued_at', 'precision']])
      const jwt = await sign(claims, signing, { alg, typ: 'at+jwt', kid: 'k1' })
      expect(decodeProtectedHeader(jwt)).toEqual({ alg, typ: 'at+jwt', kid: 'k1' })
      const options = {
        algorithms: [alg],
        issuer: ISSUER,
        audience: AUDIENCE,
        profile: 'rfc9068',
        currentDate: new Date('2025-01-01T12:00:00Z'),
      } as const
      const verified = await verify(jwt, verifying, options)
      expect(verified.claims).toEqual(claims)
      expect(verified.header).toEqual({ alg, typ: 'at+jwt', kid: 'k1' })

      const back = await verifyTokenInfo(jwt, verifying, options)
      // Exact modulo the reported losses: the leap second is :59, and expires_in is exp - currentDate.
      expect(back.value).toStrictEqual({ ...info, issued_at: '2016-12-31T23:59:59Z', expires_in: 43_199 })
      expect(back.value.user_id).toBe(9223372036854775807n)
      expect(back.losses).toContainEqual({
        path: '/expires_in',
        kind: 'derived',
        message: expect.any(String),
      })
      expect(back.losses.filter((l) => l.kind === 'dropped').map((l) => l.path)).toEqual([
        '/iss',
        '/aud',
        '/client_id',
        '/jti',
      ])
    },
  )

  it('verifies against a JSON Web Key Set and a key resolver, choosing the key by kid', async () => {
    const one = await generateKeyPair('ES256')
    const two = await generateKeyPair('RS256')
    const jwks = {
      keys: [
        { ...(await exportJWK(one.publicKey)), kid: 'one', alg: 'ES256' },
        { ...(await exportJWK(two.publicKey)), kid: 'two', alg: 'RS256' },
      ] as JWK[],
    }
    const jwt = await sign({ sub: 'a' }, two.privateKey, { alg: 'RS256', kid: 'two' })
    expect((await verify(jwt, jwks, { algorithms: ['ES256', 'RS256'] })).claims).toEqual({ sub: 'a' })
    const resolver = async (header: { kid?: string }) =>
      header.kid === 'two' ? two.publicKey : one.publicKey
    expect((await verify(jwt, resolver, { algorithms: ['RS256'] })).claims).toEqual({ sub: 'a' })
    const stranger = await sign({ sub: 'a' }, (await generateKeyPair('RS256')).privateKey, {
      alg: 'RS256',
      kid: 'three',
    })
    await expect(verify(stranger, jwks, { algorithms: ['RS256'] })).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
      reason: 'no_matching_key',
    })
  })

  it('keeps int64 claims exact even when another issuer writes them as JSON numbers', async () => {
    const secret = await generateSecret('HS256')
    // A hand-written payload: JSON.parse (and so jose) would round this number to 9223372036854775808.
    const { CompactSign } = await import('jose')
    const jwt = await new CompactSign(new TextEncoder().encode('{"sub":"a","user_id":9223372036854775807}'))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret)
    const { claims } = await verify(jwt, secret, { algorithms: ['HS256'] })
    expect(claims.user_id).toBe(9223372036854775807n)
  })

  it('round-trips arbitrary XiqApiTokenInfo (unicode names, bigint ids, drift) through HS256 (200 runs)', async () => {
    const secret = await generateSecret('HS256')
    await fc.assert(
      fc.asyncProperty(tokenInfo, async (value) => {
        const { value: claims } = tokenInfoToClaims(value)
        const jwt = await sign(claims, secret, { alg: 'HS256' })
        const verified = await verify(jwt, secret, {
          algorithms: ['HS256'],
          currentDate: new Date('0001-01-01T00:00:00Z'),
          clockTolerance: 1e13,
          maxTokenLength: 1_000_000,
        })
        // What a JWT can carry: the claims as UTF-8 JSON (a lone surrogate becomes U+FFFD), nothing else lost.
        const utf8 = new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(claims)))
        expect(verified.claims).toStrictEqual(readJson(utf8))
      }),
      { numRuns: 200 },
    )
  })

  it('sign refuses invalid claims, "none", unknown algorithms and short HMAC secrets', async () => {
    const secret = await generateSecret('HS256')
    await expect(sign({ exp: '1' } as never, secret, { alg: 'HS256' })).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      reason: 'invalid',
      claim: 'exp',
    })
    await expect(sign([] as never, secret, { alg: 'HS256' })).rejects.toMatchObject({
      reason: 'payload_not_object',
    })
    for (const alg of ['none', 'None', 'NONE', 'nOnE', 'hs256', 'XS256'])
      await expect(sign({}, secret, { alg: alg as JwsAlgorithm })).rejects.toThrow(TypeError)
    await expect(sign({}, new Uint8Array(16), { alg: 'HS256' })).rejects.toThrow(/at least 32 bytes/)
    await expect(sign({}, secret, {} as never)).rejects.toThrow(TypeError)
    // A NumericDate beyond 2^53 would be signed as a string (the int64 convention): refused instead.
    for (const claim of ['exp', 'nbf', 'iat', 'auth_time'])
      await expect(sign({ [claim]: 2n ** 60n } as never, secret, { alg: 'HS256' })).rejects.toMatchObject({
        reason: 'invalid',
        claim,
      })
  })

  it('quotes no token text in a verify error: a crit entry the token names is elided', async () => {
    const secret = await generateSecret('HS256')
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const token = `${b64({ alg: 'HS256', crit: ['\u001b]0;pwned\u0007', 'eyJTOKENTEXTSECRET12345'] })}.${b64({ sub: 'a' })}.AAAA`
    const error = await verify(token, secret, { algorithms: ['HS256'] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JwtError)
    const { message } = error as JwtError
    expect(message).not.toMatch(/pwned|TOKENTEXT/)
    expect(message).not.toContain('\u001b')
    expect(message).toMatch(/"…"/)
  })

  it('verify refuses to run without an explicit algorithm allow-list, or with bad options', async () => {
    const secret = await generateSecret('HS256')
    const jwt = await sign({}, secret, { alg: 'HS256' })
    for (const algorithms of [undefined, [], ['none'], ['NONE', 'HS256'], ['hs256']])
      await expect(verify(jwt, secret, { algorithms } as never), String(algorithms)).rejects.toThrow(
        TypeError,
      )
    const HS256 = { algorithms: ['HS256'] } as const
    await expect(verify(jwt, secret, { ...HS256, profile: 'oidc' as never })).rejects.toThrow(TypeError)
    await expect(verify(jwt, secret, { ...HS256, clockTolerance: -1 })).rejects.toThrow(TypeError)
    await expect(verify(jwt, secret, { ...HS256, currentDate: new Date('x') })).rejects.toThrow(TypeError)
    await expect(verify(jwt, secret, HS256)).resolves.toMatchObject({ claims: {} })
  })

  it('decodeUnverified shows header, payload and schema issues without verifying anything', async () => {
    const secret = await generateSecret('HS256')
    const { CompactSign } = await import('jose')
    const jwt = await new CompactSign(
      new TextEncoder().encode('{"sub":"a","exp":"tomorrow","owner_id":9007199254740993}'),
    )
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(secret)
    const tampered = `${jwt.slice(0, -4)}AAAA`
    const decoded = decodeUnverified(tampered)
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(decoded.payload).toEqual({ sub: 'a', exp: 'tomorrow', owner_id: 9007199254740993n })
    expect(decoded.issues.map((i) => [i.path, i.keyword])).toEqual([['/exp', 'type']])
    expect(() => decodeUnverified('a.b')).toThrow(JwtError)
    expect(() => decodeUnverified(`${'a'.repeat(20)}.${'b'.repeat(20)}.c`, { maxTokenLength: 10 })).toThrow(
      /maxTokenLength/,
    )
  })

  it('verifyTokenInfo names the missing XiqApiTokenInfo fields of a verified token', async () => {
    const secret = await generateSecret('HS256')
    const jwt = await sign({ sub: 'a', iat: 1 }, secret, { alg: 'HS256' })
    await expect(verifyTokenInfo(jwt, secret, { algorithms: ['HS256'] })).rejects.toMatchObject({
      name: 'TokenInfoError',
      names: ['user_id', 'role', 'owner_id', 'data_center'],
    })
    // A ClaimsError is still a JwtError (one catch for every rejection).
    expect(new ClaimsError('ERR_JWT_EXPIRED', 'exp', 'check_failed', 'x')).toBeInstanceOf(JwtError)
  })
})
