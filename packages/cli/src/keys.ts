/**
 * Keys for `jwt sign|verify`: a PEM or JWK file (`--key FILE`), or an HMAC secret from an environment
 * variable (`--secret-env NAME`). Never a secret on the command line, where `ps` and shell history see it.
 * Whether a key fits the algorithm is the library's one rule (`checkKey`), checked before any record is read.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { type FileHandle, open } from 'node:fs/promises'
import { checkKey, type JwsAlgorithm, JwtError, type Key, type VerifyKey } from '@session-schemas/jwt-claims'
import { InputError, UsageError } from './errors.js'
import { describeReadError } from './input/sources.js'

export interface KeyOptions {
  readonly key?: string
  readonly secretEnv?: string
}

type Jwk = Record<string, unknown>

function isObject(value: unknown): value is Jwk {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** No PEM, JWK or JWK Set is near this size: a larger file (`/dev/zero`) is not read into memory. */
const MAX_KEY_BYTES = 1024 * 1024

async function readKeyFile(file: string): Promise<string> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file, 'r')
    const buffer = Buffer.alloc(MAX_KEY_BYTES + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > MAX_KEY_BYTES)
      throw new UsageError(`--key: ${file} is larger than 1 MiB: no PEM, JWK or JWK Set file is that large`)
    return buffer.toString('utf8', 0, length)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new InputError(`--key: cannot read ${file}: ${describeReadError(error)}`, { cause: error })
  } finally {
    await handle?.close()
  }
}

function secretFrom(name: string, env: NodeJS.ProcessEnv): Uint8Array {
  const value = env[name]
  if (value === undefined) throw new UsageError(`--secret-env: the environment variable ${name} is not set`)
  if (value === '') throw new UsageError(`--secret-env: the environment variable ${name} is empty`)
  return new TextEncoder().encode(value)
}

/** Node.js's reason, by its code only: its messages may quote the key file's values. */
function keyObject(make: () => KeyObject, file: string, kind: 'private' | 'public'): KeyObject {
  try {
    return make()
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why = typeof code === 'string' && /^ERR_[A-Z0-9_]+$/.test(code) ? ` (${code})` : ''
    throw new UsageError(`--key: ${file} is not a usable ${kind} key${why}`, { cause: error })
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

/** What a message calls the key: `--key FILE` or `--secret-env NAME`. */
function keyLabel(options: KeyOptions): string {
  return options.key !== undefined ? `--key ${options.key}` : `--secret-env ${options.secretEnv}`
}

export async function signingKey(options: KeyOptions, env: NodeJS.ProcessEnv): Promise<Key> {
  if (which(options) === 'secret') return secretFrom(options.secretEnv!, env)
  const file = options.key!
  const text = await readKeyFile(file)
  const jwk = parseJwk(text)
  if (jwk) {
    if (Array.isArray(jwk.keys)) throw new UsageError(`--key: ${file} is a JWK Set; signing needs one JWK`)
    // A JWK stays a JWK, so that the key rule sees its "k", "use", "key_ops" and "alg"; Node.js reads
    // an asymmetric one first, to refuse unusable material before any record.
    if (jwk.kty !== 'oct')
      keyObject(() => createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }), file, 'private')
    return jwk
  }
  return keyObject(() => createPrivateKey(text), file, 'private')
}

export async function verificationKey(options: KeyOptions, env: NodeJS.ProcessEnv): Promise<VerifyKey> {
  if (which(options) === 'secret') return secretFrom(options.secretEnv!, env)
  const file = options.key!
  const text = await readKeyFile(file)
  const jwk = parseJwk(text)
  if (jwk) {
    // A JWK Set is resolved by the token's kid (jose's local JWKS); each key it gives is checked then.
    if (isKeySet(jwk)) return jwk
    if (jwk.kty === 'oct') return jwk
    keyObject(() => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), file, 'public')
    return publicJwk(jwk)
  }
  // A public key, a certificate, or a private key (its public half is used).
  return keyObject(() => createPublicKey(text), file, 'public')
}

/** A key that cannot sign with `alg` fails every record alike: a usage error, before any is read. */
export function checkSigningKey(key: Key, alg: JwsAlgorithm, options: KeyOptions): void {
  try {
    checkKey(key, alg, 'sign')
  } catch (error) {
    if (error instanceof JwtError)
      throw new UsageError(`${keyLabel(options)}: ${error.message}`, { cause: error })
    throw error
  }
}

/**
 * A key that can verify none of the allowed algorithms is a usage error. One that fits some of them
 * rejects the tokens of the others one by one (an algorithm-confusion attempt is a token's fault).
 * A JWK Set's keys are checked token by token.
 */
export function checkVerificationKey(
  key: VerifyKey,
  algorithms: readonly JwsAlgorithm[],
  options: KeyOptions,
): void {
  if (isObject(key) && isKeySet(key)) {
    // jose picks a set's key by the token's alg among public keys only: an HS* token never finds one.
    if (algorithms.every((alg) => alg.startsWith('HS')))
      throw new UsageError(
        `${keyLabel(options)}: a JWK Set is not used for ${algorithms.join(', ')} (it holds public keys); give the HMAC secret as an oct JWK file or with --secret-env`,
      )
    return
  }
  const refusals: string[] = []
  for (const alg of algorithms) {
    try {
      checkKey(key, alg, 'verify')
      return
    } catch (error) {
      if (!(error instanceof JwtError)) throw error
      refusals.push(error.message)
    }
  }
  throw new UsageError(`${keyLabel(options)}: ${refusals.join('; ')}`)
}

/** RFC 7518 §6 and draft-ietf-cose-dilithium: the members that make a JWK private. */
const PRIVATE_MEMBERS: ReadonlySet<string> = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'priv'])

/** A private JWK's public half (verify takes the private key file too); its own parameters are kept. */
function publicJwk(jwk: Jwk): Jwk {
  return Object.fromEntries(Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.has(member)))
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
