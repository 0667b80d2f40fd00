/**
 * The converter skips the evaluator for keys with a secret name that a model's schema describes in every
 * valid value (the manifest's `secrets.described`, e.g. an Intersight tag's `Key`). On every model, for
 * valid values generated from its schema with keys of secret names (in other casings too) put anywhere,
 * and for its valid examples, the named secrets found with that shortcut are exactly those found without.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { arbitraryFor } from '@session-schemas/arbitraries'
import { fromPointer, type Model, readJson, toPointer } from '@session-schemas/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { manifest } from '../src/generated/manifest.gen.js'
import { vendorModels } from '../src/index.js'
import { namedSecrets } from '../src/internal.js'
import { commonModel } from '../src/registry.js'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200)
const root = path.resolve(import.meta.dirname, '../../..')
const models: Model<unknown>[] = [...vendorModels.values(), commonModel() as Model<unknown>]

/** Names of secrets in several casings, and names that only look alike. */
const NAMES = [
  'Key',
  'key',
  'KEY',
  'token',
  'Token',
  'SessionId',
  'session_id',
  'sessionid',
  'Secret',
  'password',
  'uid_alt',
  'keys',
  'Name',
]

/** Every object in `value` (depth first), the places a key can be put. */
function objects(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objects(item, found)
  else if (typeof value === 'object' && value !== null) {
    found.push(value as Record<string, unknown>)
    for (const child of Object.values(value)) objects(child, found)
  }
  return found
}

/** A copy of `value` with each `[where, name]` put as a key of the where-th object (mod their count). */
function withKeys(value: unknown, puts: readonly (readonly [number, string])[]): unknown {
  const copy = structuredClone(value)
  const places = objects(copy)
  if (places.length === 0) return copy
  for (const [where, name] of puts) places[where % places.length]![name] = `drift-${name}`
  return copy
}

/**
 * A copy of `value` with a key at `pattern`'s place (`*`: the first item or key, made if there is none):
 * the place the shortcut trusts, reached through whatever branch of the schema the value takes there.
 */
function withKeyAt(value: unknown, pattern: readonly string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>
  if (typeof copy !== 'object' || copy === null) return copy
  let node: Record<string, unknown> | unknown[] = copy
  for (let i = 0; i < pattern.length - 1; i++) {
    const segment = pattern[i]!
    const fresh = () => (pattern[i + 1] === '*' ? [] : {})
    let key: string | number = segment
    if (segment === '*') {
      if (Array.isArray(node)) {
        if (node.length === 0) node.push({})
        key = 0
      } else key = Object.keys(node)[0] ?? 'x'
    }
    const record = node as Record<string | number, unknown>
    if (typeof record[key] !== 'object' || record[key] === null) record[key] = fresh()
    node = record[key] as Record<string, unknown>
  }
  // A key the generated value has there already keeps its value (an object's, such as common/Session's
  // `authorization`, would not be valid as a string).
  const last = pattern[pattern.length - 1]!
  if (!Array.isArray(node) && node[last] === undefined) node[last] = 'drift-value'
  return copy
}

const found = (model: Model<unknown>, value: unknown, useDescribed: boolean) =>
  namedSecrets(model, value, useDescribed).map(toPointer).sort()

describe('the manifest lists described secret names', () => {
  it('an Intersight tag Key is described; no marked secret is', () => {
    const session = manifest.find((facts) => facts.id === 'intersight/iam.Session')!
    expect(session.secrets.described).toContain('/Tags/*/Key')
    for (const facts of manifest)
      for (const pointer of facts.secrets.described) expect(facts.secrets.paths).not.toContain(pointer)
  })
})

describe.each(models.map((model) => [model.id, model] as const))('%s', (id, model) => {
  it('valid generated values with secret-named keys anywhere: the same secrets with the shortcut', () => {
    const puts = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...NAMES)), { maxLength: 4 })
    fc.assert(
      fc.property(arbitraryFor(model.schema), puts, (generated, where) => {
        const value = withKeys(generated, where)
        expect(found(model, value, true)).toEqual(found(model, value, false))
      }),
      { numRuns: RUNS },
    )
  })

  it('valid examples: the same secrets with the shortcut', () => {
    const [vendor, name] = id.split('/') as [string, string]
    const dir = path.join(root, 'schemas', vendor, 'examples/valid', name)
    let files: string[] = []
    try {
      files = readdirSync(dir)
    } catch {
      return // a part model without examples of its own: the generated values above cover it
    }
    for (const file of files) {
      const value = readJson(readFileSync(path.join(dir, file), 'utf8'))
      expect(found(model, value, true), file).toEqual(found(model, value, false))
    }
  })
})

const describedOf = (model: Model<unknown>) =>
  manifest.find((facts) => facts.id === model.id)!.secrets.described

describe.each(
  models
    .filter((model) => describedOf(model).length > 0)
    .map((model) => [model.id, model, describedOf(model)] as const),
)('%s', (_, model, described) => {
  it('valid values with a key put at a described place: the same secrets', () => {
    // Few generated values have room at a described place (a list's sessions need Tags): rounds of RUNS
    // go on, each with its own seed, until enough values were tried, so that the test never passes on none.
    const ENOUGH = 20
    let tried = 0
    for (let round = 0; round < 20 && tried < ENOUGH; round++)
      fc.assert(
        fc.property(arbitraryFor(model.schema), fc.constantFrom(...described), (generated, pointer) => {
          const value = withKeyAt(generated, fromPointer(pointer).map(String))
          if (!model.check(value)) return
          tried++
          expect(found(model, value, true)).toEqual(found(model, value, false))
        }),
        { numRuns: RUNS },
      )
    expect(tried).toBeGreaterThanOrEqual(ENOUGH)
  })
})
