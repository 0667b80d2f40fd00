/**
 * What a key is (type, curve, size, private or public, what it says it is for), read from any form sign
 * and verify take: a Uint8Array secret, a Node.js KeyObject, a Web Crypto CryptoKey or a JWK. Never its
 * material: the facts go into error messages.
 */
import * as base64url from 'jose/base64url'

export type KeyType = 'oct' | 'RSA' | 'RSA-PSS' | 'EC' | 'OKP' | 'AKP' | 'other'

export interface KeyFacts {
  readonly form: 'Uint8Array' | 'KeyObject' | 'CryptoKey' | 'JWK'
  readonly kind: 'secret' | 'public' | 'private'
  readonly type: KeyType
  /** The curve (EC, OKP) or the ML-DSA parameter set (AKP), when known. */
  readonly curve?: string | undefined
  /** The RSA modulus, or the secret's length, in bits. */
  readonly bits?: number | undefined
  /** A secret's bytes, when they can be read (for the PEM guard). */
  readonly secret?: Uint8Array | undefined
  /** A CryptoKey's Web Crypto algorithm and usages. */
  readonly webCrypto?: {
    readonly name: string
    readonly hash?: string | undefined
    readonly usages: readonly string[]
  }
  /** A JWK's own `use`, `key_ops` and `alg` parameters. */
  readonly jwk?: { readonly use: unknown; readonly keyOps: unknown; readonly alg: unknown }
  /** Why the key cannot be read at all (a JWK without its key value), when it cannot. */
  readonly problem?: string | undefined
}

interface KeyObjectLike {
  readonly type: 'secret' | 'public' | 'private'
  readonly asymmetricKeyType?: string
  readonly asymmetricKeyDetails?: { readonly modulusLength?: number; readonly namedCurve?: string }
  readonly symmetricKeySize?: number
  export(): Uint8Array
}

interface CryptoKeyLike {
  readonly type: 'secret' | 'public' | 'private'
  readonly usages: readonly string[]
  readonly algorithm: {
    readonly name: string
    readonly hash?: { readonly name: string }
    readonly namedCurve?: string
    readonly modulusLength?: number
    readonly length?: number
  }
}

/** OpenSSL's names of the curves, as JOSE names them. */
const NODE_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
}
const KNOWN_CURVES: ReadonlySet<string> = new Set([
  'P-256',
  'P-384',
  'P-521',
  'secp256k1',
  'Ed25519',
  'Ed448',
  'X25519',
  'X448',
  'ML-DSA-44',
  'ML-DSA-65',
  'ML-DSA-87',
])
const OKP_TYPES: Readonly<Record<string, string>> = {
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
}

const tag = (value: object): unknown => (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag]

/** The facts of a key, or undefined when the value is no key in any form. */
export function keyFacts(key: unknown): KeyFacts | undefined {
  if (key instanceof Uint8Array)
    return { form: 'Uint8Array', kind: 'secret', type: 'oct', bits: key.length * 8, secret: key }
  if (typeof key !== 'object' || key === null) return undefined
  if (tag(key) === 'KeyObject') return keyObjectFacts(key as KeyObjectLike)
  if (tag(key) === 'CryptoKey') return cryptoKeyFacts(key as CryptoKeyLike)
  const jwk = key as Record<string, unknown>
  if (typeof jwk.kty === 'string') return jwkFacts(jwk)
  return undefined
}

function keyObjectFacts(key: KeyObjectLike): KeyFacts {
  const form = 'KeyObject'
  if (key.type === 'secret') {
    const secret = key.export()
    return { form, kind: 'secret', type: 'oct', bits: secret.length * 8, secret }
  }
  const kind = key.type
  const details = key.asymmetricKeyDetails ?? {}
  const type = key.asymmetricKeyType ?? ''
  if (type === 'rsa') return { form, kind, type: 'RSA', bits: details.modulusLength }
  if (type === 'rsa-pss') return { form, kind, type: 'RSA-PSS', bits: details.modulusLength }
  if (type === 'ec') return { form, kind, type: 'EC', curve: NODE_CURVES[details.namedCurve ?? ''] }
  if (OKP_TYPES[type]) return { form, kind, type: 'OKP', curve: OKP_TYPES[type] }
  if (/^ml-dsa-(44|65|87)$/.test(type)) return { form, kind, type: 'AKP', curve: type.toUpperCase() }
  return { form, kind, type: 'other' }
}

