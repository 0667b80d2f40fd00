import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ValidationError } from '@session-schemas/core'
import { parseJson } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { check as checkClaims } from '../src/generated/Claims.gen.js'
import { claimsToTokenInfo, TokenInfoError, tokenInfoToClaims } from '../src/index.js'

const xiqExamples = path.resolve(
  import.meta.dirname,
  '../../../schemas/extremecloudiq/examples/valid/XiqApiTokenInfo',
)
const jwtExamples = path.resolve(import.meta.dirname, '../../../schemas/jwt/examples/valid/Claims')
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8')

const base = {
  user_name: 'admin@cust001.com',
  user_id: 1,
  role: 'Administrator',
  owner_id: 102,
  data_center: 'US_WEST',
  scopes: ['account:r', 'device:list'],
  issued_at: '2024-05-01T12:00:00Z',
}

describe('tokenInfoToClaims', () => {
  it('maps an exact XiqApiTokenInfo as XIQ tokens carry it, with no loss', () => {
    const { value, losses, unmapped } = tokenInfoToClaims({
      ...base,
      expiration_time: '2024-05-02T12:00:00Z',
    })
    expect(value).toEqual({
      sub: 'admin@cust001.com',
      iat: 1714564800,
      exp: 1714651200,
      scope: 'account:r device:list',
      user_id: 1,
      role: 'Administrator',
      owner_id: 102,
      data_center: 'US_WEST',
    })
    expect(losses).toEqual([])
    expect(unmapped).toEqual({})
  })

  it('adds the caller-supplied RFC 9068 claims', () => {
    const { value } = tokenInfoToClaims(base, {
      issuer: 'https://auth.example.com',
      audience: ['a', 'b'],
      jti: 'id-1',
      clientId: 'c',
    })
    expect(value).toMatchObject({
      iss: 'https://auth.example.com',
      aud: ['a', 'b'],
      jti: 'id-1',
      client_id: 'c',
    })
  })

  it('reports sub-second digits, offsets, leap seconds and lowercase letters as precision losses', () => {
    const cases: [string, number, RegExp][] = [
      ['2024-05-01T12:00:00.123Z', 1714564800, /fraction \.123/],
      ['2024-05-01T14:00:00+02:00', 1714564800, /offset \+02:00/],
      ['2024-05-01T12:00:00+00:00', 1714564800, /offset \+00:00 becomes Z/],
      ['2016-12-31T23:59:60Z', 1483228799, /leap second/],
      ['2017-01-01T00:59:60+01:00', 1483228799, /leap second.*offset \+01:00/],
      ['2024-05-01t12:00:00z', 1714564800, /lowercase/],
    ]
    for (const [issuedAt, iat, message] of cases) {
      const { value, losses } = tokenInfoToClaims({ ...base, issued_at: issuedAt })
      expect(value.iat, issuedAt).toBe(iat)
      expect(losses).toEqual([
        { path: '/issued_at', kind: 'precision', message: expect.stringMatching(message) },
      ])
    }
  })

  it('writes int64 ids beyond 2^53 as decimal strings, and flags a number that was already unsafe', () => {
    const exact = tokenInfoToClaims({
      ...base,
      user_id: 9223372036854775807n,
      owner_id: -9223372036854775808n,
    })
    expect(exact.value.user_id).toBe('9223372036854775807')
    expect(exact.value.owner_id).toBe('-9223372036854775808')
    expect(exact.losses).toEqual([])
    // A safe bigint is the same JSON integer as a number.
    expect(tokenInfoToClaims({ ...base, user_id: 5n }).value.user_id).toBe(5)
    const rounded = tokenInfoToClaims({ ...base, user_id: 2 ** 60 })
    expect(rounded.value.user_id).toBe('1152921504606846976')
    expect(rounded.losses).toEqual([{ path: '/user_id', kind: 'precision', message: expect.any(String) }])
  })

  it('leaves out scopes that are not RFC 6749 scope-tokens and reports each one', () => {
    const { value, losses } = tokenInfoToClaims({
      ...base,
      scopes: ['ok', 'has space', 'quo"te', 'back\\slash', '', 'ünï', 'tab\t', 'fine:too'],
    })
    expect(value.scope).toBe('ok fine:too')
    expect(losses.map((l) => [l.path, l.kind])).toEqual([
      ['/scopes/1', 'invalid'],
      ['/scopes/2', 'invalid'],
      ['/scopes/3', 'invalid'],
      ['/scopes/4', 'invalid'],
      ['/scopes/5', 'invalid'],
      ['/scopes/6', 'invalid'],
    ])
    expect(checkClaims(value)).toBe(true)
    expect(tokenInfoToClaims({ ...base, scopes: [] }).value).not.toHaveProperty('scope')
  })

  it('keeps expires_in out of the claims (relative) and in unmapped', () => {
    const { value, losses, unmapped } = tokenInfoToClaims({ ...base, expires_in: 86400 })
    expect(value).not.toHaveProperty('expires_in')
    expect(losses).toEqual([{ path: '/expires_in', kind: 'relative', message: expect.any(String) }])
    expect(unmapped).toEqual({ expires_in: 86400 })
  })

  it('copies drift as private claims, and drops registered names and __proto__ with a loss', () => {
    const info = JSON.parse(read(xiqExamples, 'reconstructed-with-drift.json'))
    // Object spread defines properties: the own "__proto__" key of the parsed example stays an own key.
    const withRegistered = { ...info, iss: 'spoofed', exp: 1 }
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype)
    const { value, losses, unmapped } = tokenInfoToClaims(withRegistered)
    expect(value).toMatchObject({
      customer_id: info.customer_id,
      hiq_enabled: info.hiq_enabled,
      quota: info.quota,
    })
    // The drift "iss" and "exp" do not become claims: exp is still expiration_time's.
    expect(value).not.toHaveProperty('iss')
    expect(value.exp).toBe(Date.parse('2025-04-03T07:15:30Z') / 1000)
    expect(Object.hasOwn(value, '__proto__')).toBe(false)
    expect(Object.hasOwn(value, 'constructor')).toBe(false)
    const dropped = losses.filter((l) => l.kind === 'dropped').map((l) => l.path)
    expect(dropped.sort()).toEqual(['/__proto__', '/constructor', '/exp', '/iss'])
    expect(Object.hasOwn(unmapped, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(unmapped)).toBe(Object.prototype)
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeBefore)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('redacts drift with a secret name (claims are signed and passed on) unless includeSecrets', () => {
    const info = {
      ...base,
      token: 'SENTINEL-tok',
      SessionId: 'SENTINEL-sid',
      nested: { key: 'SENTINEL-k', kept: 1 },
      list: [{ session_id: 'SENTINEL-l' }],
    }
    const { value, losses } = tokenInfoToClaims(info)
    expect(JSON.stringify(value)).not.toContain('SENTINEL')
    expect(JSON.stringify(losses)).not.toContain('SENTINEL')
    expect(value).toMatchObject({ token: '<redacted>', nested: { key: '<redacted>', kept: 1 } })
    expect(
      losses
        .filter((l) => l.kind === 'redacted')
        .map((l) => l.path)
        .sort(),
    ).toEqual(['/SessionId', '/list/0/session_id', '/nested/key', '/token'])
    const named = tokenInfoToClaims(info, { optionNames: { includeSecrets: '--include-secrets' } })
    expect(named.losses.find((l) => l.kind === 'redacted')?.message).toMatch(/--include-secrets/)
    const kept = tokenInfoToClaims(info, { includeSecrets: true })
    expect(kept.value).toMatchObject({ token: 'SENTINEL-tok', nested: { key: 'SENTINEL-k' } })
    expect(kept.losses.filter((l) => l.kind === 'redacted')).toEqual([])
  })

  it('redacts a secret-named object whole (its keys are the secret), and plural credential names', () => {
    const info = {
      ...base,
      cookies: { 'JSESSIONID=SENTINEL-cookie': true },
      credentials: { 'SENTINEL-AKIA': { secret: 'SENTINEL-v' } },
      access_tokens: ['SENTINEL-eyJ'],
      api_keys: ['SENTINEL-k1', 'SENTINEL-k2'],
      session_ids: ['SENTINEL-s'],
      tokens: 3,
    }
    const { value, losses, unmapped } = tokenInfoToClaims(info)
    expect(JSON.stringify({ value, losses, unmapped })).not.toContain('SENTINEL')
    expect(value).toMatchObject({
      cookies: '<redacted>',
      credentials: '<redacted>',
      access_tokens: ['<redacted>'],
      api_keys: ['<redacted>', '<redacted>'],
      session_ids: ['<redacted>'],
      // A bare `tokens` is a count as often as a list: no secret name.
      tokens: 3,
    })
    expect(
      losses
        .filter((l) => l.kind === 'redacted')
        .map((l) => l.path)
        .sort(),
    ).toEqual(['/access_tokens', '/api_keys', '/cookies', '/credentials', '/session_ids'])
    const { user_name, scopes, issued_at, ...drift } = info
    expect(tokenInfoToClaims(info, { includeSecrets: true }).value).toMatchObject(drift)
  })

  it('no key or text of any object or list under a secret name reaches the claims, unless includeSecrets', () => {
    const { tree, object } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
      leaf: fc.oneof(
        fc.string({ maxLength: 6 }).map((s) => `SENTINEL-${s}`),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
      ),
      array: fc.array(tie('tree'), { maxLength: 3 }),
      object: fc.dictionary(
        fc.string({ maxLength: 6 }).map((s) => `SENTKEY-${s}`),
        tie('tree'),
        { minKeys: 1, maxKeys: 3 },
      ),
    }))
    const keyed = fc.oneof(
      object,
      fc.tuple(fc.array(tree, { maxLength: 2 }), object).map(([items, inner]) => [...items, inner]),
    )
    const name = fc.constantFrom(
      'token',
      'credentials',
      'cookies',
      'Session-Id',
      'access_tokens',
      'session_tokens',
      'api_keys',
      'access_keys',
      'session_ids',
    )
    fc.assert(
      fc.property(name, keyed, (key, secret) => {
        const info = { ...base, [key]: secret }
        const result = tokenInfoToClaims(info)
        expect(JSON.stringify(result)).not.toMatch(/SENTKEY|SENTINEL/)
        expect(result.losses.filter((l) => l.kind === 'redacted').map((l) => l.path)).toEqual([`/${key}`])
        // Asked for, the value is a claim as it was, and comes back to the same token info.
        const kept = tokenInfoToClaims(info, { includeSecrets: true })
        expect((kept.value as Record<string, unknown>)[key]).toStrictEqual(secret)
        expect(claimsToTokenInfo(kept.value).value).toStrictEqual(info)
      }),
      { numRuns: 500 },
    )
  })

  it('converts every valid XIQ example, and validates its input first', () => {
    for (const file of ['full.json', 'minimal.json', 'non-expiring.json', 'user-id-beyond-2-53.json']) {
      const { value } = tokenInfoToClaims(parseJson(read(xiqExamples, file)))
      expect(checkClaims(value), file).toBe(true)
    }
    expect(() => tokenInfoToClaims({ ...base, user_id: '1' } as never)).toThrow(ValidationError)
    expect(() => tokenInfoToClaims(base, { audience: 42 } as never)).toThrow(TypeError)
  })
})

