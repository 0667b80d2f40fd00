/**
 * Keys for `jwt sign|verify`: a PEM or JWK file (`--key FILE`), or an HMAC secret from an environment
 * variable (`--secret-env NAME`). Never a secret on the command line, where `ps` and shell history see it.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Key, VerifyKey } from '@session-schemas/jwt-claims'
import { InputError, UsageError } from './errors.js'

export interface KeyOptions {
  readonly key?: string
  readonly secretEnv?: string
}

type Jwk = Record<string, unknown>

function isObject(value: unknown): value is Jwk {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function readKeyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new InputError(`--key: cannot read ${file}: ${(error as Error).message}`, { cause: error })
  }
}

function secretFrom(name: string, env: NodeJS.ProcessEnv): Uint8Array {
  const value = env[name]
  if (value === undefined || value === '')
    throw new UsageError(`--secret-env: the environment variable ${name} is not set`)
  return new TextEncoder().encode(value)
}

function keyObject(make: () => KeyObject, file: string): KeyObject {
  try {
    return make()
  } catch (error) {
    throw new UsageError(`--key: ${file} is not a usable key: ${(error as Error).message}`, { cause: error })
  }
}

/** Exactly one of --key and --secret-env. */
function which(options: KeyOptions): 'key' | 'secret' {
  if (options.key !== undefined && options.secretEnv !== undefined)
    throw new UsageError('give either --key FILE or --secret-env NAME, not both')
  if (options.key !== undefined) return 'key'
  if (options.secretEnv !== undefined) return 'secret'
  throw new UsageError('a key is required: --key FILE (PEM or JWK) or --secret-env NAME (an HMAC secret)')
}

/** A symmetric JWK (`kty: oct`) is an HMAC secret: its bytes, so that the length check applies. */
function octSecret(jwk: Jwk, file: string): Uint8Array {
  if (typeof jwk.k !== 'string') throw new UsageError(`--key: ${file} is an oct JWK without "k"`)
  return new Uint8Array(Buffer.from(jwk.k, 'base64url'))
}

export async function signingKey(options: KeyOptions, env: NodeJS.ProcessEnv): Promise<Key> {
  if (which(options) === 'secret') return secretFrom(options.secretEnv!, env)
  const file = options.key!
  const text = await readKeyFile(file)
  const jwk = parseJwk(text)
  if (jwk) {
    if (Array.isArray(jwk.keys)) throw new UsageError(`--key: ${file} is a JWK Set; signing needs one JWK`)
    if (jwk.kty === 'oct') return octSecret(jwk, file)
    return keyObject(() => createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }), file)
  }
  return keyObject(() => createPrivateKey(text), file)
}

export async function verificationKey(options: KeyOptions, env: NodeJS.ProcessEnv): Promise<VerifyKey> {
  if (which(options) === 'secret') return secretFrom(options.secretEnv!, env)
  const file = options.key!
  const text = await readKeyFile(file)
  const jwk = parseJwk(text)
  if (jwk) {
    // A JWK Set is resolved by the token's kid (jose's local JWKS).
    if (isKeySet(jwk)) return jwk
    if (jwk.kty === 'oct') return octSecret(jwk, file)
    return keyObject(() => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), file)
  }
  // A public key, a certificate, or a private key (its public half is used).
  return keyObject(() => createPublicKey(text), file)
}

type KeySet = Extract<VerifyKey, { keys: unknown }>

function isKeySet(jwk: Jwk): jwk is Jwk & KeySet {
  return Array.isArray(jwk.keys) && jwk.keys.every(isObject)
}

function parseJwk(text: string): Jwk | undefined {
  if (!text.trimStart().startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}