function cryptoKeyFacts(key: CryptoKeyLike): KeyFacts {
  const { name, hash, namedCurve, modulusLength, length } = key.algorithm
  const webCrypto = { name, hash: hash?.name, usages: [...key.usages] }
  const facts = (
    type: KeyType,
    more: { bits?: number | undefined; curve?: string | undefined } = {},
  ): KeyFacts => ({
    form: 'CryptoKey',
    kind: key.type,
    type,
    bits: more.bits,
    curve: more.curve,
    webCrypto,
  })
  if (name === 'HMAC') return facts('oct', { bits: length })
  if (/^RSA/.test(name)) return facts('RSA', { bits: modulusLength })
  if (name === 'ECDSA' || name === 'ECDH') return facts('EC', { curve: known(namedCurve) })
  if (/^(Ed|X)(25519|448)$/.test(name)) return facts('OKP', { curve: name })
  if (/^ML-DSA-(44|65|87)$/.test(name)) return facts('AKP', { curve: name })
  return facts('other')
}

function jwkFacts(jwk: Record<string, unknown>): KeyFacts {
  // Built field by field: an object spread per call costs microseconds on Node.js 20.
  const facts = (
    type: KeyType,
    more: Partial<Pick<KeyFacts, 'bits' | 'curve' | 'secret' | 'problem'>> = {},
  ): KeyFacts => ({
    form: 'JWK',
    kind: type === 'oct' ? 'secret' : jwk.d !== undefined || jwk.priv !== undefined ? 'private' : 'public',
    type,
    bits: more.bits,
    curve: more.curve,
    secret: more.secret,
    problem: more.problem,
    jwk: { use: jwk.use, keyOps: jwk.key_ops, alg: jwk.alg },
  })
  switch (jwk.kty) {
    case 'oct': {
      const secret = decode(jwk.k)
      if (!secret) return facts('oct', { problem: 'its "k" is missing or not base64url' })
      return facts('oct', { bits: secret.length * 8, secret })
    }
    case 'RSA': {
      const modulus = decode(jwk.n)
      if (!modulus) return facts('RSA', { problem: 'its "n" is missing or not base64url' })
      return facts('RSA', { bits: bitLength(modulus) })
    }
    case 'EC':
    case 'OKP':
      return facts(jwk.kty, { curve: known(jwk.crv) })
    case 'AKP':
      return facts('AKP', { curve: known(jwk.alg) })
    default:
      return facts('other')
  }
}

/** A name from the key, only when it is one of the known ones (a key file's text is not echoed). */
function known(name: unknown): string | undefined {
  return typeof name === 'string' && KNOWN_CURVES.has(name) ? name : undefined
}

/** Strict base64url (no padding, no other characters), or undefined. */
function decode(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
  try {
    return base64url.decode(text)
  } catch {
    return undefined
  }
}

function bitLength(bytes: Uint8Array): number {
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  if (start === bytes.length) return 0
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!))
}

/** "2048-bit RSA private key (KeyObject)", "32-byte HMAC secret (oct JWK)": what a message calls the key. */
export function describeKey(facts: KeyFacts): string {
  const form = facts.form === 'JWK' && facts.type === 'oct' ? 'oct JWK' : facts.form
  if (facts.type === 'oct') {
    const size = facts.bits === undefined ? '' : `${facts.bits / 8}-byte `
    return `${size}HMAC secret (${form})`
  }
  const size = facts.bits === undefined ? '' : `${facts.bits}-bit `
  const kind = facts.kind
  switch (facts.type) {
    case 'RSA':
    case 'RSA-PSS':
      return `${size}${facts.type} ${kind} key (${form})`
    case 'EC':
      return `EC ${facts.curve ?? '(unknown curve)'} ${kind} key (${form})`
    case 'OKP':
    case 'AKP':
      return `${facts.curve ?? `${facts.type} (unknown curve)`} ${kind} key (${form})`
    default:
      return `${kind} key of a type no JWS algorithm uses (${form})`
  }
}
