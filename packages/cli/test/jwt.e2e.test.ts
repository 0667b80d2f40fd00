/** `jwt sign|verify|decode` end to end: keys from files and the environment, never from the command line. */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cli, example, parseJsonLines, scratch } from './helpers.js'

const tmp = scratch()
const SECRET = randomBytes(32).toString('base64url')
const env = { JWT_TEST_SECRET: SECRET }
const hs = ['--alg', 'HS256', '--secret-env', 'JWT_TEST_SECRET']
const trust = ['--issuer', 'https://extremecloudiq.com', '--audience', 'https://api.example.com']
const inside = ['--now', '2024-05-02T12:00:00Z'] // the example token is valid 2024-05-01 .. 2024-05-31

async function xiqToken(): Promise<string> {
  const claims = await cli(['claims', '--from', 'extremecloudiq/XiqApiTokenInfo', ...trust], {
    input: example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json'),
  })
  const signed = await cli(['jwt', 'sign', ...hs], { input: claims.stdout, env })
  expect(signed.code).toBe(0)
  return signed.stdout
}

describe('jwt: sign, verify, turn back', () => {
  it('signs XIQ claims with an HMAC secret from the environment and verifies them', async () => {
    const token = await xiqToken()
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/)
    const verified = await cli(['jwt', 'verify', ...hs, ...trust, ...inside], { input: token, env })
    expect(verified.code).toBe(0)
    expect(parseJsonLines(verified.stdout)[0]).toMatchObject({
      sub: 'admin@example.com',
      user_id: 769490635818812,
    })
    const info = await cli(['jwt', 'verify', ...hs, ...trust, ...inside, '--token-info'], {
      input: token,
      env,
    })
    expect(parseJsonLines(info.stdout)[0]).toEqual({
      user_name: 'admin@example.com',
      user_id: 769490635818812,
      role: 'Administrator',
      owner_id: 102030,
      data_center: 'US_WEST',
      scopes: ['account:r', 'device:list', 'device:r'],
      issued_at: '2024-05-01T12:00:00Z',
      expiration_time: '2024-05-31T12:00:00Z',
      expires_in: 2505600,
    })
  })

  it('verify --token-info: a token that verifies but holds no token info says so, not "rejected" (exit 1)', async () => {
    const token = (await cli(['jwt', 'sign', ...hs], { input: '{"sub":"alice"}', env })).stdout
    const result = await cli(['jwt', 'verify', ...hs, '--token-info'], { input: token, env })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/token 1 {2}verified, but no token info: ERR_TOKEN_INFO: /)
    expect(result.stderr).not.toContain('rejected')
  })

  it('--clock-tolerance: a token expired 10 s ago passes with 30 s of tolerance, not with 5', async () => {
    const token = await xiqToken()
    const late = ['--now', '2024-05-31T12:00:10Z']
    const within = await cli(['jwt', 'verify', ...hs, ...late, '--clock-tolerance', '30'], {
      input: token,
      env,
    })
    expect(within.code, within.stderr).toBe(0)
    const beyond = await cli(['jwt', 'verify', ...hs, ...late, '--clock-tolerance', '5'], {
      input: token,
      env,
    })
    expect(beyond.stderr).toContain('ERR_JWT_EXPIRED')
  })

  it('rejects a token signed with another secret, an expired one and a wrong audience (exit 1)', async () => {
    const token = await xiqToken()
    const other = await cli(['jwt', 'verify', ...hs, ...inside], {
      input: token,
      env: { JWT_TEST_SECRET: randomBytes(32).toString('hex') },
    })
    expect(other.code).toBe(1)
    expect(other.stderr).toContain('<stdin>:1  token 1  rejected: ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
    const expired = await cli(['jwt', 'verify', ...hs], { input: token, env })
    expect(expired.code).toBe(1)
    expect(expired.stderr).toContain('ERR_JWT_EXPIRED')
    const audience = await cli(
      ['jwt', 'verify', ...hs, ...inside, '--audience', 'https://other.example.com'],
      { input: token, env },
    )
    expect(audience.stderr).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED')
  })

  it('signs with a PEM private key and verifies with the PEM public key or a JWK', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const priv = tmp.file('ec-private.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const pub = tmp.file('ec-public.pem', publicKey.export({ type: 'spki', format: 'pem' }))
    const jwk = tmp.file('ec-public.jwk', JSON.stringify(publicKey.export({ format: 'jwk' })))
    const signed = await cli(['jwt', 'sign', '--alg', 'ES256', '--key', priv, '--typ', 'JWT'], {
      input: '{"sub":"alice","iat":1714564800}',
    })
    expect(signed.code).toBe(0)
    for (const key of [pub, jwk, priv]) {
      const verified = await cli(['jwt', 'verify', '--alg', 'ES256', '--key', key], { input: signed.stdout })
      expect(verified.code, key).toBe(0)
      expect(parseJsonLines(verified.stdout)).toEqual([{ sub: 'alice', iat: 1714564800 }])
    }
    // An EC key cannot verify RS256 at all: a usage error naming the algorithm and the key, before any token.
    const wrongKey = await cli(['jwt', 'verify', '--alg', 'RS256', '--key', pub], { input: signed.stdout })
    expect(wrongKey.code).toBe(2)
    expect(wrongKey.stderr).toMatch(
      /^session-schemas: --key .*ec-public\.pem: RS256 cannot use this EC P-256 public key/,
    )
  })

  it('rejects a token whose algorithm is not allowed, when the key fits an allowed one (exit 1)', async () => {
    const long = { JWT_TEST_SECRET: randomBytes(64).toString('hex') }
    const signed = await cli(['jwt', 'sign', ...hs], { input: '{"sub":"alice"}', env: long })
    expect(signed.code).toBe(0)
    const verified = await cli(['jwt', 'verify', '--alg', 'HS512', '--secret-env', 'JWT_TEST_SECRET'], {
      input: signed.stdout,
      env: long,
    })
    expect(verified.code).toBe(1)
    expect(verified.stderr).toContain('ERR_JOSE_ALG_NOT_ALLOWED')
  })

  it('decodes without verifying, and says so loudly on stderr', async () => {
    const token = await xiqToken()
    const decoded = await cli(['jwt', 'decode'], { input: token })
    expect(decoded.code).toBe(0)
    expect(decoded.stderr).toMatch(/^WARNING: jwt decode does NOT verify anything/)
    expect(parseJsonLines(decoded.stdout)[0]).toMatchObject({
      verified: false,
      header: { alg: 'HS256' },
      payload: { sub: 'admin@example.com' },
    })
    const garbage = await cli(['jwt', 'decode'], { input: 'not.a.jwt\n' })
    expect(garbage.code).toBe(1)
    expect(garbage.stderr).toContain('WARNING')
  })
})

