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
  // 2^63 - 1 (the int64 maximum) and 2^53 + 1. Rounded, the maximum becomes the double 2^63, one beyond it,
  // which our validators refuse (ajv compares it with the maximum rounded alike, and would accept it).
  'extremecloudiq/XiqApiTokenInfo/valid/user-id-beyond-2-53.json': { exactnessDecides: true },
  // 2^53 + 1: within int64 whether read exactly or rounded.
  'vsphere/vim25.UserSession/valid/callcount-beyond-2-53.json': { exactnessDecides: false },
}

/**
 * Every example on which ajv with ajv-formats gives another verdict than ours and Python's, and why. Its
 * `date-time` accepts forms RFC 3339 does not have (a space for `T`, an offset without its colon or its
 * minutes); these examples show it. The list must be exactly the examples where ajv differs.
 */
const AJV_FORMATS_DIFFERS: Record<string, string> = {
  'extremecloudiq/XiqApiTokenInfo/invalid/issued-at-offset-without-colon.json':
    'date-time offset "+0000": RFC 3339 needs "+00:00"; ajv-formats accepts it',
  'intersight/iam.Session/invalid/create-time-offset-hours-only.json':
    'date-time offset "+01": RFC 3339 needs "+01:00"; ajv-formats accepts it',
  'vsphere/cis.Session.Info/invalid/created-time-space-separator.json':
    'a space between date and time: RFC 3339 section 5.6 needs "T" (the space is only a note); ajv-formats accepts it',
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

describe('examples: where ajv with ajv-formats differs', () => {
  it('differs exactly on the listed examples, each an invalid date-time that ajv-formats accepts', () => {
    const differs = examples.filter(
      (e) => !BEYOND_2_53[e.key]?.exactnessDecides && ajv.get(e.modelId)!(e.asDoubles) !== e.valid,
    )
    expect(differs.map((e) => e.key).sort()).toEqual(Object.keys(AJV_FORMATS_DIFFERS).sort())
    for (const example of differs) {
      expect(example.valid, example.key).toBe(false)
      expect(example.expected?.keyword, example.key).toBe('format')
    }
    expect(differs.length, 'the difference is shown by examples').toBeGreaterThanOrEqual(3)
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
    const ajvExpected = key in AJV_FORMATS_DIFFERS ? !example.valid : example.valid
    expect(verdicts, `${example.file}: the three verdicts`).toEqual({
      ours: example.valid,
      python: example.valid,
      ajv: typeof ajvVerdict === 'string' ? ajvVerdict : ajvExpected,
    })
    const issues = model.errors(example.data)
    expect(issues.length === 0, `${example.file}: errors() agrees with check()`).toBe(ours)
    if (!example.valid) {
      expect(issues.map((i) => ({ path: i.path, keyword: i.keyword }))).toContainEqual(example.expected)
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5)
    }
  })
})
