/**
 * No secret reaches an output unless asked for. Records of every session model, generated from their
 * schemas, carry a sentinel in every secret the schema marks and under secret names in any casing where
 * no schema describes the key (drift at the top level, drift inside declared objects, whole drift
 * subtrees); every conversion (to common, OCSF and every vendor, and from a common session that kept its
 * secrets) and every loss and error message is searched for it. With `includeSecrets` the same sentinels do come out, so the search can fail.
 * A value under a secret name is a secret whole, the keys of its objects included: objects and arrays of any
 * shape there, whose keys and strings carry sentinels, leave none in any output, and round-trip when asked for.
 */
import { arbitraryFor } from '@session-schemas/arbitraries'
import type { Loss } from '@session-schemas/core'
import { defineValue } from '@session-schemas/core/internal'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  COMMON_MODEL,
  convert,
  fromCommon,
  isSecretName,
  REDACTED,
  redactSecrets,
  SESSION_MODELS,
  toCommon,
  toOcsf,
  vendorModels,
} from '../src/index.js'
import { FULL } from './fixtures.js'

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
  // Plurals of credential names: lists of credentials (a review found them in clear; bare `tokens` is no secret).
  'access_tokens',
  'session_tokens',
  'api_keys',
  'access_keys',
  'session_ids',
  'refreshTokens',
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

/** Marks every key of a value planted under a secret name (its strings carry SENTINEL). */
const KEY_SENTINEL = 'SENTKEY-2c9d'

/** JSON trees whose every key carries KEY_SENTINEL and every string SENTINEL (numbers, booleans and null too). */
const { tree, object: secretObject } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(
    fc.string({ maxLength: 6 }).map((s) => `${SENTINEL}${s}`),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  ),
  array: fc.array(tie('tree'), { maxLength: 3 }),
  object: fc.dictionary(
    fc.string({ maxLength: 6 }).map((s) => `${KEY_SENTINEL}${s}`),
    tie('tree'),
    { minKeys: 1, maxKeys: 3 },
  ),
}))
/** An object, or a list holding one: a value with keys (`{"AKIA…": {...}}`, `[{"JSESSIONID=…": true}]`). */
const keyedValue = fc.oneof(
  secretObject,
  fc.tuple(fc.array(tree, { maxLength: 2 }), secretObject).map(([items, inner]) => [...items, inner]),
)

describe.each(SESSION_MODELS)('an object or array under a secret name in %s', (modelId) => {
  const model = vendorModels.get(modelId)!
  const valid = arbitraryFor(model.schema).filter(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x) && model.check(x),
  )
  const planted = fc.record({
    site: fc.constantFrom('root' as const, 'inside' as const, 'subtree' as const),
    name: fc.constantFrom(...NAMES),
    value: keyedValue,
    pick: fc.nat(),
  })
  const runs = Math.max(20, Math.round(RUNS / 3))

  it(`leaves none of its keys or strings in any output, and round-trips with includeSecrets (${runs} runs)`, () => {
    let checked = 0
    fc.assert(
      fc.property(valid, planted, (x, injection) => {
        const record = structuredClone(x) as Record<string, unknown>
        plant(modelId, record, [injection])
        fc.pre(model.check(record) && serialize(record).includes(KEY_SENTINEL))
        checked++
        const text = outputs(modelId, record, false)
        expect(text).not.toContain(KEY_SENTINEL)
        expect(text).not.toContain(SENTINEL)
        // Asked for, they come out, and the same vendor gets its record back exactly.
        const kept = toCommon(modelId, record, { includeSecrets: true })
        expect(serialize(kept)).toContain(KEY_SENTINEL)
        expect(fromCommon(modelId, kept.value, { includeSecrets: true }).value).toStrictEqual(record)
      }),
      { numRuns: runs },
    )
    expect(checked).toBeGreaterThan(runs / 4)
  })
})

/** Whether a value holds anything but the marker, true, false, null, lists of those and `{}` (no key, no text). */
function holdsText(value: unknown): boolean {
  if (value === REDACTED || value === null || typeof value === 'boolean') return false
  if (Array.isArray(value)) return value.some(holdsText)
  if (typeof value === 'object') return Object.keys(value as object).length > 0
  return true
}

describe.each(SESSION_MODELS)('redactSecrets on any JSON value under a secret name in %s', (modelId) => {
  const model = vendorModels.get(modelId)!

  it('keeps no key and no scalar of it, reports its path once, and a second pass changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.jsonValue({ maxDepth: 4 }), (name, secret) => {
        const record = FULL[modelId]()
        fc.pre(!Object.hasOwn(record, name))
        defineValue(record, name, secret)
        fc.pre(model.check(record))
        const losses: Loss[] = []
        const once = redactSecrets(model, record, losses) as Record<string, unknown>
        const mine = losses.filter((loss) => loss.path === `/${name}`)
        if (holdsText(secret)) {
          expect(holdsText(once[name])).toBe(false)
          // An object's keys are the secret's: the whole object is the marker.
          if (typeof secret === 'object' && secret !== null && !Array.isArray(secret))
            expect(once[name]).toBe(REDACTED)
          expect(mine).toEqual([expect.objectContaining({ kind: 'redacted' })])
        } else {
          // true, false, null, [] and {} hold no secret: they stay, with no loss.
          expect(once[name]).toStrictEqual(secret)
          expect(mine).toEqual([])
        }
        const again: Loss[] = []
        expect(redactSecrets(model, once, again)).toStrictEqual(once)
        expect(again).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })
})