describe('claimsToTokenInfo', () => {
  it('reads a real-shaped XIQ token claims set, keeping its private claims as drift', () => {
    const claims = JSON.parse(read(jwtExamples, 'xiq-token.json'))
    const { value, losses, unmapped } = claimsToTokenInfo(claims)
    expect(value).toEqual({
      user_name: 'admin@cust001.com',
      user_id: 1,
      role: 'Administrator',
      owner_id: 102,
      data_center: 'US_WEST',
      scopes: ['account:r', 'device:list', 'device:r', 'site:list'],
      issued_at: '2024-05-01T12:00:00Z',
      expiration_time: '2024-05-02T12:00:00Z',
      customer_id: 1,
      customer_mode: 0,
      hiq_enabled: true,
      org_id: 0,
      quota: '7500;w=3600',
      shard: 'US',
    })
    expect(losses).toEqual([{ path: '/iss', kind: 'dropped', message: expect.any(String) }])
    expect(unmapped).toEqual({ iss: 'https://extremecloudiq.com' })
  })

  it('reads decimal-string int64 claims back as exact bigints', () => {
    const claims = JSON.parse(read(jwtExamples, 'xiq-token-with-drift.json'))
    const { value } = claimsToTokenInfo(claims)
    expect(value.user_id).toBe(9223372036854775807n)
    expect(value.owner_id).toBe(9007199254740991)
    expect(claimsToTokenInfo({ ...claims, user_id: '42' }).value.user_id).toBe(42)
  })

  it('derives expires_in from an injected clock, and only then', () => {
    const claims = {
      sub: 'a',
      user_id: 1,
      role: 'r',
      owner_id: 2,
      data_center: 'd',
      scope: 's',
      iat: 100,
      exp: 1000,
    }
    expect(claimsToTokenInfo(claims).value).not.toHaveProperty('expires_in')
    const { value, losses } = claimsToTokenInfo(claims, { now: new Date(400_900) })
    expect(value.expires_in).toBe(600)
    expect(value.expiration_time).toBe('1970-01-01T00:16:40Z')
    expect(losses).toEqual([
      { path: '/expires_in', kind: 'derived', message: expect.stringContaining('now') },
    ])
    expect(() => claimsToTokenInfo(claims, { now: new Date(Number.NaN) })).toThrow(TypeError)
  })

  it('writes NumericDate fractions back exactly, and reports an empty scope and roles[0]', () => {
    const { value, losses } = claimsToTokenInfo({
      sub: 'a',
      user_id: 1,
      roles: ['Operator', 'Monitor'],
      owner_id: 2,
      data_center: 'd',
      iat: 1714564800.25,
    })
    expect(value.issued_at).toBe('2024-05-01T12:00:00.25Z')
    expect(value.role).toBe('Operator')
    expect(value.scopes).toEqual([])
    expect(losses.map((l) => [l.path, l.kind])).toEqual([
      ['/role', 'derived'],
      ['/scopes', 'derived'],
      ['/roles', 'dropped'],
    ])
  })

  it('throws a TokenInfoError naming every missing or unreadable required field, never a partial object', () => {
    let error: unknown
    try {
      claimsToTokenInfo({ iss: 'x', user_id: '9999999999999999999', owner_id: 1, iat: 1e15 })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TokenInfoError)
    const fields = (error as TokenInfoError).fields
    expect(fields.map((f) => [f.field, f.claim, f.problem])).toEqual([
      ['user_name', 'sub', 'missing'],
      ['user_id', 'user_id', 'invalid'],
      ['role', 'role', 'missing'],
      ['data_center', 'data_center', 'missing'],
      ['issued_at', 'iat', 'invalid'],
    ])
    expect((error as TokenInfoError).message).toMatch(/user_name \(claim "sub"/)
    expect(() => claimsToTokenInfo({ sub: 1 } as never)).toThrow(ValidationError)
  })

  it('keeps a __proto__ claim as data: dropped with a loss, never on a prototype', () => {
    const claims = JSON.parse(
      '{"sub":"a","user_id":1,"role":"r","owner_id":2,"data_center":"d","iat":1,"__proto__":{"isAdmin":true}}',
    )
    const { value, losses, unmapped } = claimsToTokenInfo(claims)
    expect(Object.hasOwn(value, '__proto__')).toBe(false)
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect((value as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(losses).toContainEqual({ path: '/__proto__', kind: 'dropped', message: expect.any(String) })
    expect(Object.getOwnPropertyDescriptor(unmapped, '__proto__')?.value).toEqual({ isAdmin: true })
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })
})
