/**
 * Nesting and odd token text: a claims set, payload or header nested too deeply, and tokens with a BOM,
 * CRLF, nothing, foreign characters or a huge header, are refused with a typed error, never a crash.
 */
import { ValidationError } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import {
  decodeUnverified,
  JwtError,
  MAX_NESTING_DEPTH,
  sign,
  tokenInfoToClaims,
  validateClaims,
  verify,
} from '../src/index.js'
import { expectDocumentedJwtError } from './documented.js'
import { forge, signRaw } from './helpers.js'
import { SENTINEL, sentinelSecret } from './keys.js'

const secret = sentinelSecret(32)
const HS256 = { algorithms: ['HS256'] } as const

/** JSON text of `depth` nested arrays (`[[...]]`): 6,000 levels is 12 KB. */
const nestedText = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
/** A claims set whose `deep` claim makes it `depth` levels deep in all (the set itself is one). */
const claimsText = (depth: number, inner = '') => `{"sub":"a","deep":${nestedText(depth - 1, inner)}}`

async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('nesting', () => {
  it(`a claims set may nest ${MAX_NESTING_DEPTH} levels, not one more`, async () => {
    expect(MAX_NESTING_DEPTH).toBe(128)
    const deepest = JSON.parse(claimsText(MAX_NESTING_DEPTH))
    const token = await sign(deepest, secret, { alg: 'HS256' })
    await expect(verify(token, secret, HS256)).resolves.toMatchObject({ claims: deepest })
    expect(decodeUnverified(token).payload).toEqual(deepest)
    const tooDeep = JSON.parse(claimsText(MAX_NESTING_DEPTH + 1))
    await expect(sign(tooDeep, secret, { alg: 'HS256' })).rejects.toMatchObject({
      code: 'ERR_JWT_INVALID',
      reason: 'too_deep',
    })
    expect(() => validateClaims(tooDeep)).toThrow(expect.objectContaining({ reason: 'too_deep' }))
  })

  it('sign refuses a 12 KB claims set nested 6,000 deep with a typed error', async () => {
    const claims = JSON.parse(claimsText(6_000))
    const error = await rejection(() => sign(claims, secret, { alg: 'HS256' }))
    expectDocumentedJwtError(error, [SENTINEL], 'sign 6,000 deep')
    expect(error).toMatchObject({ code: 'ERR_JWT_INVALID', reason: 'too_deep' })
  })

  it.each([
    ['nested 6,000 deep', claimsText(6_000)],
    [
      'nested 6,000 deep around an integer beyond 2^53 (the exact reader)',
      claimsText(6_000, '9223372036854775807'),
    ],
    ['nested 100,000 deep', claimsText(100_000)],
  ])('verify and decodeUnverified refuse a payload %s', async (_name, payload) => {
    const token = await signRaw({ alg: 'HS256' }, payload, secret)
    const limit = { maxTokenLength: token.length }
    for (const [what, run] of [
      ['verify', () => verify(token, secret, { ...HS256, ...limit })],
      ['decodeUnverified', () => decodeUnverified(token, limit)],
    ] as const) {
      const error = await rejection(run)
      expectDocumentedJwtError(error, [SENTINEL, token.split('.')[2]!], what)
      expect(error, what).toMatchObject({ code: 'ERR_JWT_INVALID', reason: 'too_deep' })
    }
  })

  it('verify and decodeUnverified refuse a header nested 6,000 deep', async () => {
    const header = `{"alg":"HS256","x":${nestedText(6_000)}}`
    const token = forge(header, { sub: 'a' }, 'c2ln')
    for (const run of [() => verify(token, secret, HS256), () => decodeUnverified(token)]) {
      const error = await rejection(run)
      expect(error).toBeInstanceOf(JwtError)
      expect(error).toMatchObject({ code: 'ERR_JWS_INVALID', reason: 'too_deep' })
    }
  })

  it('tokenInfoToClaims refuses claims no JWT would carry: a ValidationError naming the claim', () => {
    const info = JSON.parse(
      `{"user_name":"a","user_id":1,"role":"r","owner_id":2,"data_center":"US","scopes":[],` +
        `"issued_at":"2024-05-01T12:00:00Z","deep":${nestedText(6_000)}}`,
    )
    const error = (() => {
      try {
        tokenInfoToClaims(info)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues).toEqual([
      { path: '/deep', keyword: 'maxDepth', message: expect.stringContaining(String(MAX_NESTING_DEPTH)) },
    ])
  })
})

describe('odd token text', () => {
  it.each([
    ['a BOM before the token', 'malformed', (t: string) => `\uFEFF${t}`],
    ['a CRLF after the token', 'malformed', (t: string) => `${t}\r\n`],
    ['a space inside', 'malformed', (t: string) => t.replace('.', ' .')],
    ['nothing', 'malformed', () => ''],
    ['white space only', 'malformed', () => ' \t\r\n'],
    ['non-base64url characters', 'malformed', (t: string) => t.replace(/.$/, '+/=')],
    ['non-ASCII characters', 'malformed', (t: string) => `${t}é`],
    ['four parts', 'malformed', (t: string) => `${t}.x`],
    ['a 20 MB header', 'too_large', (t: string) => `${'e'.repeat(20_000_000)}${t}`],
  ])('%s is a typed %s error for verify and decodeUnverified', async (name, reason, change) => {
    const token = await sign({ sub: 'a' }, secret, { alg: 'HS256' })
    const odd = change(token)
    const signature = token.split('.')[2]!
    for (const [what, run] of [
      ['verify', () => verify(odd, secret, HS256)],
      ['decodeUnverified', () => decodeUnverified(odd)],
    ] as const) {
      const error = await rejection(run)
      const jwtError = expectDocumentedJwtError(error, [SENTINEL, signature], `${what}: ${name}`)
      expect(jwtError.reason, `${what}: ${name}`).toBe(reason)
    }
  })
})
