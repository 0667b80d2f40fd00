/** The JWS algorithms a caller may allow (RFC 8725 §3.1: an explicit allow-list, never "whatever the key allows"). */

/** Every JWS `alg` jose implements. `none` is not one of them and is never accepted. */
export const JWS_ALGORITHMS = Object.freeze([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'ML-DSA-44',
  'ML-DSA-65',
  'ML-DSA-87',
] as const)

export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number]

const KNOWN: ReadonlySet<string> = new Set(JWS_ALGORITHMS)

/** Whether `alg` is one of `JWS_ALGORITHMS`, spelled exactly. */
export function isKnownAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && KNOWN.has(alg)
}

/** `none` in any spelling (RFC 8725bis: "noNE" is `none` too). */
export function isNone(alg: string): boolean {
  return alg.toLowerCase() === 'none'
}

/** Whether `alg` is an HMAC algorithm (a shared secret, not a key pair). */
export function isHmac(alg: string): boolean {
  return /^HS(256|384|512)$/.test(alg)
}

/** Checks an `algorithms` option: a non-empty list of known algorithms, exact spelling, never `none`. */
export function checkAlgorithms(algorithms: unknown): JwsAlgorithm[] {
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new TypeError('algorithms is required: a non-empty allow-list such as ["RS256"]')
  for (const alg of algorithms) {
    if (typeof alg !== 'string' || isNone(alg)) throw new TypeError('"none" is never an allowed algorithm')
    if (!KNOWN.has(alg))
      throw new TypeError(`unknown algorithm ${JSON.stringify(alg)}: one of ${JWS_ALGORITHMS.join(', ')}`)
  }
  return [...algorithms]
}

/** Checks the `alg` of `sign`: one known algorithm, never `none`. */
export function checkSigningAlgorithm(alg: unknown): JwsAlgorithm {
  return checkAlgorithms([alg])[0]!
}
