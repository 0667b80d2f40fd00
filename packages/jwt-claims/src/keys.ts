/**
 * The one rule for which key may be used with which algorithm, applied by `sign` and by `verify` (to a
 * key given directly, and to every key a JWKS or a resolver hands over): a key is refused here, with a
 * message that names the algorithm and the key, before jose or Web Crypto sees it.
 */
import type { CryptoKey, JSONWebKeySet, JWK, JWTVerifyGetKey, KeyObject } from 'jose'
import * as errors from 'jose/errors'
import { createLocalJWKSet } from 'jose/jwks/local'
import type { JwsAlgorithm } from './algorithms.js'
import { JwtError } from './errors.js'
import { describeKey, type KeyFacts, type KeyType, keyFacts } from './key-facts.js'

/** A key for one algorithm: a Web Crypto `CryptoKey`, a Node.js `KeyObject`, a JWK, or an HMAC secret's bytes. */
export type Key = CryptoKey | KeyObject | JWK | Uint8Array

/** What `verify` accepts: a key, a JSON Web Key Set (`{ keys: [...] }`), or a key resolver such as jose's `createRemoteJWKSet(url)`. */
export type VerifyKey = Key | JSONWebKeySet | JWTVerifyGetKey

/** What a key is used for: `sign` needs a private key (or a secret), `verify` a public key (or the secret). */
export type KeyUse = 'sign' | 'verify'

/** What an algorithm needs: RFC 7518 §3.2 (HMAC), §3.3 and §3.5 (RSA of 2048 bits or more), §3.4 (EC curves), RFC 8037 (EdDSA). */
interface Need {
  readonly type: KeyType
  readonly curve?: string
  readonly minBits?: number
  /** The Web Crypto algorithm (and hash) a CryptoKey must have been made for. */
  readonly webCrypto: string
  readonly hash?: string
  readonly text: string
}

const hmac = (bits: number): Need => ({
  type: 'oct',
  minBits: bits,
  webCrypto: 'HMAC',
  hash: `SHA-${bits}`,
  text: `an HMAC secret of at least ${bits / 8} bytes (RFC 7518 §3.2)`,
})
const rsa = (webCrypto: string, bits: number): Need => ({
  type: 'RSA',
  minBits: 2048,
  webCrypto,
  hash: `SHA-${bits}`,
  text: 'an RSA key of at least 2048 bits',
})
const ec = (curve: string): Need => ({ type: 'EC', curve, webCrypto: 'ECDSA', text: `an EC ${curve} key` })
const ed25519: Need = { type: 'OKP', curve: 'Ed25519', webCrypto: 'Ed25519', text: 'an Ed25519 key' }
const mlDsa = (set: string): Need => ({
  type: 'AKP',
  curve: set,
  webCrypto: set,
  text: `an ${set} key (AKP)`,
})

const NEEDS: Readonly<Record<JwsAlgorithm, Need>> = {
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa('RSASSA-PKCS1-v1_5', 256),
  RS384: rsa('RSASSA-PKCS1-v1_5', 384),
  RS512: rsa('RSASSA-PKCS1-v1_5', 512),
  PS256: rsa('RSA-PSS', 256),
  PS384: rsa('RSA-PSS', 384),
  PS512: rsa('RSA-PSS', 512),
  ES256: ec('P-256'),
  ES384: ec('P-384'),
  ES512: ec('P-521'),
  EdDSA: ed25519,
  Ed25519: ed25519,
  'ML-DSA-44': mlDsa('ML-DSA-44'),
  'ML-DSA-65': mlDsa('ML-DSA-65'),
  'ML-DSA-87': mlDsa('ML-DSA-87'),
}

/**
 * Throws a `JwtError` (`ERR_KEY_INVALID`, `key_mismatch`) unless `key` can `use` the algorithm `alg`:
 * the right type, curve and size (an HMAC secret at least as long as the hash, an RSA modulus of 2048
 * bits or more), a private key to sign and a public key to verify (a secret for both), no usages, `use`,
 * `key_ops` or `alg` of its own that say otherwise, and no PEM text passed as an HMAC secret.
 */
export function checkKey(key: unknown, alg: JwsAlgorithm, use: KeyUse): void {
  const facts = keyFacts(key)
  if (!facts)
    throw mismatch(
      `${alg} cannot use this value: a key is a CryptoKey, a KeyObject, a JWK or (for HMAC) a Uint8Array`,
    )
  const refusal = refusalOf(facts, alg, use)
  if (refusal !== undefined) throw mismatch(`${alg} cannot use this ${describeKey(facts)}: ${refusal}`)
}

