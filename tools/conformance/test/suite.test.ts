/**
 * The official JSON Schema Test Suite (draft 2020-12) through both of our validators: the generated
 * ahead-of-time check (the generator's real output, evaluated) and the explaining evaluator behind
 * `errors()`. Every case of every keyword file we claim must pass; files and groups that use what we do
 * not support are listed with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { bundle, emitCheck, instantiateCheck } from '@session-schemas/codegen'
import { Evaluator, type JsonSchema, type JsonSchemaObject, SchemaIndex } from '@session-schemas/core'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './examples.js'

// A copy of json-schema-org/JSON-Schema-Test-Suite (MIT, see its SOURCE.md for the commit).
const SUITE = path.join(repoRoot, 'tools/conformance/json-schema-test-suite')
const TESTS = path.join(SUITE, 'tests/draft2020-12')

/** Keyword files we claim: every case must pass (groups using unsupported keywords are listed). */
const CLAIMED = [
  'additionalProperties',
  'allOf',
  'anchor',
  'anyOf',
  'boolean_schema',
  'const',
  'default',
  'dependentRequired',
  'enum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'if-then-else',
  'infinite-loop-detection',
  'items',
  'maxItems',
  'maxLength',
  'maxProperties',
  'maximum',
  'minItems',
  'minLength',
  'minProperties',
  'minimum',
  'multipleOf',
  'not',
  'oneOf',
  'pattern',
  'patternProperties',
  'prefixItems',
  'properties',
  'propertyNames',
  'ref',
  'refRemote',
  'required',
  'type',
  'uniqueItems',
]
/** Files we do not claim, and why. */
const OUT_OF_SCOPE: Record<string, string> = {
  contains: 'contains/minContains/maxContains are not supported (no session schema needs them)',
  minContains: 'contains/minContains/maxContains are not supported',
  maxContains: 'contains/minContains/maxContains are not supported',
  content: 'contentMediaType/contentEncoding/contentSchema are not supported',
  defs: 'validates a schema against the draft 2020-12 meta-schema, which needs $dynamicRef',
  dependentSchemas: 'dependentSchemas is not supported',
  dynamicRef: '$dynamicRef/$dynamicAnchor are not supported',
  unevaluatedItems: 'unevaluatedItems is not supported',
  unevaluatedProperties: 'unevaluatedProperties is not supported',
  vocabulary: 'custom meta-schemas ($vocabulary) are not supported: only the draft 2020-12 meta-schema',
  format:
    'run separately below: we assert formats (format-assertion semantics), so its "only an annotation by default" cases are inverted by design',
}
/** Format files we claim (optional/format), all cases. */
const FORMATS = ['date-time', 'date', 'ipv4', 'ipv6', 'uuid']

interface Group {
  description: string
  schema: JsonSchema
  tests: { description: string; data: unknown; valid: boolean }[]
}

function readGroups(file: string): Group[] {
  return JSON.parse(readFileSync(path.join(TESTS, file), 'utf8'))
}

function remotes(): [string, JsonSchema][] {
  const dir = path.join(SUITE, 'remotes')
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
    )
  return walk(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [`http://localhost:1234/${path.relative(dir, f)}`, JSON.parse(readFileSync(f, 'utf8'))])
}
const REMOTES = remotes()

function loadAotCheck(schema: JsonSchema, index: SchemaIndex): (value: unknown) => boolean {
  const flat = typeof schema === 'boolean' ? schema : bundle(index, schema as JsonSchemaObject).schema
  return instantiateCheck(emitCheck(flat as JsonSchemaObject))
}

interface Counts {
  passed: number
  failed: number
  skipped: number
  skippedGroups: string[]
}
const report = new Map<string, Counts>()

function runFile(label: string, groups: Group[]) {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0, skippedGroups: [] }
  report.set(label, counts)
  for (const group of groups) {
    const index = new SchemaIndex()
    for (const [uri, remote] of REMOTES) {
      try {
        index.add(remote, uri)
      } catch {
        // A remote we cannot index is only a problem for the groups that use it.
      }
    }
    index.add(group.schema)
    let evaluator: Evaluator
    let aot: (value: unknown) => boolean
    try {
      evaluator = new Evaluator(group.schema, { index })
      aot = loadAotCheck(group.schema, index)
    } catch (error) {
      counts.skipped += group.tests.length
      counts.skippedGroups.push(`${group.description}: ${(error as Error).message}`)
      continue
    }
    for (const test of group.tests) {
      const got = {
        aot: aot(test.data),
        errors: evaluator.errors(test.data).length === 0,
        check: evaluator.check(test.data),
      }
      const ok = got.aot === test.valid && got.errors === test.valid && got.check === test.valid
      if (ok) counts.passed++
      else counts.failed++
      expect.soft(got, `${label} / ${group.description} / ${test.description}`).toEqual({
        aot: test.valid,
        errors: test.valid,
        check: test.valid,
      })
    }
  }
}

describe('JSON Schema Test Suite, draft 2020-12', () => {
  it('lists every keyword file as claimed or out of scope', () => {
    const files = readdirSync(TESTS)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
    expect(files.filter((f) => !CLAIMED.includes(f) && !(f in OUT_OF_SCOPE))).toEqual([])
  })

  it.each(CLAIMED)('%s.json', (name) => {
    runFile(`${name}.json`, readGroups(`${name}.json`))
    const counts = report.get(`${name}.json`)!
    expect(counts.failed).toBe(0)
    expect(counts.passed).toBeGreaterThan(0)
  })

  it.each(FORMATS)('optional/format/%s.json', (name) => {
    runFile(`optional/format/${name}.json`, readGroups(`optional/format/${name}.json`))
    const counts = report.get(`optional/format/${name}.json`)!
    expect(counts).toMatchObject({ failed: 0, skipped: 0 })
  })

  it('date-time: all 33 cases', () => {
    expect(report.get('optional/format/date-time.json')?.passed).toBe(33)
  })

  it('format.json: non-strings are ignored, and invalid strings are rejected (assertion semantics)', () => {
    for (const group of readGroups('format.json')) {
      const format = (group.schema as { format: string }).format
      if (!FORMATS.includes(format)) continue
      const evaluator = new Evaluator(group.schema)
      const aot = loadAotCheck(group.schema, new SchemaIndex())
      for (const test of group.tests) {
        const expected = typeof test.data === 'string' ? false : test.valid
        expect(
          { aot: aot(test.data), errors: evaluator.errors(test.data).length === 0 },
          test.description,
        ).toEqual({
          aot: expected,
          errors: expected,
        })
      }
    }
  })

  afterAll(() => {
    const lines = [...report].map(([file, c]) => {
      const skipped = c.skippedGroups.map((g) => `\n      skipped group: ${g}`).join('')
      return `  ${file.padEnd(40)} passed ${String(c.passed).padStart(4)}  failed ${c.failed}  skipped ${c.skipped}${skipped}`
    })
    const out = Object.entries(OUT_OF_SCOPE).map(
      ([file, why]) => `  ${`${file}.json`.padEnd(40)} out of scope: ${why}`,
    )
    console.log(`JSON Schema Test Suite (draft 2020-12):\n${lines.join('\n')}\n${out.join('\n')}`)
  })
})
