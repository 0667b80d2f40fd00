/**
 * `jwt sign|verify` with every JWS algorithm x every kind of key file or secret: it works, or it is a
 * usage error (exit 2) in one line that names the algorithm and the key; never an "internal error", and
 * never a secret or a private key's material in anything printed.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto'
import { JWS_ALGORITHMS, type JwsAlgorithm } from '@session-schemas/jwt-claims'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, scratch } from './helpers.js'
import { runCli } from './jwt-run.js'

const tmp = scratch()
const SENTINEL = 'SENTINEL-5ecret-ab12cd34'
const CLAIMS = '{"sub":"alice"}\n'

interface KeyFile {
  readonly name: string
  /** The arguments that name the key: `--key FILE` or `--secret-env NAME`, for sign and for verify. */
  readonly sign: readonly string[]
  readonly verify: readonly string[]
  readonly env: Record<string, string>
  /** The algorithms this key signs and verifies (by the library's rule); undefined: not a key at all. */
  readonly algorithms: readonly JwsAlgorithm[] | undefined
  /** What must never be printed. */
  readonly secrets: readonly string[]
}

const RSA = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const

function material(key: KeyObject): string[] {
  const der = (key.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64')
  const found = [der.slice(der.length / 2, der.length / 2 + 40)]
  try {
    const d = (key.export({ format: 'jwk' }) as { d?: string }).d
    if (d) found.push(d)
  } catch {
    // No JWK form for this key type.
  }
  return found
}

function pairFiles(
  name: string,
  pair: { privateKey: KeyObject; publicKey: KeyObject },
  algorithms: readonly JwsAlgorithm[],
): KeyFile[] {
  const slug = name.replace(/\W+/g, '-')
  const secrets = material(pair.privateKey)
  const privatePem = tmp.file(`${slug}-private.pem`, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  const publicPem = tmp.file(`${slug}-public.pem`, pair.publicKey.export({ type: 'spki', format: 'pem' }))
  const files: KeyFile[] = [
    {
      name: `${name} PEM`,
      sign: ['--key', privatePem],
      verify: ['--key', publicPem],
      env: {},
      algorithms,
      secrets,
    },
    {
      name: `${name} private PEM to verify`,
      sign: ['--key', privatePem],
      verify: ['--key', privatePem],
      env: {},
      algorithms,
      secrets,
    },
  ]
  try {
    const privateJwk = tmp.file(
      `${slug}-private.jwk`,
      JSON.stringify(pair.privateKey.export({ format: 'jwk' })),
    )
    const publicJwk = tmp.file(`${slug}-public.jwk`, JSON.stringify(pair.publicKey.export({ format: 'jwk' })))
    files.push(
      {
        name: `${name} JWK`,
        sign: ['--key', privateJwk],
        verify: ['--key', publicJwk],
        env: {},
        algorithms,
        secrets,
      },
      {
        name: `${name} private JWK to verify`,
        sign: ['--key', privateJwk],
        verify: ['--key', privateJwk],
        env: {},
        algorithms,
        secrets,
      },
    )
  } catch {
    // Node.js has no JWK form for this key type: the PEM is the only one.
  }
  return files
}

function secretText(length: number): string {
  return `${SENTINEL}${'x'.repeat(Math.max(0, length - SENTINEL.length))}`.slice(0, length)
}

const hmacFor = (bytes: number) =>
  (['HS256', 'HS384', 'HS512'] as const).filter((alg) => bytes * 8 >= Number(alg.slice(2)))

function keyFiles(): KeyFile[] {
  const files: KeyFile[] = []
  const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength })
  files.push(...pairFiles('RSA 1024', rsa(1024), []))
  files.push(...pairFiles('RSA 2048', rsa(2048), RSA))
  files.push(...pairFiles('RSA-PSS 2048', generateKeyPairSync('rsa-pss', { modulusLength: 2048 }), []))
  files.push(...pairFiles('EC P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }), ['ES256']))
  files.push(...pairFiles('EC P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }), ['ES384']))
  files.push(...pairFiles('EC P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' }), ['ES512']))
  files.push(...pairFiles('EC secp256k1', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }), []))
  files.push(...pairFiles('Ed25519', generateKeyPairSync('ed25519'), ['EdDSA', 'Ed25519']))
  files.push(...pairFiles('Ed448', generateKeyPairSync('ed448'), []))
  files.push(...pairFiles('X25519', generateKeyPairSync('x25519'), []))

  // A JWK's own parameters are part of the rule: a P-256 key that says it is for RS256 or for encryption.
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  for (const [name, extra] of [
    ['"alg": "RS256"', { alg: 'RS256' }],
    ['"use": "enc"', { use: 'enc' }],
  ] as const) {
    const privateJwk = { ...ec.privateKey.export({ format: 'jwk' }), ...extra }
    const publicJwk = { ...ec.publicKey.export({ format: 'jwk' }), ...extra }
    const slug = name.replace(/\W+/g, '-')
    files.push({
      name: `EC P-256 JWK with ${name}`,
      sign: ['--key', tmp.file(`ec${slug}-private.jwk`, JSON.stringify(privateJwk))],
      verify: ['--key', tmp.file(`ec${slug}-public.jwk`, JSON.stringify(publicJwk))],
      env: {},
      algorithms: [],
      secrets: material(ec.privateKey),
    })
  }

  for (const length of [1, 31, 32, 48, 64]) {
    const secret = secretText(length)
    files.push({
      name: `HMAC secret of ${length} bytes (--secret-env)`,
      sign: ['--secret-env', 'JWT_SECRET'],
      verify: ['--secret-env', 'JWT_SECRET'],
      env: { JWT_SECRET: secret },
      algorithms: hmacFor(length),
      secrets: length >= 8 ? [secret] : [],
    })
  }
  for (const length of [0, 1, 32, 64]) {
    const k = Buffer.from(secretText(length)).toString('base64url')
    const file = tmp.file(`oct-${length}.jwk`, JSON.stringify({ kty: 'oct', k }))
    files.push({
      name: `oct JWK of ${length} bytes`,
      sign: ['--key', file],
      verify: ['--key', file],
      env: {},
      algorithms: hmacFor(length),
      secrets: length >= 8 ? [k, secretText(length)] : [],
    })
  }
  const badK = tmp.file('oct-bad.jwk', JSON.stringify({ kty: 'oct', k: `${SENTINEL}!!` }))
  files.push({
    name: 'oct JWK with a "k" that is not base64url',
    sign: ['--key', badK],
    verify: ['--key', badK],
    env: {},
    algorithms: [],
    secrets: [SENTINEL],
  })

  for (const [name, content] of [
    ['an empty file', ''],
    ['random bytes', randomBytes(64)],
    ['a JSON array', '[1,2]'],
    ['a JWK without kty', JSON.stringify({ k: Buffer.from(secretText(32)).toString('base64url') })],
    [
      'a PEM whose body is garbage',
      `-----BEGIN PRIVATE KEY-----\n${Buffer.from(secretText(48)).toString('base64')}\n-----END PRIVATE KEY-----\n`,
    ],
  ] as const) {
    const file = tmp.file(`${name.replace(/\W+/g, '-')}.key`, content)
    files.push({
      name,
      sign: ['--key', file],
      verify: ['--key', file],
      env: {},
      algorithms: undefined,
      secrets: [SENTINEL, Buffer.from(secretText(32)).toString('base64url')],
    })
  }
  return files
}