function refusalOf(facts: KeyFacts, alg: JwsAlgorithm, use: KeyUse): string | undefined {
  if (facts.problem !== undefined) return facts.problem
  const need = NEEDS[alg]
  if (
    facts.type !== need.type ||
    (need.curve !== undefined && facts.curve !== need.curve) ||
    (need.minBits !== undefined && (facts.bits ?? 0) < need.minBits)
  )
    return `${alg} needs ${need.text}`
  const kinds = use === 'sign' ? ['private', 'secret'] : ['public', 'secret']
  if (!kinds.includes(facts.kind))
    return use === 'sign' ? 'signing needs the private key' : 'verification needs the public key'
  if (facts.webCrypto) {
    const { name, hash, usages } = facts.webCrypto
    if (name !== need.webCrypto || (need.hash !== undefined && hash !== need.hash))
      return `it was made for Web Crypto ${name}${hash ? ` ${hash}` : ''}; ${alg} needs ${need.webCrypto}${need.hash ? ` ${need.hash}` : ''}`
    if (!usages.includes(use)) return `its usages do not include "${use}"`
  }
  if (facts.jwk) {
    const { use: jwkUse, keyOps, alg: jwkAlg } = facts.jwk
    if (jwkUse !== undefined && jwkUse !== 'sig') return 'its "use" is not "sig"'
    if (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes(use)))
      return `its "key_ops" do not include "${use}"`
    if (jwkAlg !== undefined && jwkAlg !== alg) return `its "alg" is not ${alg}`
  }
  // RFC 8725 §2.1 (CVE-2015-9235): a public key's text used as the HMAC secret forges RS256 -> HS256.
  const text = facts.secret && keyText(facts.secret)
  if (text)
    return `${text} is not an HMAC secret: import the key (jose importSPKI/importPKCS8/importJWK) and allow its own algorithm`
  return undefined
}

function mismatch(message: string): JwtError {
  return new JwtError('ERR_KEY_INVALID', 'key_mismatch', message)
}

/**
 * What kind of key text an HMAC secret's bytes are, if they are one: a public key is public, so a verifier
 * that took its text as the secret accepts tokens anyone can make. Found wherever the text sits (a BOM, a
 * tab or other bytes before it): PEM armour, a JWK or JWK Set as JSON, or a key's DER in base64 (a PEM's
 * body without its armour). A random secret matches none of them.
 */
function keyText(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(bytes).trim()
  if (text.includes('-----BEGIN')) return 'PEM text'
  if (text.startsWith('{') && isJwkText(text)) return 'a JWK as JSON text'
  const body = text.replace(/\s+/g, '')
  if (body.length >= 40 && /^[A-Za-z0-9+/]+={0,2}$/.test(body) && isKeyDer(atob(body)))
    return 'a base64 DER key'
  return undefined
}

function isJwkText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && ('kty' in value || 'keys' in value)
  } catch {
    return false
  }
}

/**
 * DER of a key or certificate: a SEQUENCE whose first bytes hold the object identifier of its algorithm,
 * one under 1.2.840 (RSA, RSA-PSS, EC, and the signature algorithms of certificates: `06 xx 2A 86 48`) or
 * 1.3.101 (Ed25519, Ed448, X25519: `06 03 2B 65`). `binary` holds one byte per character (atob's output).
 */
function isKeyDer(binary: string): boolean {
  if (binary.charCodeAt(0) !== 0x30) return false
  const at = (i: number) => binary.charCodeAt(i)
  for (let i = 1; i + 4 < Math.min(binary.length, 64); i++) {
    if (at(i) !== 0x06) continue
    const length = at(i + 1)
    if (length >= 3 && length <= 11 && at(i + 2) === 0x2a && at(i + 3) === 0x86 && at(i + 4) === 0x48)
      return true
    if (length === 3 && at(i + 2) === 0x2b && at(i + 3) === 0x65) return true
  }
  return false
}

function isJwks(key: object): key is JSONWebKeySet {
  return Array.isArray((key as { keys?: unknown }).keys) && !('kty' in key)
}

/**
 * The key as jose takes it to verify a token signed with `alg`: a key is checked now; a JWKS (a local
 * key resolver) and a resolver are wrapped so that each key they hand over is checked too.
 */
export function verificationKey(key: VerifyKey, alg: JwsAlgorithm): Key | JWTVerifyGetKey {
  if (typeof key === 'function') return checkedResolver(key)
  if (typeof key === 'object' && key !== null && isJwks(key)) return checkedResolver(createLocalJWKSet(key))
  checkKey(key, alg, 'verify')
  return key as Key
}

/** jose's JWKS errors keep their code; anything else a resolver throws is the resolver failing. */
const RESOLVER_ERRORS = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWKS_INVALID',
  'ERR_JWKS_TIMEOUT',
])

function checkedResolver(resolve: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    let key: unknown
    try {
      key = await resolve(header, token)
    } catch (error) {
      if (error instanceof JwtError || (error instanceof errors.JOSEError && RESOLVER_ERRORS.has(error.code)))
        throw error
      // Its message is the resolver's (a URL, a network error): kept as the cause, not repeated.
      throw new JwtError('ERR_JWKS_INVALID', 'jwks', 'the key resolver failed (see the cause)', {
        cause: error,
      })
    }
    // jose calls the resolver only for an allowed algorithm.
    checkKey(key, header.alg as JwsAlgorithm, 'verify')
    return key as Key
  }
}
