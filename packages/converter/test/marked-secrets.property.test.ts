/**
 * The converter finds a valid value's marked secrets from the manifest's paths, without evaluating the
 * schema. On every model with marked secrets, for valid values generated from its schema (drift included)
 * and for its valid examples, that gives exactly the paths the schema's own annotations give.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { arbitraryFor } from '@session-schemas/arbitraries'
import { readJson, toPointer } from '@session-schemas/core'
import { Evaluator } from '@session-schemas/core/internal'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { manifest } from '../src/generated/manifest.gen.js'
import { vendorModels } from '../src/index.js'
import { markedSecrets } from '../src/internal.js'
import { commonModel } from '../src/registry.js'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200)
const root = path.resolve(import.meta.dirname, '../../..')
const models = [...vendorModels.values(), commonModel()].filter((model) =>
  manifest.some((facts) => facts.id === model.id && facts.secrets.paths.length > 0),
)

/** What the schema's annotations mark as `format: "password"`: the reference. */
function annotated(evaluator: Evaluator, value: unknown): string[] {
  return evaluator
    .annotate(value, { keys: false })
    .annotations.formats.filter((f) => f.format === 'password')
    .map((f) => toPointer(f.path))
    .sort()
}

let examplesSecrets = 0
const ours = (model: (typeof models)[number], value: unknown) =>
  markedSecrets(model, value).map(toPointer).sort()

describe.each(models.map((model) => [model.id, model] as const))('%s', (id, model) => {
  const evaluator = new Evaluator(model.schema)

  it('valid generated values: the same paths as the annotations', () => {
    fc.assert(
      fc.property(
        arbitraryFor(model.schema).filter((value) => model.check(value)),
        (value) => {
          expect(ours(model, value)).toEqual(annotated(evaluator, value))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('valid examples: the same paths', () => {
    const [vendor, name] = id.split('/') as [string, string]
    const dir = path.join(root, 'schemas', vendor, 'examples/valid', name)
    for (const file of readdirSync(dir)) {
      const value = readJson(readFileSync(path.join(dir, file), 'utf8'))
      expect(ours(model, value), file).toEqual(annotated(evaluator, value))
      examplesSecrets += ours(model, value).length
    }
  })
})

it('the examples hold secrets to find (else the example tests prove little)', () => {
  expect(examplesSecrets).toBeGreaterThan(5)
})