describe('jwt: hostile records and tokens', () => {
  it('sign: a claim with an exact bigint where --audience is asked fails that record only', async () => {
    const result = await cli(['jwt', 'sign', ...hs, '--audience', 'x'], {
      input: '{"sub":"a","aud":[9007199254740993]}\n{"sub":"b"}\n',
      env,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('record 1  not signed: the claims set has another aud than --audience')
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
  })

  it('sign: an exp beyond 2^53 is refused, not signed as a string', async () => {
    const result = await cli(['jwt', 'sign', ...hs], {
      input: '{"sub":"a","exp":99999999999999999999}\n',
      env,
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/exp is beyond 2\^53 seconds/)
  })

  it('a --key file is read up to 1 MiB only (--key /dev/zero is a usage error, not a memory blow-up)', async () => {
    const result = await cli(['jwt', 'verify', '--alg', 'RS256', '--key', '/dev/zero'], { input: 'a.b.c\n' })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--key: \/dev\/zero is larger than 1 MiB/)
  })

  it('verify: what a forged header says reaches stderr without control characters or token text', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const crit = ['\u001b]0;pwned\u0007\u001b[2J', 'eyJTOKENTEXTSECRET12345']
    const token = `${b64({ alg: 'HS256', crit })}.${b64({ sub: 'a' })}.AAAA\n`
    const result = await cli(['jwt', 'verify', ...hs], { input: token, env })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('token 1  rejected')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]|pwned|TOKENTEXT/)
  })
})

