/**
 * The generated errors() against its reference, the explaining evaluator: for every example under
 * schemas/ (valid and invalid, fed to every model) and for mutated records of every model, the issues
 * (path, keyword, message, order, and the `maxIssues` count) must be deep-equal, for several `maxIssues`.
 * Also the depth limit of recursive models and values that throw while they are read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { arbitraryFor } from '@session-schemas/arbitraries'
import { vendorModels } from '@session-schemas/converter'
import { model as ocsf } from '@session-schemas/converter/Authentication'
import { model as common } from '@session-schemas/converter/Session'
import { type Model, readJson } from '@session-schemas/core'
import { Evaluator } from '@session-schemas/core/internal'
import { models as jwtModels } from '@session-schemas/jwt-claims'
import * as Nested from '@session-schemas/vsphere/vapi.std.NestedLocalizableMessage'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mutated } from './mutate.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)
const root = path.resolve(import.meta.dirname, '../../..')
const MAX_ISSUES = [undefined, 0, 1, 2, 5, Number.POSITIVE_INFINITY]

const models: Model<unknown>[] = [
  ...vendorModels.values(),
  ...jwtModels,
  common as Model<unknown>,
  ocsf as Model<unknown>,
]

/** The reference: the evaluator the models used before, with the models' depth limit. */
const references = new Map(models.map((m) => [m, new Evaluator(m.schema, { maxDepth: 512 })]))

function expectSameIssues(model: Model<unknown>, value: unknown, what: string): void {
  const reference = references.get(model)!
  for (const maxIssues of MAX_ISSUES) {
    const options = maxIssues === undefined ? {} : { maxIssues }
    expect(model.errors(value, options), `${model.id}, ${what}, maxIssues ${maxIssues}`).toEqual(
      reference.errors(value, options),
    )
  }
}

/** Every JSON file under schemas/<vendor>/examples, read exactly (integers beyond 2^53 as bigints). */
function exampleFiles(): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (name.endsWith('.json') && name !== 'expected-errors.json') files.push(file)
    }
  }
  for (const vendor of readdirSync(path.join(root, 'schemas'), { withFileTypes: true })) {
    const dir = path.join(root, 'schemas', vendor.name, 'examples')
    if (vendor.isDirectory() && existsSync(dir)) walk(dir)
  }
  return files
}

describe('generated errors() equals the evaluator', () => {
  const files = exampleFiles()

  it('finds the examples (valid and invalid)', () => {
    expect(files.filter((f) => f.includes(`${path.sep}invalid${path.sep}`)).length).toBeGreaterThan(100)
    expect(files.filter((f) => f.includes(`${path.sep}valid${path.sep}`)).length).toBeGreaterThan(50)
  })

  it('on every example, for every model', () => {
    let invalid = 0
    for (const file of files) {
      const value = readJson(readFileSync(file, 'utf8'))
      for (const model of models) {
        expectSameIssues(model, value, path.relative(root, file))
        if (!model.check(value)) invalid++
      }
    }
    expect(invalid).toBeGreaterThan(files.length)
  })

  for (const model of models) {
    it(`on mutated ${model.id} (${RUNS} runs)`, () => {
      let invalid = 0
      fc.assert(
        fc.property(mutated(arbitraryFor(model.schema).filter((x) => model.check(x))), (value) => {
          if (!model.check(value)) invalid++
          expectSameIssues(model, value, 'a mutated record')
        }),
        { numRuns: RUNS },
      )
      expect(invalid).toBeGreaterThan(RUNS / 10)
    })
  }

  it('a recursive model: issues at every level, and the same maxDepth issue beyond the limit', () => {
    const model = Nested.model as Model<unknown>
    /** A message whose parameter holds a nested message, `levels` times (3 containers per level). */
    const nested = (levels: number, bad: (level: number) => boolean) => {
      let message: Record<string, unknown> = { id: 'leaf' }
      for (let i = 0; i < levels; i++) {
        const params: Record<string, unknown> = { p: { l: message } }
        if (bad(i)) params.q = { i: 'x', format: 'short' }
        message = { id: `m${i}`, params }
      }
      return message
    }
    const shallow = nested(100, (i) => i % 7 === 0)
    expect(Nested.errors(shallow, { maxIssues: Number.POSITIVE_INFINITY })).toHaveLength(2 * 15)
    expectSameIssues(model, shallow, 'a message nested 100 levels')
    for (const levels of [171, 300]) {
      const deep = nested(levels, (i) => i % 50 === 0)
      expect(Nested.errors(deep).map((i) => i.keyword)).toContain('maxDepth')
      expectSameIssues(model, deep, `a message nested ${levels} levels`)
    }
  })

  it('a recursive model: check, errors() and the evaluator agree container by container at the depth limit', () => {
    const model = Nested.model as Model<unknown>
    const reference = references.get(model)!
    // Each level adds 3 containers (message, params, p); the leaves end 0, 1 or 2 containers deeper, so
    // the deepest container sits at every depth around 512.
    const leaves = [{ id: 'leaf' }, { id: 'leaf', params: {} }, { id: 'leaf', params: { p: {} } }]
    const verdicts: boolean[] = []
    for (let levels = 168; levels <= 171; levels++) {
      for (const leaf of leaves) {
        let message: Record<string, unknown> = leaf
        for (let i = 0; i < levels; i++) message = { id: `m${i}`, params: { p: { l: message } } }
        const what = `${levels} levels, leaf ${JSON.stringify(leaf)}`
        const valid = reference.errors(message).length === 0
        expect(Nested.check(message), what).toBe(valid)
        expect(model.errors(message).length === 0, what).toBe(valid)
        verdicts.push(valid)
      }
    }
    // Both sides of the limit were reached.
    expect(new Set(verdicts)).toEqual(new Set([true, false]))
  })

  it('a value that throws while it is read: the evaluator says where, and nothing throws', () => {
    const model = vendorModels.get('extremecloudiq/XiqApiTokenInfo')!
    const hostile = {
      user_name: 1,
      get role(): string {
        throw new Error('no role here')
      },
    }
    expect(model.errors(hostile)).toContainEqual(
      expect.objectContaining({
        keyword: 'value',
        message: 'cannot be read: a getter or a Proxy threw while it was read (not a JSON value)',
      }),
    )
    // What the getter threw is the caller's text: not repeated.
    expect(JSON.stringify(model.errors(hostile))).not.toMatch(/no role here/)
    expectSameIssues(model, hostile, 'a throwing getter')
  })
})
