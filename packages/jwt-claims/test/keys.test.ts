/**
 * One key rule for sign and verify: every JWS algorithm jose supports x every kind of key the tests can
 * make either works, or is refused with a documented JwtError that names the algorithm and leaks nothing.
 */
import { generateKeyPairSync } from 'node:crypto'
import { base64url, generateKeyPair, generateSecret } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { JWS_ALGORITHMS, type JwsAlgorithm, JwtError, sign, verify } from '../src/index.js'
import { expectDocumentedJwtError } from './documented.js'
import { forge } from './helpers.js'
import { type KeyCase, keyCases, SENTINEL, sentinelSecret } from './keys.js'

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown }

async function attempt(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run()
    return { ok: true }
  } catch (error) {
    return { ok: false, error }
  }
}

/** What the key rule decided: accepted (signed, verified, or a signature that does not match), or refused. */
function decision(outcome: Outcome): string {
  if (outcome.ok) return 'accepted'
  const { error } = outcome
  if (error instanceof JwtError && (error.reason === 'key_mismatch' || error.reason === 'not_supported'))
    return `refused ${error.code} ${error.reason}`
  if (error instanceof JwtError && error.reason === 'signature') return 'accepted'
  return `unexpected ${String(error)}`
}

const CLAIMS = { sub: 'a' }

/** The rule, written out for the key kinds whose answer is known: the algorithms each one may sign. */
function expectedAlgorithms(name: string): readonly JwsAlgorithm[] | undefined {
  const secret = /^HMAC secret of (\d+) bytes \((Uint8Array|oct JWK|KeyObject)\)$/.exec(name)
  if (secret) {
    const bytes = Number(secret[1])
    return (['HS256', 'HS384', 'HS512'] as const).filter((alg) => bytes * 8 >= Number(alg.slice(2)))
  }
  const rsa = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const
  const table: Record<string, readonly JwsAlgorithm[]> = {
    'RSA 1024': [],
    'RSA 2048': rsa,
    'RSA 3072': rsa,
    'RSA-PSS 2048': [],
    'EC P-256': ['ES256'],
    'EC P-384': ['ES384'],
    'EC P-521': ['ES512'],
    'EC secp256k1': [],
    Ed25519: ['EdDSA', 'Ed25519'],
    Ed448: [],
    X25519: [],
    'DSA 2048': [],
    'PEM text as an HMAC secret': [],
    'oct JWK with "k": ""': [],
  }
  const pair = /^(.*) \((KeyObject|JWK)\)$/.exec(name)
  return table[pair ? pair[1]! : name]
}

let cases: KeyCase[]
/** A token per algorithm, signed with a key of its own (forged when the runtime cannot sign it). */
const tokens = new Map<JwsAlgorithm, string>()
/** Algorithms this runtime cannot sign at all (ML-DSA before Node.js 24). */
const unsupported = new Set<JwsAlgorithm>()

beforeAll(async () => {
  cases = await keyCases()
  for (const alg of JWS_ALGORITHMS) {
    try {
      const key = alg.startsWith('HS') ? await generateSecret(alg) : (await generateKeyPair(alg)).privateKey
      tokens.set(alg, await sign(CLAIMS, key, { alg }))
    } catch {
      unsupported.add(alg)
      tokens.set(alg, `${base64url.encode(JSON.stringify({ alg }))}.${base64url.encode('{}')}.AAAA`)
    }
  }
}, 120_000)

describe('every JWS algorithm x every kind of key', () => {
  it('sign: signs, or throws a documented JwtError (key_mismatch, not_supported) naming the alg, never a secret', async () => {
    let signed = 0
    for (const { name, signing, secrets } of cases)
      for (const alg of JWS_ALGORITHMS) {
        const label = `sign ${alg} with ${name}`
        const outcome = await attempt(() => sign(CLAIMS, signing as never, { alg }))
        const expected = expectedAlgorithms(name)
        if (expected && !unsupported.has(alg)) expect(outcome.ok, label).toBe(expected.includes(alg))
        if (outcome.ok) {
          signed++
          continue
        }
        const error = expectDocumentedJwtError(outcome.error, [SENTINEL, ...secrets], label)
        expect(['key_mismatch', 'not_supported'], label).toContain(error.reason)
        expect(error.message, label).toContain(alg)
      }
    // The matrix is not vacuous: most algorithms found a key.
    expect(signed).toBeGreaterThan(50)
  })

  it('verify: verifies, or throws a documented JwtError (key_mismatch, not_supported, signature), never a secret', async () => {
    for (const { name, verifying, secrets } of cases)
      for (const alg of JWS_ALGORITHMS) {
        const label = `verify ${alg} with ${name}`
        const outcome = await attempt(() =>
          verify(tokens.get(alg)!, verifying as never, { algorithms: [alg] }),
        )
        if (outcome.ok) continue
        const error = expectDocumentedJwtError(outcome.error, [SENTINEL, ...secrets], label)
        expect(['key_mismatch', 'not_supported', 'signature'], label).toContain(error.reason)
        if (error.reason === 'key_mismatch') expect(error.message, label).toContain(alg)
      }
  })

  it('sign and verify accept and refuse exactly the same keys, for the same reason', async () => {
    // Usages limit a CryptoKey to one of the two on purpose; broken material is refused by the crypto.
    for (const { name, signing, verifying, usageLimited, broken } of cases) {
      if (usageLimited || broken) continue
      for (const alg of JWS_ALGORITHMS) {
        const label = `${alg} with ${name}`
        const signed = await attempt(() => sign(CLAIMS, signing as never, { alg }))
        const verified = await attempt(() =>
          verify(tokens.get(alg)!, verifying as never, { algorithms: [alg] }),
        )
        expect(decision(verified), label).toBe(decision(signed))
      }
    }
  })

  it('a key that signs verifies its own token (sign -> verify round trip)', async () => {
    for (const { name, signing, verifying, broken } of cases) {
      if (broken) continue
      for (const alg of JWS_ALGORITHMS) {
        const token = await sign(CLAIMS, signing as never, { alg }).catch(() => undefined)
        if (token === undefined) continue
        await expect(
          verify(token, verifying as never, { algorithms: [alg] }),
          `${alg} with ${name}`,
        ).resolves.toMatchObject({ claims: CLAIMS })
      }
    }
  })
})