describe('jwt: usage errors (exit 2)', () => {
  it.each([
    [
      'a secret on the command line',
      ['jwt', 'sign', '--alg', 'HS256', '--secret', SECRET],
      /unknown option '--secret'/,
    ],
    [
      'no --alg',
      ['jwt', 'sign', '--secret-env', 'JWT_TEST_SECRET'],
      /required option '--alg <alg>' not specified/,
    ],
    [
      'alg none',
      ['jwt', 'verify', '--alg', 'none', '--secret-env', 'JWT_TEST_SECRET'],
      /"none" is never allowed/,
    ],
    [
      'alg nOnE',
      ['jwt', 'sign', '--alg', 'nOnE', '--secret-env', 'JWT_TEST_SECRET'],
      /"none" is never allowed/,
    ],
    [
      'an unknown alg',
      ['jwt', 'verify', '--alg', 'HS257', '--secret-env', 'JWT_TEST_SECRET'],
      /unknown algorithm "HS257"/,
    ],
    [
      'two algs to sign',
      ['jwt', 'sign', '--alg', 'HS256,HS384', '--secret-env', 'JWT_TEST_SECRET'],
      /exactly one algorithm/,
    ],
    [
      'an unset variable',
      ['jwt', 'sign', '--alg', 'HS256', '--secret-env', 'NO_SUCH_VARIABLE'],
      /NO_SUCH_VARIABLE is not set/,
    ],
    [
      'an empty variable (not called unset)',
      ['jwt', 'sign', '--alg', 'HS256', '--secret-env', 'EMPTY_VARIABLE'],
      /EMPTY_VARIABLE is empty/,
    ],
    ...['0x10', '1e3', '1.5', ' 5', '-1', '', '12345678901'].map(
      (seconds) =>
        [
          `--clock-tolerance ${JSON.stringify(seconds)}`,
          ['jwt', 'verify', ...hs, '--clock-tolerance', seconds],
          /--clock-tolerance.*a whole number of seconds/,
        ] as [string, string[], RegExp],
    ),
    ['no key at all', ['jwt', 'verify', '--alg', 'HS256'], /a key is required/],
    [
      'a missing key file',
      ['jwt', 'verify', '--alg', 'ES256', '--key', '/no/such.pem'],
      /--key: cannot read \/no\/such.pem: no such file\n/,
    ],
  ])('%s', async (_name, args, message) => {
    const result = await cli(args, { input: '{"sub":"x"}\n', env: { ...env, EMPTY_VARIABLE: '' } })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stdout).toBe('')
  })

  it('refuses an HMAC secret shorter than the hash', async () => {
    const result = await cli(['jwt', 'sign', ...hs], {
      input: '{"sub":"x"}\n',
      env: { JWT_TEST_SECRET: 'short' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/at least 32 bytes/)
  })
})

describe('jwt sign: no secret in a token unless asked for, and no token verify cannot read', () => {
  const SENTINEL = 'SENTINEL-sign-5ecret-1a2b'

  it('does not sign a claims set with members named like secrets (a token is readable by anyone holding it)', async () => {
    const record = { sub: 'alice', token: SENTINEL, nested: { session_id: `${SENTINEL}-2` } }
    const refused = await cli(['jwt', 'sign', ...hs], { input: JSON.stringify(record), env })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toContain(
      'not signed: it holds members named like secrets (/token, /nested/session_id)',
    )
    expect(refused.stderr).not.toContain(SENTINEL)
    const kept = await cli(['jwt', 'sign', ...hs, '--include-secrets'], {
      input: JSON.stringify(record),
      env,
    })
    expect(kept.code, kept.stderr).toBe(0)
    const verified = await cli(['jwt', 'verify', ...hs, '--include-secrets'], { input: kept.stdout, env })
    expect(parseJsonLines(verified.stdout)).toEqual([record])
  })

  it('signs what claims wrote (its secrets are redacted already)', async () => {
    const claims = await cli(['claims', '--from', 'auto'], {
      input: example('netscaler/examples/valid/mpssession/full-current.json'),
    })
    expect(claims.code, claims.stderr).toBe(0)
    const result = await cli(['jwt', 'sign', ...hs], { input: claims.stdout, env })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.trim().split('.')).toHaveLength(3)
  })

  it('does not sign a claims set whose token would be longer than verify and decode read (16 KiB)', async () => {
    const record = { sub: 'alice', note: 'x'.repeat(20_000) }
    const result = await cli(['jwt', 'sign', ...hs], { input: JSON.stringify(record), env })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /not signed: the token would be \d+ characters, over the 16384 that jwt verify/,
    )
    // What the limit is for: verify refuses such a token.
    const fits = await cli(['jwt', 'sign', ...hs], {
      input: JSON.stringify({ ...record, note: 'x'.repeat(10_000) }),
      env,
    })
    expect(fits.code, fits.stderr).toBe(0)
  })
})

