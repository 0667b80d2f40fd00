/**
 * Every example under schemas/ gets the same verdict from three independent validators: our generated
 * validators (`check`, and `errors` agreeing with it), Python's jsonschema and ajv (draft 2020-12,
 * strict, ajv-formats). Invalid examples must also produce their recorded error (path and keyword).
 *
 * What each validator is given: ours, the example read with core's `readJson` (integers beyond 2^53 are
 * exact bigints); Python, the file read with `json.load` (exact Python ints, and exact int64 bounds in
 * the schemas); ajv, the example read with `JSON.parse` (doubles: integers beyond 2^53 rounded, and the
 * schemas' int64 maximum rounded to 2^63). The loader refuses an example tree with anything unchecked.
 */
import { loadSchemas } from '@session-schemas/codegen'
import { manifest } from '@session-schemas/converter/manifest'
import type { Model } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import { compileAjv } from './ajv.js'
import { checkSameModels, loadExamples, repoRoot } from './examples.js'
import { pythonVerdicts } from './python.js'

/**
 * Every example that holds an integer beyond 2^53 (the loader finds them; this list must match). ajv is
 * given such an example rounded, so its verdict is compared only where rounding cannot change the verdict;
 * `exactnessDecides` says whether it can, and is checked by running our validator on both values.
 */
const BEYOND_2_53: Record<string, { readonly exactnessDecides: boolean }> = {
  // 9007199254740993 (2^53 + 1) where a string is required: invalid whatever its value.
  'common/Session/invalid/uid-as-number.json': { exactnessDecides: false },
  // 2^63 - 1 (the int64 maximum) and 2^53 + 1. Rounded, the maximum becomes 2^63, which our validators
  // still accept as a number (it may be a rounded maximum) and ajv compares with the maximum rounded alike.
  'extremecloudiq/XiqApiTokenInfo/valid/user-id-beyond-2-53.json': { exactnessDecides: false },
  // 2^53 + 1: within int64 whether read exactly or rounded.
  'vsphere/vim25.UserSession/valid/callcount-beyond-2-53.json': { exactnessDecides: false },
}

const { examples, modelsWithSchema, modelsWithExamples } = loadExamples(repoRoot)
/** Every model every package of the manifest exports. */
const packageModels: readonly Model<unknown>[] = (
  await Promise.all(
    [...new Set(manifest.map((facts) => facts.package))].map(
      async (name) => ((await import(name)) as { models: readonly Model<unknown>[] }).models,
    ),
  )
).flat()
const byId = new Map(packageModels.map((model) => [model.id, model]))
const ajv = compileAjv(loadSchemas(repoRoot).files)
const python = pythonVerdicts(repoRoot, examples)

function modelOf(modelId: string): Model<unknown> {
  const model = byId.get(modelId)
  if (!model) throw new Error(`no package has a model ${modelId}`)
  return model
}

describe('examples: what is checked', () => {
  it('every schema has a model in a package, and every model in a package has a schema', () => {
    expect(() =>
      checkSameModels(
        packageModels.map((m) => m.id),
        modelsWithSchema,
      ),
    ).not.toThrow()
  })

  it('the manifest lists exactly the models with a schema, and its top-level models are those with examples', () => {
    expect(manifest.map((facts) => facts.id).sort()).toEqual([...modelsWithSchema].sort())
    expect(
      manifest
        .filter((facts) => facts.document)
        .map((facts) => facts.id)
        .sort(),
    ).toEqual([...modelsWithExamples].sort())
  })

  it('every model without examples is a part of another model (else it is a document lacking examples)', () => {
    const referenced = new Set(
      packageModels.flatMap((model) =>
        Object.values((model.schema.$defs ?? {}) as Record<string, { title?: unknown }>).map((d) => d.title),
      ),
    )
    const parts = modelsWithSchema.filter((id) => !modelsWithExamples.includes(id))
    expect(parts.length).toBeGreaterThan(0)
    expect(parts.filter((id) => !referenced.has(id))).toEqual([])
  })

  it('every model with examples has at least 3 valid and 5 invalid', () => {
    for (const modelId of modelsWithExamples) {
      const of = examples.filter((e) => e.modelId === modelId)
      expect.soft(of.filter((e) => e.valid).length, `${modelId} valid examples`).toBeGreaterThanOrEqual(3)
      expect.soft(of.filter((e) => !e.valid).length, `${modelId} invalid examples`).toBeGreaterThanOrEqual(5)
    }
  })

  it('lists every example with an integer beyond 2^53, and whether exactness decides its verdict', () => {
    const found = Object.fromEntries(
      examples
        .filter((e) => e.beyond2to53)
        .map((e) => {
          const model = modelOf(e.modelId)
          return [e.key, { exactnessDecides: model.check(e.data) !== model.check(e.asDoubles) }]
        }),
    )
    expect(found).toEqual(BEYOND_2_53)
    expect(Object.keys(found).length, 'the exact int64 path is exercised').toBeGreaterThan(0)
  })
})

describe("examples: the manifest's secret paths", () => {
  /** A concrete JSON Pointer matches a manifest path, where `*` stands for any one item or key. */
  const matches = (template: string, pointer: string) => {
    const [a, b] = [template.split('/'), pointer.split('/')]
    return a.length === b.length && a.every((token, i) => token === '*' || token === b[i])
  }

  it('cover every secret a model finds in its valid examples (and some are found)', () => {
    let found = 0
    for (const example of examples.filter((e) => e.valid)) {
      const paths = manifest.find((facts) => facts.id === example.modelId)!.secrets.paths
      for (const pointer of modelOf(example.modelId).secrets(example.data)) {
        found++
        expect(
          paths.some((template) => matches(template, pointer)),
          `${example.file}: ${pointer}`,
        ).toBe(true)
      }
    }
    expect(found).toBeGreaterThan(10)
  })
})

describe('examples: three validators, one verdict', () => {
  it.each(examples.map((e) => [e.key, e] as const))('%s', (key, example) => {
    const model = modelOf(example.modelId)
    const ours = model.check(example.data)
    const ajvVerdict = BEYOND_2_53[key]?.exactnessDecides
      ? 'not asked: ajv sees the value rounded, and exactness decides'
      : ajv.get(example.modelId)!(example.asDoubles)
    const verdicts = { ours, python: python[key], ajv: ajvVerdict }
    expect(verdicts, `${example.file}: the three verdicts`).toEqual({
      ours: example.valid,
      python: example.valid,
      ajv: typeof ajvVerdict === 'string' ? ajvVerdict : example.valid,
    })
    const issues = model.errors(example.data)
    expect(issues.length === 0, `${example.file}: errors() agrees with check()`).toBe(ours)
    if (!example.valid) {
      expect(issues.map((i) => ({ path: i.path, keyword: i.keyword }))).toContainEqual(example.expected)
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5)
    }
  })
})
