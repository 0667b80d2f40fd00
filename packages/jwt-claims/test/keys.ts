/**
 * Every kind of key the tests can make, in every form the package takes (Uint8Array, KeyObject, JWK,
 * CryptoKey), each as the pair `sign` and `verify` would be given: the private key (or the secret) to
 * sign, the public key (or the same secret) to verify. Secrets and private keys carry SENTINEL bytes
 * where the format allows it, so that a test can grep every message for them.
 */
import { createSecretKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto'
import { generateKeyPair } from 'jose'

/** A recognisable secret: every HMAC secret the tests make starts with it. */
export const SENTINEL = 'SENTINEL-5ecret-ab12cd34'

export interface KeyCase {
  readonly name: string
  /** What `sign` is given. */
  readonly signing: unknown
  /** What `verify` is given: the other half, or the same secret. */
  readonly verifying: unknown
  /** Text that must never appear in a message: the secret, or the private key's material. */
  readonly secrets: readonly string[]
  /** A CryptoKey whose usages allow only one of sign and verify. */
  readonly usageLimited?: boolean
  /** Key material that is wrong in a way only the cryptography finds out (it may sign, unverifiably). */
  readonly broken?: boolean
}

const encoder = new TextEncoder()

/** A secret of `length` bytes that starts with the sentinel (or is a prefix of it). */
export function sentinelSecret(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  const text = encoder.encode(`${SENTINEL}${'x'.repeat(Math.max(0, length - SENTINEL.length))}`)
  bytes.set(text.subarray(0, length))
  return bytes
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

function secretCase(name: string, bytes: Uint8Array): KeyCase[] {
  const text = new TextDecoder().decode(bytes)
  const secrets = [text, base64url(bytes)].filter((s) => s.length >= 8)
  const jwk = { kty: 'oct', k: base64url(bytes) }
  const cases: KeyCase[] = [
    { name: `${name} (Uint8Array)`, signing: bytes, verifying: bytes, secrets },
    { name: `${name} (oct JWK)`, signing: jwk, verifying: jwk, secrets },
  ]
  // Node.js refuses a zero-length secret KeyObject itself.
  if (bytes.length > 0) {
    const key = createSecretKey(bytes)
    cases.push({ name: `${name} (KeyObject)`, signing: key, verifying: key, secrets })
  }
  return cases
}

/** The private material of a key: what must never be echoed (its JWK members, a slice of its PKCS#8). */
function privateMaterial(key: KeyObject): string[] {
  const der = (key.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64')
  const material = [der.slice(der.length / 2, der.length / 2 + 40)]
  try {
    const jwk = key.export({ format: 'jwk' }) as Record<string, unknown>
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      if (typeof jwk[member] === 'string') material.push(jwk[member])
  } catch {
    // Node.js has no JWK form for this key type (RSA-PSS, DSA).
  }
  return material
}

function pairCases(name: string, pair: { privateKey: KeyObject; publicKey: KeyObject }): KeyCase[] {
  const secrets = privateMaterial(pair.privateKey)
  const cases: KeyCase[] = [
    { name: `${name} (KeyObject)`, signing: pair.privateKey, verifying: pair.publicKey, secrets },
  ]
  let jwk: JsonWebKey | undefined
  try {
    jwk = pair.privateKey.export({ format: 'jwk' })
  } catch {
    // Node.js has no JWK form for this key type (RSA-PSS, DSA): the KeyObject is the only form.
  }
  if (jwk) {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk
    cases.push({ name: `${name} (JWK)`, signing: jwk, verifying: publicJwk, secrets })
  }
  return cases
}

/** Web Crypto keys, as jose's generateKeyPair makes them for one algorithm. */
async function cryptoKeyCase(alg: string): Promise<KeyCase> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = await crypto.subtle.exportKey('jwk', privateKey)
  const secrets = [jwk.d].filter((value): value is string => typeof value === 'string')
  return { name: `${alg} CryptoKey`, signing: privateKey, verifying: publicKey, secrets }
}

const PEM_PUBLIC = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString()

/** Every key the matrix tries, with the algorithms each is meant for (empty: none). */
export async function keyCases(): Promise<KeyCase[]> {
  const cases: KeyCase[] = []
  for (const length of [0, 1, 16, 31, 32, 47, 48, 64, 100])
    cases.push(...secretCase(`HMAC secret of ${length} bytes`, sentinelSecret(length)))
  cases.push({
    name: 'PEM text as an HMAC secret',
    signing: encoder.encode(PEM_PUBLIC),
    verifying: encoder.encode(PEM_PUBLIC),
    secrets: [],
  })
  for (const [name, k] of [
    ['oct JWK with "k": ""', ''],
    ['oct JWK with a "k" that is not base64url', `${SENTINEL}!!!${SENTINEL}`],
    ['oct JWK with a numeric "k"', 123],
  ] as const)
    cases.push({ name, signing: { kty: 'oct', k }, verifying: { kty: 'oct', k }, secrets: [] })

  const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength })
  cases.push(...pairCases('RSA 1024', rsa(1024)))
  cases.push(...pairCases('RSA 2048', rsa(2048)))
  cases.push(...pairCases('RSA 3072', rsa(3072)))
  cases.push(...pairCases('RSA-PSS 2048', generateKeyPairSync('rsa-pss', { modulusLength: 2048 })))
  for (const namedCurve of ['P-256', 'P-384', 'P-521', 'secp256k1'])
    cases.push(...pairCases(`EC ${namedCurve}`, generateKeyPairSync('ec', { namedCurve })))
  cases.push(...pairCases('Ed25519', generateKeyPairSync('ed25519')))
  cases.push(...pairCases('Ed448', generateKeyPairSync('ed448')))
  cases.push(...pairCases('X25519', generateKeyPairSync('x25519')))
  cases.push(
    ...pairCases('DSA 2048', generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })),
  )

  for (const alg of ['HS256', 'RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const) {
    if (alg === 'HS256') {
      const key = await crypto.subtle.importKey(
        'raw',
        sentinelSecret(32),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign', 'verify'],
      )
      cases.push({ name: 'HS256 CryptoKey', signing: key, verifying: key, secrets: [SENTINEL] })
    } else cases.push(await cryptoKeyCase(alg))
  }
  // CryptoKeys whose usages do not include signing: an ECDH key, an HMAC key only for verify.
  const ecdh = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])
  cases.push({
    name: 'ECDH P-256 CryptoKey (usages: deriveBits)',
    signing: ecdh.privateKey,
    verifying: ecdh.publicKey,
    secrets: [],
  })
  const verifyOnly = await crypto.subtle.importKey(
    'raw',
    sentinelSecret(32),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  cases.push({
    name: 'HMAC CryptoKey with usages ["verify"]',
    signing: verifyOnly,
    verifying: verifyOnly,
    secrets: [SENTINEL],
    usageLimited: true,
  })
  const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt'])
  cases.push({ name: 'AES-GCM CryptoKey', signing: aes, verifying: aes, secrets: [] })

  // Keys of the wrong kind: a public key to sign, a private key to verify.
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  cases.push({
    name: 'EC P-256 public KeyObject to sign, private to verify',
    signing: ec.publicKey,
    verifying: ec.privateKey,
    secrets: privateMaterial(ec.privateKey),
  })
  const ecJwk = ec.privateKey.export({ format: 'jwk' })
  const { d: _d, ...ecPublicJwk } = ecJwk
  cases.push({
    name: 'EC P-256 public JWK to sign, private JWK to verify',
    signing: ecPublicJwk,
    verifying: ecJwk,
    secrets: privateMaterial(ec.privateKey),
  })

  // JWKs whose own parameters say they are for something else.
  for (const [name, extra] of [
    ['"use": "enc"', { use: 'enc' }],
    ['"alg": "RS256"', { alg: 'RS256' }],
    ['"key_ops": ["encrypt"]', { key_ops: ['encrypt'] }],
  ] as const)
    cases.push({
      name: `EC P-256 JWK with ${name}`,
      signing: { ...ecJwk, ...extra },
      verifying: { ...ecPublicJwk, ...extra },
      secrets: privateMaterial(ec.privateKey),
    })
  cases.push({
    name: 'oct JWK of 32 bytes with "alg": "HS512"',
    signing: { kty: 'oct', k: base64url(sentinelSecret(32)), alg: 'HS512' },
    verifying: { kty: 'oct', k: base64url(sentinelSecret(32)), alg: 'HS512' },
    secrets: [base64url(sentinelSecret(32))],
  })

  // Unusable key material.
  const broken = { ...ecJwk, x: base64url(sentinelSecret(40)), d: base64url(sentinelSecret(32)) }
  const { d: _brokenD, ...brokenPublic } = broken
  cases.push({
    name: 'EC P-256 JWK whose point is not on the curve',
    signing: broken,
    verifying: brokenPublic,
    secrets: [broken.d],
    broken: true,
  })
  const rsaJwk = rsa(2048).privateKey.export({ format: 'jwk' })
  const rsaBroken = { ...rsaJwk, d: base64url(sentinelSecret(256)), p: base64url(sentinelSecret(128)) }
  cases.push({
    name: 'RSA 2048 JWK with a wrong private exponent',
    signing: rsaBroken,
    verifying: { kty: 'RSA', n: rsaJwk.n, e: rsaJwk.e },
    secrets: [rsaBroken.d, rsaBroken.p],
    broken: true,
  })
  const akp = { kty: 'AKP', alg: 'ML-DSA-44', pub: base64url(new Uint8Array(1312)) }
  cases.push({
    name: 'ML-DSA-44 AKP JWK',
    signing: { ...akp, priv: base64url(sentinelSecret(32)) },
    verifying: akp,
    secrets: [base64url(sentinelSecret(32))],
    broken: true,
  })

  // Not keys at all.
  for (const [name, value] of [
    ['null', null],
    ['undefined', undefined],
    ['a string secret', `${SENTINEL}${'x'.repeat(40)}`],
    ['a number', 42],
    ['an empty object', {}],
    ['a JWK without "kty"', { k: base64url(sentinelSecret(32)) }],
    ['a JWK with an unknown "kty"', { kty: 'XYZ' }],
    ['an RSA JWK without "n"', { kty: 'RSA', e: 'AQAB' }],
  ] as const)
    cases.push({ name, signing: value, verifying: value, secrets: [SENTINEL] })
  return cases
}