describe('jwt verify and decode: claims named like secrets are redacted unless --include-secrets', () => {
  const SENTINEL = 'SENTINEL-claim-5ecret-9f8e7d'
  const claims = {
    sub: 'alice',
    token: SENTINEL,
    nested: { session_id: `${SENTINEL}-2`, list: [{ Key: `${SENTINEL}-3` }] },
    'Session Id': `${SENTINEL}-4`,
    access_token: `${SENTINEL}-5`,
    client_secret: `${SENTINEL}-6`,
    ｔｏｋｅｎ: `${SENTINEL}-7`,
  }

  async function signed(header: string[] = []): Promise<string> {
    const result = await cli(['jwt', 'sign', ...hs, '--include-secrets', ...header], {
      input: JSON.stringify(claims),
      env,
    })
    expect(result.code, result.stderr).toBe(0)
    return result.stdout
  }

  it('verify prints "<redacted>" in their place, and the values with --include-secrets', async () => {
    const token = await signed()
    const verified = await cli(['jwt', 'verify', ...hs], { input: token, env })
    expect(verified.code, verified.stderr).toBe(0)
    expect(verified.stdout + verified.stderr).not.toContain(SENTINEL)
    expect(parseJsonLines(verified.stdout)).toEqual([
      {
        sub: 'alice',
        token: '<redacted>',
        nested: { session_id: '<redacted>', list: [{ Key: '<redacted>' }] },
        'Session Id': '<redacted>',
        access_token: '<redacted>',
        client_secret: '<redacted>',
        ｔｏｋｅｎ: '<redacted>',
      },
    ])
    const kept = await cli(['jwt', 'verify', ...hs, '--include-secrets'], { input: token, env })
    expect(parseJsonLines(kept.stdout)).toEqual([claims])
  })

  it('verify --token-info redacts the token info it prints alike', async () => {
    const info = JSON.parse(example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json'))
    const claims = await cli(
      ['claims', '--from', 'extremecloudiq/XiqApiTokenInfo', '--include-secrets', ...trust],
      {
        input: JSON.stringify({ ...info, token: SENTINEL }),
      },
    )
    const token = (await cli(['jwt', 'sign', ...hs, '--include-secrets'], { input: claims.stdout, env }))
      .stdout
    const shownInfo = await cli(['jwt', 'verify', ...hs, ...trust, ...inside, '--token-info'], {
      input: token,
      env,
    })
    expect(shownInfo.code, shownInfo.stderr).toBe(0)
    expect(shownInfo.stdout + shownInfo.stderr).not.toContain(SENTINEL)
    expect(parseJsonLines(shownInfo.stdout)[0]).toMatchObject({
      user_name: 'admin@example.com',
      token: '<redacted>',
    })
    const kept = await cli(
      ['jwt', 'verify', ...hs, ...trust, ...inside, '--token-info', '--include-secrets'],
      {
        input: token,
        env,
      },
    )
    expect(parseJsonLines(kept.stdout)[0]).toMatchObject({ token: SENTINEL })
  })

  it('decode redacts the payload and the header alike', async () => {
    const token = await signed(['--kid', 'k1'])
    // A header member named like a secret: the token is made by hand (sign writes only alg, typ, kid).
    const [, payload, signature] = token.trim().split('.')
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1', token: SENTINEL })).toString(
      'base64url',
    )
    const decoded = await cli(['jwt', 'decode'], { input: `${token}${header}.${payload}.${signature}\n` })
    expect(decoded.code, decoded.stderr).toBe(0)
    expect(decoded.stdout + decoded.stderr).not.toContain(SENTINEL)
    const [first, second] = parseJsonLines(decoded.stdout) as { header: object; payload: object }[]
    expect(first!.header).toEqual({ alg: 'HS256', kid: 'k1' })
    expect(second!.header).toEqual({ alg: 'HS256', kid: 'k1', token: '<redacted>' })
    expect(first!.payload).toMatchObject({ sub: 'alice', token: '<redacted>', 'Session Id': '<redacted>' })
    const kept = await cli(['jwt', 'decode', '--include-secrets'], { input: token })
    expect((parseJsonLines(kept.stdout)[0] as { payload: object }).payload).toEqual(claims)
  })
})

