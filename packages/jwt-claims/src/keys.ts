/** The keys `verify` and `sign` accept, and the guards jose cannot apply on its own. */
import {
  type CryptoKey,
  createLocalJWKSet,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  type KeyObject,
} from 'jose'
import { isHmac } from './algorithms.js'
import { JwtError } from './errors.js'

/** A key for one algorithm: a Web Crypto `CryptoKey`, a Node.js `KeyObject`, a JWK, or an HMAC secret's bytes. */
export type Key = CryptoKey | KeyObject | JWK | Uint8Array

/** What `verify` accepts: a key, a JSON Web Key Set (`{ keys: [...] }`), or a key resolver such as jose's `createRemoteJWKSet(url)`. */
export type VerifyKey = Key | JSONWebKeySet | JWTVerifyGetKey

const PEM = new TextEncoder().encode('-----BEGIN')

function looksLikePem(bytes: Uint8Array): boolean {
  // Leading whitespace is skipped: a PEM file read from disk often starts with a newline.
  let start = 0
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x0a || bytes[start] === 0x0d))
    start++
  return PEM.every((byte, i) => bytes[start + i] === byte)
}

/**
 * An HMAC secret must not be a public key's PEM text: that is the RS256 -> HS256 confusion attack
 * (RFC 8725 §2.1, CVE-2015-9235), where an attacker signs with the server's public key as the secret.
 */
function guardSecret(key: Uint8Array): void {
  if (looksLikePem(key))
    throw new JwtError(
      'ERR_KEY_INVALID',
      'key_mismatch',
      'a PEM-encoded key is not an HMAC secret: import it (jose importSPKI/importPKCS8) and allow its own algorithm',
    )
}

function isJwks(key: object): key is JSONWebKeySet {
  return Array.isArray((key as { keys?: unknown }).keys) && !('kty' in key)
}

/** The key as jose takes it for verification: a JWKS becomes a local key resolver. */
export function verificationKey(key: VerifyKey): Key | JWTVerifyGetKey {
  if (typeof key === 'function') return key
  if (key instanceof Uint8Array) {
    guardSecret(key)
    return key
  }
  if (typeof key === 'object' && key !== null && isJwks(key)) return createLocalJWKSet(key)
  return key as Key
}

/** Checks a signing key: an HMAC secret must be at least as long as the hash (RFC 7518 §3.2) and not a PEM. */
export function signingKey(key: Key, alg: string): Key {
  if (key instanceof Uint8Array) {
    guardSecret(key)
    const bytes = Number(alg.slice(2)) / 8
    if (isHmac(alg) && key.length < bytes)
      throw new TypeError(
        `${alg} needs a secret of at least ${bytes} bytes (RFC 7518 §3.2), got ${key.length}`,
      )
  }
  return key
}
