/**
 * Every example under schemas/ gets the same verdict from three independent validators: ajv (draft
 * 2020-12, strict, ajv-formats), our generated validators (`check`, and `errors` agreeing with it) and
 * Python's jsonschema. Invalid examples must also produce their recorded error (path and keyword).
 */

import { loadSchemas } from '@session-schemas/codegen'
import { models as converter } from '@session-schemas/converter'
import type { Model } from '@session-schemas/core'
import { models as extremecloudiq } from '@session-schemas/extremecloudiq'
import { models as intersight } from '@session-schemas/intersight'
import { models as jwtClaims } from '@session-schemas/jwt-claims'
import { models as netscaler } from '@session-schemas/netscaler'
import { models as vsphere } from '@session-schemas/vsphere'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { loadExamples, repoRoot } from './examples.js'
import { pythonVerdicts } from './python.js'

const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin)

const byId = new Map<string, Model<unknown>>(
  [...converter, ...extremecloudiq, ...intersight, ...jwtClaims, ...netscaler, ...vsphere].map((model) => [
    model.id,
    model,
  ]),
)
const { examples } = loadExamples(repoRoot)

const ajv = new Ajv2020({ strict: true, allErrors: true })
addFormats(ajv)
for (const { schema } of loadSchemas(repoRoot).files) ajv.addSchema(schema)

describe('examples: three validators, one verdict', () => {
  const python = pythonVerdicts(repoRoot, examples)

  it('finds examples for every top-level model, at least 3 valid and 5 invalid each', () => {
    const counts = new Map<string, { valid: number; invalid: number }>()
    for (const e of examples) {
      const c = counts.get(e.modelId) ?? { valid: 0, invalid: 0 }
      c[e.valid ? 'valid' : 'invalid']++
      counts.set(e.modelId, c)
    }
    for (const [modelId, c] of counts) {
      expect.soft(c.valid, `${modelId} valid examples`).toBeGreaterThanOrEqual(3)
      expect.soft(c.invalid, `${modelId} invalid examples`).toBeGreaterThanOrEqual(5)
    }
    expect(counts.size).toBeGreaterThanOrEqual(13)
  })

  it.each(examples.map((e) => [e.key, e] as const))('%s', (_key, example) => {
    const model = byId.get(example.modelId)
    expect(model, `a generated model for ${example.modelId}`).toBeDefined()
    const ajvVerdict = ajv.getSchema(`https://session-schemas.dev/schemas/${example.modelId}`)!(example.data)
    const ours = model!.check(example.data)
    const pythonVerdict = python[example.key]
    const verdicts = { expected: example.valid, ajv: ajvVerdict, ours, python: pythonVerdict }
    expect(verdicts, `${example.file}: the three verdicts`).toEqual({
      expected: example.valid,
      ajv: example.valid,
      ours: example.valid,
      python: example.valid,
    })
    const issues = model!.errors(example.data)
    expect(issues.length === 0, `${example.file}: errors() agrees with check()`).toBe(ours)
    if (!example.valid) {
      expect(example.expected, `${example.file} has an entry in expected-errors.json`).toBeDefined()
      expect(issues.map((i) => ({ path: i.path, keyword: i.keyword }))).toContainEqual(example.expected)
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5)
    }
  })
})
