/**
 * The official JSON Schema Test Suite (draft 2020-12) through both of our validators: the generated
 * ahead-of-time check (the generator's real output, evaluated) and the explaining evaluator behind
 * `errors()`. Every file of the suite is in exactly one list below. Every case of a file we run must pass;
 * the only groups skipped are listed in SKIPPED_GROUPS with the unsupported keyword they use and the
 * error they must fail to compile with, and the number of cases each file executes is pinned in
 * EXECUTED_CASES, so that anything that stops being checked shows up here, in review.
 */
import path from 'node:path'
import { checkedFormats, SUPPORTED_FORMATS, SUPPORTED_KEYWORDS } from '@session-schemas/core/internal'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './examples.js'
import {
  checkListing,
  checkUnsupported,
  type FileResult,
  type KnownFailure,
  loadRemotes,
  readSuiteFile,
  runSuiteFile,
  type SkippedGroup,
} from './suite.js'

// A copy of json-schema-org/JSON-Schema-Test-Suite (MIT, see its SOURCE.md for the commit).
const SUITE = path.join(repoRoot, 'tools/conformance/json-schema-test-suite')
const TESTS = path.join(SUITE, 'tests/draft2020-12')

/** Keyword files we claim (tests/draft2020-12/<name>.json): every case runs and passes. */
const CLAIMED = [
  'additionalProperties',
  'allOf',
  'anchor',
  'anyOf',
  'boolean_schema',
  'const',
  'default',
  'defs',
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

/** Keyword files we do not run: the keywords they test, none of which we support. */
const NOT_CLAIMED: Record<string, readonly string[]> = {
  contains: ['contains'],
  minContains: ['minContains'],
  maxContains: ['maxContains'],
  content: ['contentMediaType', 'contentEncoding', 'contentSchema'],
  dependentSchemas: ['dependentSchemas'],
  dynamicRef: ['$dynamicRef', '$dynamicAnchor'],
  unevaluatedItems: ['unevaluatedItems'],
  unevaluatedProperties: ['unevaluatedProperties'],
  vocabulary: ['$vocabulary'],
}

/**
 * format.json runs with assertion semantics: we assert the formats we check, so its "only an annotation
 * by default" cases (an invalid string is valid) are inverted by design; non-strings are still ignored.
 */
const FORMAT_FILE = 'format'

/** Optional files we claim (tests/draft2020-12/optional/<name>.json): every case runs and passes. */
const OPTIONAL_CLAIMED = ['anchor', 'ecmascript-regex', 'id', 'no-schema', 'non-bmp-regex']

/** Optional files we do not run, and what they need that we do not support. */
const OPTIONAL_NOT_CLAIMED: Record<string, readonly string[]> = {
  // Its two "float comparison with high precision" groups hold fractions beyond 2^52, which the exact
  // reader refuses (ERR_JSON_NUMBER_INEXACT: no double keeps them fractions) instead of rounding, so the
  // file cannot be read as test data; its integer cases are in packages/core/test/number-text.test.ts.
  bignum: ['fractions beyond 2^52 (refused by readJson, not rounded)'],
  'cross-draft': ['$ref to a schema of an older draft'],
  'dependencies-compatibility': ['dependencies'],
  dynamicRef: ['$dynamicRef'],
  'float-overflow': ['multipleOf beyond the double range (1e308 / 0.5 overflows)'],
  'format-assertion': ['$vocabulary'],
  refOfUnknownKeyword: ['unknown keywords (a SchemaError by design)'],
  unknownKeyword: ['unknown keywords (a SchemaError by design)'],
}

/** Format files we claim (optional/format/<name>.json): exactly the formats our validators check. */
const FORMATS = ['date', 'date-time', 'ipv4', 'ipv6', 'uuid']

/** Format files we do not claim, with the format each tests: none of them is one we support. */
const UNSUPPORTED_FORMAT_FILES: Record<string, string> = {
  duration: 'duration',
  'ecmascript-regex': 'regex',
  email: 'email',
  hostname: 'hostname',
  'idn-email': 'idn-email',
  'idn-hostname': 'idn-hostname',
  iri: 'iri',
  'iri-reference': 'iri-reference',
  'json-pointer': 'json-pointer',
  regex: 'regex',
  'relative-json-pointer': 'relative-json-pointer',
  time: 'time',
  unknown: 'unknown',
  uri: 'uri',
  'uri-reference': 'uri-reference',
  'uri-template': 'uri-template',
}

const META_SCHEMA = 'no schema with $id https://json-schema.org/draft/2020-12/schema'
/** The only groups of the files we run that are skipped; each must fail to compile with its error. */
const SKIPPED_GROUPS: readonly SkippedGroup[] = [
  {
    file: 'additionalProperties.json',
    group: 'dependentSchemas with additionalProperties',
    uses: 'dependentSchemas',
    error: 'unsupported keyword "dependentSchemas"',
  },
  {
    file: 'not.json',
    group: "collect annotations inside a 'not', even if collection is disabled",
    uses: 'unevaluatedProperties',
    error: 'unsupported keyword "unevaluatedProperties"',
  },
  {
    file: 'ref.json',
    group: 'ref creates new scope when adjacent to keywords',
    uses: 'unevaluatedProperties',
    error: 'unsupported keyword "unevaluatedProperties"',
  },
  // The draft 2020-12 meta-schema is not bundled: it is built on $dynamicRef, which we do not support.
  { file: 'ref.json', group: 'remote ref, containing refs itself', uses: '$dynamicRef', error: META_SCHEMA },
  {
    file: 'defs.json',
    group: 'validate definition against metaschema',
    uses: '$dynamicRef',
    error: META_SCHEMA,
  },
  // format.json: the groups of the formats we do not support (those of the format files above, but
  // format.json has no group for the format "unknown").
  ...[...new Set(Object.values(UNSUPPORTED_FORMAT_FILES))]
    .filter((format) => format !== 'unknown')
    .map((format) => ({
      file: 'format.json',
      group: `${format} format`,
      uses: `format "${format}"`,
      error: `unsupported format "${format}"`,
    })),
]

/**
 * Cases that fail for a reason outside this harness, reported to the owners of the failing code. Each must
 * still fail (a listed case that passes fails its file, so the entry is removed when the bug is fixed).
 */
const KNOWN_FAILURES: readonly KnownFailure[] = []

/** The number of cases each file executes (its cases minus those of its skipped groups). */
const EXECUTED_CASES: Record<string, number> = {
  'additionalProperties.json': 18,
  'allOf.json': 30,
  'anchor.json': 8,
  'anyOf.json': 18,
  'boolean_schema.json': 18,
  'const.json': 54,
  'default.json': 7,
  'defs.json': 0,
  'dependentRequired.json': 20,
  'enum.json': 51,
  'exclusiveMaximum.json': 4,
  'exclusiveMinimum.json': 4,
  'if-then-else.json': 30,
  'infinite-loop-detection.json': 2,
  'items.json': 29,
  'maxItems.json': 6,
  'maxLength.json': 7,
  'maxProperties.json': 10,
  'maximum.json': 8,
  'minItems.json': 6,
  'minLength.json': 7,
  'minProperties.json': 10,
  'minimum.json': 11,
  'multipleOf.json': 11,
  'not.json': 38,
  'oneOf.json': 27,
  'pattern.json': 12,
  'patternProperties.json': 25,
  'prefixItems.json': 11,
  'properties.json': 28,
  'propertyNames.json': 22,
  'ref.json': 76,
  'refRemote.json': 31,
  'required.json': 18,
  'type.json': 80,
  'uniqueItems.json': 69,
  'format.json': 35,
  'optional/anchor.json': 4,
  'optional/ecmascript-regex.json': 74,
  'optional/id.json': 3,
  'optional/no-schema.json': 3,
  'optional/non-bmp-regex.json': 12,
  'optional/format/date.json': 81,
  'optional/format/date-time.json': 33,
  'optional/format/ipv4.json': 41,
  'optional/format/ipv6.json': 42,
  'optional/format/uuid.json': 28,
  'optional/format/duration.json': 0,
  'optional/format/ecmascript-regex.json': 0,
  'optional/format/email.json': 0,
  'optional/format/hostname.json': 0,
  'optional/format/idn-email.json': 0,
  'optional/format/idn-hostname.json': 0,
  'optional/format/iri.json': 0,
  'optional/format/iri-reference.json': 0,
  'optional/format/json-pointer.json': 0,
  'optional/format/regex.json': 0,
  'optional/format/relative-json-pointer.json': 0,
  'optional/format/time.json': 0,
  'optional/format/unknown.json': 0,
  'optional/format/uri.json': 0,
  'optional/format/uri-reference.json': 0,
  'optional/format/uri-template.json': 0,
}

const REMOTES = loadRemotes(SUITE)
const report = new Map<string, FileResult>()

function run(file: string, options: Partial<Parameters<typeof runSuiteFile>[2]> = {}): FileResult {
  const result = runSuiteFile(TESTS, file, {
    remotes: REMOTES,
    skipped: SKIPPED_GROUPS,
    expectedCases: EXECUTED_CASES[file] ?? Number.NaN,
    knownFailures: KNOWN_FAILURES,
    ...options,
  })
  report.set(file, result)
  return result
}

describe('JSON Schema Test Suite, draft 2020-12: what is claimed', () => {
  it('lists every keyword file exactly once', () => {
    const listed = [...CLAIMED, ...Object.keys(NOT_CLAIMED), FORMAT_FILE]
    expect(() => checkListing(TESTS, listed, ['optional'])).not.toThrow()
  })

  it('lists every optional file exactly once', () => {
    const listed = [...OPTIONAL_CLAIMED, ...Object.keys(OPTIONAL_NOT_CLAIMED)]
    expect(() => checkListing(path.join(TESTS, 'optional'), listed, ['format'])).not.toThrow()
  })

  it('lists every format file exactly once, claiming exactly the formats our validators check', () => {
    const listed = [...FORMATS, ...Object.keys(UNSUPPORTED_FORMAT_FILES)]
    expect(() => checkListing(path.join(TESTS, 'optional/format'), listed)).not.toThrow()
    expect(FORMATS).toEqual(Object.keys(checkedFormats).sort())
  })

  it('skips nothing we support', () => {
    for (const [file, keywords] of [...Object.entries(NOT_CLAIMED), ...Object.entries(OPTIONAL_NOT_CLAIMED)])
      expect(() => checkUnsupported(`${file}.json`, keywords, SUPPORTED_KEYWORDS)).not.toThrow()
    for (const [file, format] of Object.entries(UNSUPPORTED_FORMAT_FILES))
      expect(() =>
        checkUnsupported(`optional/format/${file}.json`, [format], SUPPORTED_FORMATS),
      ).not.toThrow()
    for (const skip of SKIPPED_GROUPS)
      expect(() =>
        checkUnsupported(`${skip.file} / ${skip.group}`, [skip.uses], SUPPORTED_KEYWORDS),
      ).not.toThrow()
  })

  it('pins the executed cases of exactly the files it runs, and skips groups of those files only', () => {
    const runFiles = [
      ...CLAIMED.map((f) => `${f}.json`),
      `${FORMAT_FILE}.json`,
      ...OPTIONAL_CLAIMED.map((f) => `optional/${f}.json`),
      ...FORMATS.map((f) => `optional/format/${f}.json`),
      ...Object.keys(UNSUPPORTED_FORMAT_FILES).map((f) => `optional/format/${f}.json`),
    ]
    expect(Object.keys(EXECUTED_CASES).sort()).toEqual(runFiles.sort())
    expect(SKIPPED_GROUPS.filter((s) => !runFiles.includes(s.file))).toEqual([])
    expect(KNOWN_FAILURES.filter((k) => !runFiles.includes(k.file))).toEqual([])
  })
})

describe('JSON Schema Test Suite, draft 2020-12: every case we claim passes', () => {
  it.each(CLAIMED)('%s.json', (name) => {
    run(`${name}.json`)
  })

  it.each(OPTIONAL_CLAIMED)('optional/%s.json', (name) => {
    run(`optional/${name}.json`)
  })

  it.each(FORMATS)('optional/format/%s.json', (name) => {
    run(`optional/format/${name}.json`)
  })

  it.each(Object.keys(UNSUPPORTED_FORMAT_FILES))(
    'optional/format/%s.json: every group fails to compile as an unsupported format',
    (name) => {
      const file = `optional/format/${name}.json`
      const format = UNSUPPORTED_FORMAT_FILES[name]!
      const skipped = readSuiteFile(TESTS, file).map((group) => ({
        file,
        group: group.description,
        uses: `format "${format}"`,
        error: `unsupported format "${format}"`,
      }))
      run(file, { skipped })
    },
  )

  it('format.json: non-strings are ignored, and invalid strings are rejected (assertion semantics)', () => {
    run(`${FORMAT_FILE}.json`, {
      expected: (test) => (typeof test.data === 'string' ? false : test.valid),
    })
  })

  it('the generated errors() explained most cases (and agreed with the evaluator on each)', () => {
    // Runs after the files above; a generator that stopped generating would pass them silently.
    const explained = [...report.values()].reduce((sum, result) => sum + result.explained, 0)
    const executed = [...report.values()].reduce((sum, result) => sum + result.executed, 0)
    expect(executed).toBeGreaterThan(0)
    expect(explained / executed).toBeGreaterThan(0.75)
  })

  afterAll(() => {
    const lines = [...report].map(([file, result]) => {
      const skipped = [
        ...result.skippedGroups.map((g) => `\n      skipped group: ${g}`),
        ...result.knownFailures.map((k) => `\n      known failure: ${k}`),
      ].join('')
      return `  ${file.padEnd(45)} executed ${String(result.executed).padStart(4)}, explained ${String(result.explained).padStart(4)}${skipped}`
    })
    console.log(`JSON Schema Test Suite (draft 2020-12):\n${lines.join('\n')}`)
  })
})
