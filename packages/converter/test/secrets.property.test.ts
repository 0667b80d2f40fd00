/**
 * No secret reaches an output unless asked for. Records of every session model, generated from their
 * schemas, carry a sentinel in every secret the schema marks and under secret names in any casing where
 * no schema describes the key (drift at the top level, drift inside declared objects, whole drift
 * subtrees); every conversion (to common, OCSF and every vendor, and from a common session that kept its
 * secrets) and every loss and error message is searched for it. With `includeSecrets` the same sentinels do come out, so the search can fail.
 */
import { arbitraryFor } from '@session-schemas/arbitraries'
import { defineValue } from '@session-schemas/core/internal'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  COMMON_MODEL,
  convert,
  isSecretName,
  SESSION_MODELS,
  toCommon,
  toOcsf,
  vendorModels,
} from '../src/index.js'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300)
const SENTINEL = 'SENTINEL-7f3a'
const serialize = (value: unknown) =>
  JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)) ?? ''

/** Secret names as upstreams spell them; no schema declares any of them as something else. */
const NAMES = [
  'Token',
  'TOKEN',
  'token',
  'sessionId',
  'SessionID',
  'session_id',
  'Session-Id',
  'credential_uid',
  'UidAlt',
  'Session Id',
  'session.id',
  'token ',
  // Credentials of any API (core's isCredentialName), and a compatibility form (fullwidth letters).
  'access_token',
  'refreshToken',
  'client_secret',
  'X-Api-Key',
  'db_password',
  'ｔｏｋｅｎ',
  // Accents and a dotless i come off (NFKD), and more credential names.
  'to\u0301ken',
  'sécret',
  'credentıal',
  'secretAccessKey',
  'ssh_private_key',
  'client_assertion',
  'passwords',
  // Session cookies and wrapped private keys (an adversarial review found them in clear).
  'JSESSIONID',
  'PHPSESSID',
  'ASP.NET_SessionId',
  'private_key_pem',
  'privateKeyData',
]
/** Also a secret name, but an Intersight tag declares `Key` (its tag key): only where nothing is described. */
const FREE_NAMES = [...NAMES, 'Key', 'KEY', 'key']

const secretValue = fc.oneof(
  fc.constant(SENTINEL),
  fc.constant({ value: SENTINEL }),
  fc.constant([SENTINEL]),
  fc.integer().map((n) => `${SENTINEL}-${n}`),
)

interface Injection {
  /** Where: the root, a random object inside, or a new drift subtree at the root. */
  readonly site: 'root' | 'inside' | 'subtree'
  readonly name: string
  readonly value: unknown
  readonly pick: number
}

const injection: fc.Arbitrary<Injection> = fc.oneof(
  fc.record({
    site: fc.constant('root' as const),
    name: fc.constantFrom(...NAMES),
    value: secretValue,
    pick: fc.nat(),
  }),
  fc.record({
    site: fc.constant('inside' as const),
    name: fc.constantFrom(...NAMES),
    value: secretValue,
    pick: fc.nat(),
  }),
  fc.record({
    site: fc.constant('subtree' as const),
    name: fc.constantFrom(...FREE_NAMES),
    value: secretValue,
    pick: fc.nat(),
  }),
)

/** Every plain object inside a value (not the value itself). */
function objectsIn(value: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item !== 'object' || item === null) continue
    if (item !== value && !Array.isArray(item)) found.push(item as Record<string, unknown>)
    for (const child of Object.values(item)) stack.push(child)
  }
  return found
}

/** The record with sentinels in its marked secrets and at the injection sites (changed in place: a fresh value). */
function plant(modelId: string, record: Record<string, unknown>, injections: readonly Injection[]): void {
  const model = vendorModels.get(modelId)!
  for (const pointer of model.secrets(record)) {
    const key = pointer.slice(1)
    if (typeof record[key] === 'string') record[key] = SENTINEL
  }
  for (const { site, name, value: shared, pick } of injections) {
    const value = structuredClone(shared)
    if (site === 'root' && !Object.hasOwn(record, name)) defineValue(record, name, value)
    if (site === 'subtree')
      defineValue(record, `x-drift-${pick % 3}`, { list: [{ [name]: value }], [name]: value })
    if (site === 'inside') {
      const inside = objectsIn(record)
      if (inside.length > 0) {
        const target = inside[pick % inside.length]!
        if (!Object.hasOwn(target, name)) defineValue(target, name, value)
      }
    }
  }
}

function outputs(from: string, source: unknown, includeSecrets: boolean): string {
  const parts: unknown[] = []
  const common = toCommon(from, source, { includeSecrets })
  parts.push(common)
  try {
    parts.push(toOcsf(common.value, { includeSecrets }))
  } catch (error) {
    parts.push((error as Error).message)
  }
  for (const to of SESSION_MODELS) {
    try {
      parts.push(convert(source, { from, to, includeSecrets }))
    } catch (error) {
      parts.push((error as Error).message)
    }
  }
  // A common session stored with its secrets (`--include-secrets` upstream) read back as the source.
  const kept = toCommon(from, source, { includeSecrets: true }).value
  for (const to of [COMMON_MODEL, ...SESSION_MODELS]) {
    try {
      parts.push(convert(kept, { from: COMMON_MODEL, to, includeSecrets }))
    } catch (error) {
      parts.push((error as Error).message)
    }
  }
  try {
    parts.push(toOcsf(kept, { includeSecrets }))
  } catch (error) {
    parts.push((error as Error).message)
  }
  return serialize(parts)
}

describe('secret names', () => {
  it('come from the schemas and the names of credentials, in any casing, form and with or without separators', () => {
    for (const name of [...FREE_NAMES, 'SESSIONID', 'uid_alt', 'Session ID', 'session.id', ' key', 'to/ken'])
      expect(isSecretName(name), name).toBe(true)
    for (const name of [
      'user',
      'username',
      'tokens',
      'keys',
      'Moid',
      'id',
      'token_type',
      'authorization',
      'password_policy',
    ])
      expect(isSecretName(name), name).toBe(false)
  })
})

describe.each(SESSION_MODELS)('secrets of %s', (modelId) => {
  const model = vendorModels.get(modelId)!
  const valid = arbitraryFor(model.schema).filter(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x) && model.check(x),
  )

  it(`never come out unless asked for (${RUNS} runs)`, () => {
    let planted = 0
    fc.assert(
      fc.property(valid, fc.array(injection, { minLength: 1, maxLength: 4 }), (x, injections) => {
        const record = structuredClone(x) as Record<string, unknown>
        plant(modelId, record, injections)
        fc.pre(model.check(record))
        if (!serialize(record).includes(SENTINEL)) return
        planted++
        expect(outputs(modelId, record, false)).not.toContain(SENTINEL)
        // The control: asked for, the secrets do come out (so the search above can find them).
        expect(serialize(toCommon(modelId, record, { includeSecrets: true }))).toContain(SENTINEL)
      }),
      { numRuns: RUNS },
    )
    expect(planted).toBeGreaterThan(RUNS / 4)
  })
})
