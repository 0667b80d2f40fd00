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
import { joseMessage } from './jose-errors.js'
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
 * What kind of key an HMAC secret's bytes are, if they are one: a public key is public, so a verifier that
 * took it as the secret accepts tokens anyone can make. Found in the forms keys travel in, wherever the text
 * sits (a BOM, a tab or other bytes before it; UTF-16): PEM armour in any case, a JWK (or a JWK Set, a list
 * of JWKs, a JWK as a JSON string), an OpenSSH public key, and a key's DER as bytes or in base64, base64url or
 * hex (SPKI, PKCS#8, a certificate, PKCS#1). A random secret matches none of them.
 */
function keyText(bytes: Uint8Array): string | undefined {
  if (isKeyDer(bytes)) return 'a DER key'
  // (NUL bytes dropped: UTF-16 text reads as its ASCII letters.)
  const text = new TextDecoder().decode(bytes).replaceAll('\u0000', '').trim()
  if (text.toUpperCase().includes('-----BEGIN')) return 'PEM text'
  if (isJwkText(text)) return 'a JWK as JSON text'
  if (/^(ssh-|ecdsa-sha2-)/.test(text)) return 'an OpenSSH public key'
  const body = text.replace(/\s+/g, '')
  if (body.length < 40) return undefined
  const decoded = /^[0-9a-fA-F]+$/.test(body) && body.length % 2 === 0 ? fromHex(body) : fromBase64(body)
  if (decoded === undefined) return undefined
  if (isKeyDer(decoded)) return 'a DER key in base64 or hex'
  const inner = new TextDecoder().decode(decoded).trim()
  if (isJwkText(inner)) return 'a JWK in base64'
  // An OpenSSH key's blob starts with the length of its type name, then the name (`ssh-ed25519`, ...).
  if (decoded[0] === 0 && decoded[1] === 0 && decoded[2] === 0 && /^(ssh-|ecdsa-sha2-)/.test(inner.slice(1)))
    return 'an OpenSSH public key'
  return undefined
}

/** A JWK, a JWK Set, a list of JWKs, or any of them written as a JSON string. */
function isJwkText(text: string, nested = false): boolean {
  if (!/^["{[]/.test(text)) return false
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return false
  }
  if (typeof value === 'string') return !nested && isJwkText(value.trim(), true)
  const isJwk = (item: unknown) =>
    typeof item === 'object' && item !== null && ('kty' in item || 'keys' in item)
  return Array.isArray(value) ? value.some(isJwk) : isJwk(value)
}

/** Base64 or base64url (padding optional) as bytes, or undefined when it is neither. */
function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined
  const standard = text.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '')
  // A length of 4n + 1 is no base64 at all (atob would throw on it).
  if (standard.length % 4 === 1) return undefined
  try {
    return Uint8Array.from(atob(standard), (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
}

function fromHex(text: string): Uint8Array {
  return Uint8Array.from({ length: text.length / 2 }, (_, i) =>
    Number.parseInt(text.slice(2 * i, 2 * i + 2), 16),
  )
}

/**
 * DER of a key or certificate: a SEQUENCE whose first bytes hold the object identifier of its algorithm,
 * one under 1.2.840 (RSA, RSA-PSS, EC, and the signature algorithms of certificates: `06 xx 2A 86 48`) or
 * 1.3.101 (Ed25519, Ed448, X25519: `06 03 2B 65`); or a PKCS#1 RSA public key, which names no algorithm: a
 * SEQUENCE of two INTEGERs, the first (the modulus) over 127 bytes long.
 */
function isKeyDer(der: Uint8Array): boolean {
  if (der[0] !== 0x30) return false
  for (let i = 1; i + 4 < Math.min(der.length, 64); i++) {
    if (der[i] !== 0x06) continue
    const length = der[i + 1]!
    if (length >= 3 && length <= 11 && der[i + 2] === 0x2a && der[i + 3] === 0x86 && der[i + 4] === 0x48)
      return true
    if (length === 3 && der[i + 2] === 0x2b && der[i + 3] === 0x65) return true
  }
  // 30 82 LL LL 02 82|81 ...: a long SEQUENCE that starts with a long INTEGER.
  return der[1] === 0x82 && der[4] === 0x02 && (der[5] === 0x81 || der[5] === 0x82)
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
      // jose's reason (a local JWK Set's: `Unsupported "alg" value for a JSON Web Key Set`) is said, without
      // token text; any other resolver's message (a URL, a network error) is kept as the cause, not repeated.
      const why = error instanceof errors.JOSEError ? `: ${joseMessage(error.message)}` : ' (see the cause)'
      throw new JwtError('ERR_JWKS_INVALID', 'jwks', `the key resolver failed${why}`, { cause: error })
    }
    // jose calls the resolver only for an allowed algorithm.
    checkKey(key, header.alg as JwsAlgorithm, 'verify')
    return key as Key
  }
}