describe('jwt verify --key with a JWK Set', () => {
  it('verifies with the set key its kid names', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const priv = tmp.file('set-private.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    const set = tmp.file(
      'set.jwks',
      JSON.stringify({
        keys: [
          { ...other.export({ format: 'jwk' }), kid: 'old' },
          { ...publicKey.export({ format: 'jwk' }), kid: 'current' },
        ],
      }),
    )
    const signed = await cli(['jwt', 'sign', '--alg', 'ES256', '--kid', 'current', '--key', priv], {
      input: '{"sub":"alice"}',
    })
    const verified = await cli(['jwt', 'verify', '--alg', 'ES256', '--key', set], { input: signed.stdout })
    expect(verified.code, verified.stderr).toBe(0)
    expect(parseJsonLines(verified.stdout)).toEqual([{ sub: 'alice' }])
  })

  it('is a usage error for HS* alone (jose takes no HMAC secret from a set), naming what to give instead', async () => {
    const set = tmp.file(
      'oct.jwks',
      JSON.stringify({ keys: [{ kty: 'oct', k: Buffer.from(SECRET).toString('base64url') }] }),
    )
    const token = (await cli(['jwt', 'sign', ...hs], { input: '{"sub":"a"}', env })).stdout
    const result = await cli(['jwt', 'verify', '--alg', 'HS256', '--key', set], { input: token })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `session-schemas: --key ${set}: a JWK Set is not used for HS256 (it holds public keys); give the HMAC secret as an oct JWK file or with --secret-env\n`,
    )
  })
})

describe('jwt verify --key SET.jwks with HS* among other algorithms', () => {
  it('rejects each HS token with the reason jose gave', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const set = tmp.file('mixed.jwks', JSON.stringify({ keys: [publicKey.export({ format: 'jwk' })] }))
    const token = (await cli(['jwt', 'sign', ...hs], { input: '{"sub":"a"}', env })).stdout
    const result = await cli(['jwt', 'verify', '--alg', 'ES256,HS256', '--key', set], { input: token })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'rejected: ERR_JWKS_INVALID (jwks): the key resolver failed: Unsupported "alg" value for a JSON Web Key Set\n',
    )
  })
})