let files: KeyFile[]
beforeAll(() => {
  files = keyFiles()
})

/** A token of `alg` that no key here signed: the key check refuses the key before it is read. */
const foreignToken = (alg: string) =>
  `${Buffer.from(JSON.stringify({ alg })).toString('base64url')}.${Buffer.from('{"sub":"alice"}').toString('base64url')}.AAAA\n`

function expectClean(result: { stdout: string; stderr: string }, secrets: readonly string[], label: string) {
  expect(result.stderr, label).not.toMatch(/internal error/)
  for (const secret of [SENTINEL, ...secrets]) {
    expect(result.stdout, `${label}: a secret on stdout`).not.toContain(secret)
    expect(result.stderr, `${label}: a secret on stderr`).not.toContain(secret)
  }
}

/** A usage error: exit 2, nothing on stdout, one line on stderr. */
function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, label: string) {
  expect(result.code, `${label}: ${result.stderr}`).toBe(2)
  expect(result.stdout, label).toBe('')
  expect(result.stderr, label).toMatch(/^session-schemas: [^\n]+\n$/)
}

describe('jwt sign|verify x every algorithm x every kind of key', () => {
  it('works, or is a one-line usage error naming the algorithm and the key; sign and verify agree', async () => {
    for (const file of files)
      for (const alg of JWS_ALGORITHMS) {
        const label = `${alg} with ${file.name}`
        const signed = await runCli(['jwt', 'sign', '--alg', alg, ...file.sign], {
          input: CLAIMS,
          env: file.env,
        })
        expectClean(signed, file.secrets, `sign ${label}`)
        const token = signed.code === 0 ? signed.stdout : foreignToken(alg)
        const verified = await runCli(['jwt', 'verify', '--alg', alg, ...file.verify], {
          input: token,
          env: file.env,
        })
        expectClean(verified, file.secrets, `verify ${label}`)

        if (file.algorithms === undefined) {
          // Not a key at all: refused before any algorithm is looked at.
          expectUsageError(signed, `sign ${label}`)
          expectUsageError(verified, `verify ${label}`)
          continue
        }
        // ML-DSA keys cannot be written as files here; every key above is refused for it.
        if (file.algorithms.includes(alg)) {
          expect(signed.code, `sign ${label}: ${signed.stderr}`).toBe(0)
          expect(verified.code, `verify ${label}: ${verified.stderr}`).toBe(0)
          expect(verified.stdout, label).toBe('{"sub":"alice"}\n')
          continue
        }
        for (const [what, result] of [
          ['sign', signed],
          ['verify', verified],
        ] as const) {
          expectUsageError(result, `${what} ${label}`)
          expect(result.stderr, `${what} ${label}`).toMatch(
            new RegExp(`: ${alg} cannot use this .*(key|secret) \\((KeyObject|JWK|oct JWK|Uint8Array)\\): `),
          )
        }
      }
  })
})

