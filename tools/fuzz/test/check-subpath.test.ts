/**
 * Every model's check-only module (`@session-schemas/<package>/check/<model>`) gives the verdicts of the
 * model module's `check`: on every example under schemas/ (valid and invalid, fed to every model) and on
 * mutated records of each model. The two are generated from the same code; this fails if they drift apart or
 * if a model has no check module.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { arbitraryFor } from '@session-schemas/arbitraries'
import { manifest } from '@session-schemas/converter/manifest'
import { type JsonSchemaObject, readJson } from '@session-schemas/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mutated } from './mutate.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 200)
const root = path.resolve(import.meta.dirname, '../../..')

type Check = (value: unknown) => boolean
interface Pair {
  readonly id: string
  readonly schema: JsonSchemaObject
  readonly model: Check
  readonly lean: Check
}

const pairs: Pair[] = await Promise.all(
  manifest.map(async (facts) => {
    const whole = await import(/* @vite-ignore */ facts.specifier)
    const lean = await import(/* @vite-ignore */ `${facts.package}/check/${facts.subpath}`)
    return { id: facts.id, schema: whole.schema, model: whole.check, lean: lean.check }
  }),
)

function exampleValues(): unknown[] {
  const values: unknown[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (name.endsWith('.json') && name !== 'expected-errors.json')
        values.push(readJson(readFileSync(file, 'utf8')))
    }
  }
  for (const vendor of readdirSync(path.join(root, 'schemas'), { withFileTypes: true })) {
    const dir = path.join(root, 'schemas', vendor.name, 'examples')
    if (vendor.isDirectory() && existsSync(dir)) walk(dir)
  }
  return values
}

describe('the check-only modules', () => {
  it('exist for every model of the manifest, and each exports a check function', () => {
    expect(pairs.length).toBe(manifest.length)
    for (const pair of pairs) expect(typeof pair.lean, pair.id).toBe('function')
  })

  it('give the model check verdicts on every example, for every model', () => {
    const values = exampleValues()
    let valid = 0
    for (const value of values)
      for (const pair of pairs) {
        const verdict = pair.model(value)
        expect(pair.lean(value), pair.id).toBe(verdict)
        if (verdict) valid++
      }
    expect(valid).toBeGreaterThan(50)
  })

  it.each(pairs.map((pair) => [pair.id, pair] as const))('give them on mutated %s records', (_, pair) => {
    fc.assert(
      fc.property(mutated(arbitraryFor(pair.schema)), (value) => {
        expect(pair.lean(value)).toBe(pair.model(value))
      }),
      { numRuns: RUNS },
    )
  })
})