describe('the rule, case by case', () => {
  it('an HMAC secret shorter than the hash is refused by verify as by sign (RFC 7518 §3.2)', async () => {
    const token = await sign(CLAIMS, sentinelSecret(64), { alg: 'HS256' })
    for (const length of [1, 16, 31]) {
      const short = sentinelSecret(length)
      for (const run of [
        () => sign(CLAIMS, short, { alg: 'HS256' }),
        () => verify(token, short, { algorithms: ['HS256'] }),
        () => verify(token, { kty: 'oct', k: base64url.encode(short) }, { algorithms: ['HS256'] }),
      ])
        await expect(run()).rejects.toMatchObject({
          code: 'ERR_KEY_INVALID',
          reason: 'key_mismatch',
          message: expect.stringMatching(/HS256.*at least 32 bytes/),
        })
    }
  })

  it('an oct JWK with "k": "" is a key_mismatch for sign and verify, not a crash', async () => {
    const token = await sign(CLAIMS, sentinelSecret(32), { alg: 'HS256' })
    const empty = { kty: 'oct', k: '' }
    await expect(sign(CLAIMS, empty, { alg: 'HS256' })).rejects.toMatchObject({ reason: 'key_mismatch' })
    await expect(verify(token, empty, { algorithms: ['HS256'] })).rejects.toMatchObject({
      reason: 'key_mismatch',
    })
  })

  it('keys from a resolver or a JWKS go through the same rule', async () => {
    const secret = sentinelSecret(64)
    const token = await sign(CLAIMS, secret, { alg: 'HS256' })
    await expect(verify(token, () => secret.subarray(0, 8), { algorithms: ['HS256'] })).rejects.toMatchObject(
      {
        reason: 'key_mismatch',
      },
    )
    await expect(verify(token, async () => secret, { algorithms: ['HS256'] })).resolves.toMatchObject({
      claims: CLAIMS,
    })
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
    // The key is refused before the signature is looked at.
    const rs256 = forge({ alg: 'RS256', kid: 'small' }, CLAIMS, 'AAAA')
    const jwks = { keys: [{ ...small.publicKey.export({ format: 'jwk' }), kid: 'small' }] }
    await expect(verify(rs256, jwks, { algorithms: ['RS256'] })).rejects.toMatchObject({
      reason: 'key_mismatch',
      message: expect.stringMatching(/RS256.*2048/),
    })
  })

  it('a resolver that fails is a typed jwks error; its message stays in the cause', async () => {
    const token = await sign(CLAIMS, sentinelSecret(32), { alg: 'HS256' })
    const failure = new Error(`cannot reach https://keys.example/${SENTINEL}`)
    const error = await verify(token, () => Promise.reject(failure), { algorithms: ['HS256'] }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(JwtError)
    expect(error).toMatchObject({ code: 'ERR_JWKS_INVALID', reason: 'jwks', cause: failure })
    expect((error as Error).message).not.toContain(SENTINEL)
  })

  it('a CryptoKey is used only for what its usages say', async () => {
    const bytes = sentinelSecret(32)
    const verifyOnly = await crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ])
    await expect(sign(CLAIMS, verifyOnly, { alg: 'HS256' })).rejects.toMatchObject({
      reason: 'key_mismatch',
      message: expect.stringContaining('sign'),
    })
    const token = await sign(CLAIMS, bytes, { alg: 'HS256' })
    await expect(verify(token, verifyOnly, { algorithms: ['HS256'] })).resolves.toBeDefined()
  })
})