describe('the built binary', () => {
  it('jwt sign --alg RS256 --key ec-p256.pem: exit 2, one line naming RS256 and the EC P-256 key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const pem = tmp.file('ec-p256.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const result = await cli(['jwt', 'sign', '--alg', 'RS256', '--key', pem], { input: CLAIMS })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `session-schemas: --key ${pem}: RS256 cannot use this EC P-256 private key (KeyObject): RS256 needs an RSA key of at least 2048 bits\n`,
    )
  })

  it('verify refuses the 1-byte secret that sign refuses, and an oct JWK with "k": "" alike', async () => {
    const env = { JWT_SECRET: 'x' }
    const token = foreignToken('HS256')
    for (const args of [
      ['jwt', 'sign', '--alg', 'HS256', '--secret-env', 'JWT_SECRET'],
      ['jwt', 'verify', '--alg', 'HS256', '--secret-env', 'JWT_SECRET'],
    ]) {
      const result = await cli(args, { input: args[1] === 'sign' ? CLAIMS : token, env })
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toBe(
        'session-schemas: --secret-env JWT_SECRET: HS256 cannot use this 1-byte HMAC secret (Uint8Array): HS256 needs an HMAC secret of at least 32 bytes (RFC 7518 §3.2)\n',
      )
    }
    const empty = tmp.file('empty-k.jwk', '{"kty":"oct","k":""}')
    for (const command of ['sign', 'verify']) {
      const result = await cli(['jwt', command, '--alg', 'HS256', '--key', empty], {
        input: command === 'sign' ? CLAIMS : token,
      })
      expect(result.code, command).toBe(2)
      expect(result.stderr, command).toMatch(
        /^session-schemas: --key .*: HS256 cannot use this 0-byte HMAC secret \(oct JWK\)/,
      )
    }
  })
})
