/**
 * The conformance harness fails closed: each check, run on a temporary tree with one defect, throws with
 * a message that names the file and the reason. (The real trees are checked in examples.test.ts and
 * suite.test.ts; these tests prove that those checks can fail.)
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bundle, emitCheck, instantiateCheck, loadSchemas } from '@session-schemas/codegen'
import { SUPPORTED_KEYWORDS } from '@session-schemas/core/internal'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileAjv } from './ajv.js'
import { checkSameModels, type Example, loadExamples } from './examples.js'
import { pythonVerdicts } from './python.js'
import { checkListing, checkUnsupported, loadRemotes, readSuiteFile, runSuiteFile } from './suite.js'

const roots: string[] = []
afterAll(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

/** A directory holding `files` (path -> text; `DIR` makes an empty directory). */
const DIR = Symbol('directory')
function tree(files: Record<string, string | typeof DIR>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'conformance-'))
  roots.push(root)
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file)
    if (content === DIR) {
      mkdirSync(target, { recursive: true })
      continue
    }
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
  return root
}

// Written as text: JSON.stringify would round the int64 bounds.
const THING_SCHEMA = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://session-schemas.dev/schemas/acme/Thing",
  "title": "acme/Thing",
  "description": "A test model.",
  "type": "object",
  "required": ["id"],
  "properties": {
    "id": { "type": "integer", "format": "int64", "minimum": -9223372036854775808, "maximum": 9223372036854775807 }
  },
  "additionalProperties": true
}`
const PART_SCHEMA = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://session-schemas.dev/schemas/acme/Part',
  title: 'acme/Part',
  description: 'A part of a test model, without examples.',
  type: 'string',
})
const EX = 'schemas/acme/examples'

/** A complete example tree: one model with examples, one without. */
function exampleTree(changes: Record<string, string | typeof DIR | null> = {}): string {
  const files: Record<string, string | typeof DIR | null> = {
    'schemas/README.md': '# not a vendor',
    'schemas/acme/Thing.schema.json': THING_SCHEMA,
    'schemas/acme/Part.schema.json': PART_SCHEMA,
    [`${EX}/valid/Thing/small.json`]: '{ "id": 1 }',
    [`${EX}/invalid/Thing/string-id.json`]: '{ "id": "1" }',
    [`${EX}/expected-errors.json`]: '{ "Thing/string-id.json": { "path": "/id", "keyword": "type" } }',
    ...changes,
  }
  return tree(
    Object.fromEntries(Object.entries(files).filter(([, c]) => c !== null)) as Record<
      string,
      string | typeof DIR
    >,
  )
}

describe('the example loader', () => {
  it('loads a complete tree (the baseline of the tests below)', () => {
    const set = loadExamples(exampleTree())
    expect(set.examples.map((e) => [e.key, e.valid, e.expected])).toEqual([
      ['acme/Thing/valid/small.json', true, undefined],
      ['acme/Thing/invalid/string-id.json', false, { path: '/id', keyword: 'type' }],
    ])
    expect(set.modelsWithSchema).toEqual(['acme/Part', 'acme/Thing'])
    expect(set.modelsWithExamples).toEqual(['acme/Thing'])
  })

  it('reads an integer of 2^63 exactly, as a bigint, and keeps the rounded double apart for ajv', () => {
    const root = exampleTree({ [`${EX}/valid/Thing/small.json`]: '{ "id": 9223372036854775808 }' })
    const [example] = loadExamples(root).examples
    expect(example!.data).toEqual({ id: 9223372036854775808n })
    expect(example!.asDoubles).toEqual({ id: 2 ** 63 })
    expect(example!.beyond2to53).toBe(true)
  })

  it.each(['9223372036854775808e0', '9.223372036854775808e18', '9223372036854775808.000'])(
    'reads 2^63 written as %s exactly too',
    (text) => {
      const root = exampleTree({ [`${EX}/valid/Thing/small.json`]: `{ "id": ${text} }` })
      expect(loadExamples(root).examples[0]!.data).toEqual({ id: 9223372036854775808n })
    },
  )

  it('marks no example beyond 2^53 when none is', () => {
    expect(loadExamples(exampleTree()).examples.map((e) => e.beyond2to53)).toEqual([false, false])
  })

  it.each([
    [
      'a missing expected-errors.json',
      { [`${EX}/expected-errors.json`]: null },
      /examples\/expected-errors\.json: missing/,
    ],
    [
      'a malformed expected-errors.json',
      { [`${EX}/expected-errors.json`]: '{ "Thing/' },
      /examples\/expected-errors\.json: not valid JSON \(line 1, column \d+\)/,
    ],
    [
      'an unreadable expected-errors.json',
      { [`${EX}/expected-errors.json`]: DIR },
      /examples\/expected-errors\.json: .*(cannot be read \(EISDIR\)|unexpected)/,
    ],
    [
      'an expected-errors.json that is a list',
      { [`${EX}/expected-errors.json`]: '[]' },
      /expected-errors\.json: must be an object/,
    ],
    [
      'an entry without a keyword',
      { [`${EX}/expected-errors.json`]: '{ "Thing/string-id.json": { "path": "/id" } }' },
      /entry "Thing\/string-id\.json" must be \{ "path"/,
    ],
    [
      'an entry whose path is no JSON Pointer',
      { [`${EX}/expected-errors.json`]: '{ "Thing/string-id.json": { "path": "id", "keyword": "type" } }' },
      /entry "Thing\/string-id\.json" must be/,
    ],
    [
      'an invalid example without an entry',
      { [`${EX}/invalid/Thing/other.json`]: '[]' },
      /invalid\/Thing\/other\.json: invalid example with no entry "Thing\/other\.json"/,
    ],
    [
      'a stale entry',
      {
        [`${EX}/expected-errors.json`]:
          '{ "Thing/string-id.json": { "path": "/id", "keyword": "type" }, "Thing/gone.json": { "path": "", "keyword": "type" } }',
      },
      /expected-errors\.json: stale entry "Thing\/gone\.json"/,
    ],
    [
      'a vendor with schemas and no examples directory',
      {
        [`${EX}/valid/Thing/small.json`]: null,
        [`${EX}/invalid/Thing/string-id.json`]: null,
        [`${EX}/expected-errors.json`]: null,
      },
      /schemas\/acme\/examples\/: missing/,
    ],
    [
      'an empty examples directory',
      {
        [`${EX}/valid/Thing/small.json`]: null,
        [`${EX}/invalid/Thing/string-id.json`]: null,
        [`${EX}/expected-errors.json`]: '{}',
        [`${EX}/valid`]: DIR,
        [`${EX}/invalid`]: DIR,
      },
      /schemas\/acme\/examples\/: no examples/,
    ],
    [
      'a model with valid examples only',
      {
        [`${EX}/invalid/Thing/string-id.json`]: null,
        [`${EX}/invalid`]: DIR,
        [`${EX}/expected-errors.json`]: '{}',
      },
      /invalid\/Thing\/: no invalid example of acme\/Thing/,
    ],
    [
      'a model with invalid examples only',
      { [`${EX}/valid/Thing/small.json`]: null, [`${EX}/valid`]: DIR },
      /valid\/Thing\/: no valid example of acme\/Thing/,
    ],
    [
      'an empty model directory',
      { [`${EX}/valid/Part`]: DIR },
      /valid\/Part\/: no valid example of acme\/Part[\s\S]*invalid\/Part\/: no invalid example/,
    ],
    [
      'examples of a model with no schema file',
      { [`${EX}/valid/Ghost/a.json`]: '{}' },
      /valid\/Ghost\/: examples of a model with no schema file schemas\/acme\/Ghost\.schema\.json/,
    ],
    [
      'examples in a directory with no schemas',
      { 'schemas/other/examples/valid/Thing/a.json': '{}' },
      /schemas\/other\/examples\/valid\/Thing\/: examples of a model with no schema file/,
    ],
    ['a misspelt kind directory', { [`${EX}/Invalid/Thing/x.json`]: '{}' }, /examples\/Invalid: unexpected/],
    [
      'a stray file in the examples directory',
      { [`${EX}/notes.txt`]: 'x' },
      /examples\/notes\.txt: unexpected/,
    ],
    [
      'an example that is not a .json file',
      { [`${EX}/valid/Thing/extra.jsonc`]: '{}' },
      /valid\/Thing\/extra\.jsonc: unexpected/,
    ],
    [
      'a malformed example',
      { [`${EX}/valid/Thing/small.json`]: '{ "id": 1,' },
      /valid\/Thing\/small\.json: not valid JSON \(line 1, column \d+\)/,
    ],
    [
      'no schemas at all',
      { 'schemas/acme/Thing.schema.json': null, 'schemas/acme/Part.schema.json': null },
      /schemas\/: no schema files found/,
    ],
  ] as const)('fails on %s, naming the file', (_defect, changes, message) => {
    const root = exampleTree(changes)
    expect(() => loadExamples(root)).toThrow(message)
  })

  it('fails when there is no schemas/ directory', () => {
    expect(() => loadExamples(tree({ 'README.md': '' }))).toThrow(/schemas\/: missing/)
  })

  it('never quotes an example in its message', () => {
    const root = exampleTree({ [`${EX}/valid/Thing/small.json`]: '{ "token": "s3cr3t-sentinel" ' })
    expect(() => loadExamples(root)).toThrow(/small\.json: not valid JSON/)
    try {
      loadExamples(root)
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cr3t')
    }
  })
})

describe('the model lists', () => {
  it('fail on a schema with no model in a package', () => {
    expect(() => checkSameModels(['acme/Thing'], ['acme/Part', 'acme/Thing'])).toThrow(
      /schemas\/acme\/Part\.schema\.json: no package has a model acme\/Part/,
    )
  })

  it('fail on a model in a package with no schema', () => {
    expect(() => checkSameModels(['acme/Thing', 'acme/Ghost'], ['acme/Thing'])).toThrow(
      /acme\/Ghost: a model in a package with no schema file/,
    )
  })

  it('fail on a model in two packages', () => {
    expect(() => checkSameModels(['acme/Thing', 'acme/Thing'], ['acme/Thing'])).toThrow(
      /more than one package/,
    )
  })
})

describe('ajv', () => {
  it('fails loudly, naming the file, on a schema it cannot compile', () => {
    const schema = { $id: 'https://session-schemas.dev/schemas/acme/Thing', type: 'object', notAKeyword: 1 }
    expect(() =>
      compileAjv([{ file: 'schemas/acme/Thing.schema.json', modelId: 'acme/Thing', schema }]),
    ).toThrow(/ajv cannot (add|compile) schemas\/acme\/Thing\.schema\.json: .*unknown keyword: "notAKeyword"/)
  })
})

describe("Python's verdicts", () => {
  const example = (root: string) => loadExamples(root).examples
  // Fake interpreters, written before any test runs one (a script is not run while it is being written).
  let fakes: { withoutJsonschema: string; silent: string }
  beforeAll(() => {
    const dir = tree({
      'without-jsonschema': '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n',
      silent: "#!/bin/sh\ncat >/dev/null\necho '{}'\n",
    })
    for (const name of ['without-jsonschema', 'silent']) chmodSync(path.join(dir, name), 0o755)
    fakes = { withoutJsonschema: path.join(dir, 'without-jsonschema'), silent: path.join(dir, 'silent') }
  })

  it('are exact: 2^63 in an int64 field is invalid for Python and for us, valid for ajv on doubles', () => {
    const root = exampleTree({
      [`${EX}/invalid/Thing/beyond-int64.json`]: '{ "id": 9223372036854775808 }',
      [`${EX}/expected-errors.json`]:
        '{ "Thing/string-id.json": { "path": "/id", "keyword": "type" }, "Thing/beyond-int64.json": { "path": "/id", "keyword": "maximum" } }',
    })
    const examples = example(root)
    const beyond = examples.find((e) => e.key === 'acme/Thing/invalid/beyond-int64.json')!
    expect(pythonVerdicts(root, examples)).toEqual({
      'acme/Thing/valid/small.json': true,
      'acme/Thing/invalid/string-id.json': false,
      'acme/Thing/invalid/beyond-int64.json': false,
    })
    const { files, index } = loadSchemas(root)
    const thing = files.find((f) => f.modelId === 'acme/Thing')!
    const flat = bundle(index, thing.schema)
    const ours = instantiateCheck(emitCheck(flat.schema, flat.recursive, { typescript: false }))
    // Our check refuses the exact value and its rounding alike (the double 2^63 is beyond 2^63 - 1)...
    expect([ours(beyond.data), ours(beyond.asDoubles)]).toEqual([false, false])
    // ...but ajv, given the rounded value, compares it with the maximum rounded alike and cannot see it: it
    // must not be asked about such an example (examples.test.ts).
    expect(compileAjv(files).get('acme/Thing')!(beyond.asDoubles)).toBe(true)
  })

  it('fail when the interpreter is missing', () => {
    const root = exampleTree()
    expect(() => pythonVerdicts(root, example(root), { python: path.join(root, 'no-python3') })).toThrow(
      /no-python3 cannot be run \(ENOENT\): run `pnpm setup:python`/,
    )
  })

  it('fail when the jsonschema module is missing', () => {
    const root = exampleTree()
    expect(() => pythonVerdicts(root, example(root), { python: fakes.withoutJsonschema })).toThrow(
      /Python's jsonschema is missing: run `pnpm setup:python`/,
    )
  })

  it('fail when Python leaves an example without a verdict', () => {
    const root = exampleTree()
    expect(() => pythonVerdicts(root, example(root), { python: fakes.silent })).toThrow(
      /no verdict for \[acme\/Thing\/valid\/small\.json, acme\/Thing\/invalid\/string-id\.json\]/,
    )
  })

  it('fail when Python would not check a format we check', () => {
    const root = exampleTree()
    expect(() => pythonVerdicts(root, example(root), { formats: ['date-time', 'not-a-format'] })).toThrow(
      /does not check the format\(s\) not-a-format/,
    )
  })

  it('fail on an example of a model with no schema', () => {
    const root = exampleTree()
    const ghost: Example = { ...example(root)[0]!, key: 'acme/Ghost/valid/small.json', modelId: 'acme/Ghost' }
    expect(() => pythonVerdicts(root, [ghost])).toThrow(/no schema with \$id .*acme\/Ghost/)
  })
})

describe('the Test Suite runner', () => {
  const group = (description: string, schema: unknown, tests: [unknown, boolean][]) => ({
    description,
    schema,
    tests: tests.map(([data, valid], i) => ({ description: `case ${i}`, data, valid })),
  })
  const suiteFile = (groups: unknown[]) => tree({ 'tests/x.json': JSON.stringify(groups) })
  const run = (dir: string, options: Partial<Parameters<typeof runSuiteFile>[2]> = {}) =>
    runSuiteFile(path.join(dir, 'tests'), 'x.json', {
      remotes: [],
      skipped: [],
      expectedCases: 1,
      ...options,
    })
  const containsGroup = group('uses contains', { contains: { type: 'string' } }, [[['a'], true]])
  const skipContains = {
    file: 'x.json',
    group: 'uses contains',
    uses: 'contains',
    error: 'unsupported keyword "contains"',
  }

  it('runs a file (the baseline of the tests below)', () => {
    const dir = suiteFile([group('integers', { type: 'integer' }, [[1, true]])])
    expect(run(dir)).toEqual({ executed: 1, explained: 1, skippedGroups: [], knownFailures: [] })
  })

  it('fails on a group that cannot be compiled and is not listed', () => {
    const dir = suiteFile([group('integers', { type: 'integer' }, [[1, true]]), containsGroup])
    expect(() => run(dir)).toThrow(
      /x\.json:\n {2}- group "uses contains" cannot be compiled: .*unsupported keyword "contains"/,
    )
  })

  it('skips a listed group only for the listed reason', () => {
    const dir = suiteFile([group('integers', { type: 'integer' }, [[1, true]]), containsGroup])
    expect(run(dir, { skipped: [skipContains] }).skippedGroups).toEqual(['uses contains (uses contains)'])
    expect(() => run(dir, { skipped: [{ ...skipContains, error: 'unsupported keyword "other"' }] })).toThrow(
      /group "uses contains" is listed as skipped for contains \(.*\) but fails with: .*unsupported keyword "contains"/,
    )
  })

  it('fails on a listed group that compiles', () => {
    const dir = suiteFile([group('uses contains', { type: 'integer' }, [[1, true]])])
    expect(() => run(dir, { skipped: [skipContains], expectedCases: 0 })).toThrow(
      /group "uses contains" is listed as skipped \(contains\) but compiles: run it/,
    )
  })

  it('fails on a listed group that is not in the file', () => {
    const dir = suiteFile([group('integers', { type: 'integer' }, [[1, true]])])
    expect(() => run(dir, { skipped: [skipContains] })).toThrow(
      /skipped group "uses contains" is not in the file/,
    )
  })

  it('fails when fewer cases run than pinned', () => {
    const dir = suiteFile([group('integers', { type: 'integer' }, [[1, true]])])
    expect(() => run(dir, { expectedCases: 2 })).toThrow(/executed 1 cases, expected 2/)
  })

  it('fails on a file with no groups', () => {
    expect(() => run(suiteFile([]))).toThrow(/executed 0 cases, expected 1/)
  })

  it('fails on a wrong verdict, and on a known failure that passes', () => {
    const dir = suiteFile([group('integers', { type: 'integer' }, [[1.5, true]])])
    expect(() => run(dir)).toThrow(/"integers" \/ "case 0": expected true, got/)
    const known = { file: 'x.json', group: 'integers', test: 'case 0', why: 'a known bug' }
    expect(run(dir, { knownFailures: [known] }).knownFailures).toEqual(['"integers" / "case 0": a known bug'])
    const passing = suiteFile([group('integers', { type: 'integer' }, [[1, true]])])
    expect(() => run(passing, { knownFailures: [known] })).toThrow(/is listed as a known failure but passes/)
  })

  it('fails on a malformed file, naming it', () => {
    const dir = tree({ 'tests/x.json': '{ "description": "not a list" }' })
    expect(() => run(dir)).toThrow(/x\.json: must be a list of \{ description, schema, tests/)
  })

  it('reads test data exactly: an integer beyond 2^53 is a bigint', () => {
    const dir = tree({
      'tests/x.json':
        '[{ "description": "g", "schema": { "maximum": 9223372036854775807 }, "tests": [{ "description": "t", "data": 9223372036854775808, "valid": false }] }]',
    })
    const [g] = readSuiteFile(path.join(dir, 'tests'), 'x.json')
    expect(g!.tests[0]!.data).toBe(9223372036854775808n)
    expect(g!.schema).toEqual({ maximum: 2 ** 63 })
  })

  it('fails on a malformed remote, naming it', () => {
    const dir = tree({ 'remotes/ok.json': '{}', 'remotes/nested/bad.json': '{' })
    expect(() => loadRemotes(dir)).toThrow(/remotes\/nested\/bad\.json: not a readable JSON file/)
  })
})

describe('the Test Suite listing', () => {
  const dir = () => tree({ 'a.json': '[]', 'b.json': '[]', 'notes.md': '' })

  it('accepts an exact listing (the baseline of the tests below)', () => {
    expect(() => checkListing(dir(), ['a', 'b'])).not.toThrow()
  })

  it('fails on a file in no list', () => {
    expect(() => checkListing(dir(), ['a'])).toThrow(/files in no list \(claim them or say why not\): b/)
  })

  it('fails on a listed file that is gone', () => {
    expect(() => checkListing(dir(), ['a', 'b', 'c'])).toThrow(/listed but missing: c/)
  })

  it('fails on a directory in no list', () => {
    const root = tree({ 'a.json': '[]', 'optional/b.json': '[]', 'extra/c.json': '[]' })
    expect(() => checkListing(root, ['a'], ['optional'])).toThrow(/directories in no list: extra/)
  })

  it('fails on a missing directory', () => {
    expect(() => checkListing(path.join(dir(), 'nope'), [])).toThrow(/nope: cannot be read \(ENOENT\)/)
  })

  it('fails on skipping a keyword we support', () => {
    expect(() => checkUnsupported('ref.json / some group', ['$ref'], SUPPORTED_KEYWORDS)).toThrow(
      /ref\.json \/ some group is skipped for \$ref, which we support/,
    )
  })
})
