/**
 * The official JSON Schema Test Suite (draft 2020-12) through both of our validators: the generated
 * ahead-of-time check (the generator's real output, evaluated) and the explaining evaluator behind
 * `errors()`. Every case of every keyword file we claim must pass; files and groups that use what we do
 * not support are listed with the reason.
 */
import path from 'node:path'
import { Evaluator, SchemaIndex } from '@session-schemas/core'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './examples.js'
import {
  checkListing,
  type FileResult,
  loadAotCheck,
  loadRemotes,
  readSuiteFile,
  runSuiteFile,
} from './suite.js'

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

const REMOTES = loadRemotes(SUITE)
const report = new Map<string, FileResult>()

function runFile(file: string): FileResult {
  const result = runSuiteFile(TESTS, file, { remotes: REMOTES })
  report.set(file, result)
  return result
}

describe('JSON Schema Test Suite, draft 2020-12', () => {
  it('lists every keyword file as claimed or out of scope', () => {
    checkListing(TESTS, [...CLAIMED, ...Object.keys(OUT_OF_SCOPE)])
  })

  it.each(CLAIMED)('%s.json', (name) => {
    const result = runFile(`${name}.json`)
    expect(result.failures).toEqual([])
    expect(result.executed).toBeGreaterThan(0)
  })

  it.each(FORMATS)('optional/format/%s.json', (name) => {
    const result = runFile(`optional/format/${name}.json`)
    expect(result).toMatchObject({ failures: [], skippedGroups: [] })
  })

  it('date-time: all 33 cases', () => {
    expect(report.get('optional/format/date-time.json')?.executed).toBe(33)
  })

  it('format.json: non-strings are ignored, and invalid strings are rejected (assertion semantics)', () => {
    for (const group of readSuiteFile(TESTS, 'format.json')) {
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
      return `  ${file.padEnd(40)} executed ${String(c.executed).padStart(4)}  failed ${c.failures.length}${skipped}`
    })
    const out = Object.entries(OUT_OF_SCOPE).map(
      ([file, why]) => `  ${`${file}.json`.padEnd(40)} out of scope: ${why}`,
    )
    console.log(`JSON Schema Test Suite (draft 2020-12):\n${lines.join('\n')}\n${out.join('\n')}`)
  })
})
