/**
 * The README's recipes for the raw schemas, run as written (the code blocks after `<!-- recipe:ajv -->` and
 * `<!-- recipe:python -->`): each must give every example its recorded verdict from the shipped bundles,
 * Python's offline (network cut off) on Debian's jsonschema 4.10, whose date-time must agree with ours.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { manifest } from '@session-schemas/converter/manifest'
import { isDateTime } from '@session-schemas/core'
import { checkedFormats } from '@session-schemas/core/internal'
import { describe, expect, it } from 'vitest'
import { loadExamples, repoRoot } from './examples.js'
import { PYTHON } from './python.js'

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
const { examples } = loadExamples(repoRoot)
const packageDir = new Map<string, string>(manifest.map((m) => [m.id, `packages/${m.package.split('/')[1]}`]))

/** The fenced code block right after `<!-- recipe:<name> -->` in the README. */
function recipe(name: string): string {
  const match = new RegExp(`<!-- recipe:${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme)
  if (!match) throw new Error(`README.md has no code block after <!-- recipe:${name} -->`)
  return match[1]!
}

function bundleOf(modelId: string): string {
  const dir = packageDir.get(modelId)
  if (!dir) throw new Error(`the manifest has no model ${modelId}`)
  return `${dir}/schemas/bundled/${modelId.split('/')[1]}.schema.json`
}

/** Every string in the examples that starts like a date-time, valid or not. */
function dateTimeLike(node: unknown, into: Set<string>): Set<string> {
  if (typeof node === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]/.test(node)) into.add(node)
  else if (Array.isArray(node)) for (const item of node) dateTimeLike(item, into)
  else if (typeof node === 'object' && node !== null)
    for (const v of Object.values(node)) dateTimeLike(v, into)
  return into
}

/** Where RFC 3339 implementations tend to differ. */
const EDGE_CASES = [
  '2016-12-31T23:59:60Z',
  '2017-01-01T00:59:60+01:00',
  '2016-12-31T18:59:60-05:00',
  '2016-12-31T22:59:60Z',
  '2016-12-31T23:58:60Z',
  '2016-12-31T23:59:61Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '2023-04-31T00:00:00Z',
  '2023-13-01T00:00:00Z',
  '2023-01-01T24:00:00Z',
  '2023-01-01T00:00:00',
  '2023-01-01T00:00:00+01',
  '2023-01-01T00:00:00+0100',
  '2023-01-01T00:00:00+24:00',
  '2023-01-01T00:00:00+23:59',
  '2023-01-01 00:00:00Z',
  '2023-01-01t00:00:00z',
  '2023-01-01T00:00:00.Z',
  '2023-01-01T00:00:00.123456789Z',
  '2023-01-01T00:00:00Z\n',
  '2023-1-01T00:00:00Z',
  '２023-01-01T00:00:00Z',
  '2023-01-01T00:00:00\u00a0Z',
]

describe('README recipe: ajv with ajvFormats', () => {
  it('compiles the shipped bundle and gives every iam.Session example its recorded verdict', async () => {
    // Under the conformance package's node_modules, so that it resolves packages as a user's file would.
    const dir = path.join(repoRoot, 'tools/conformance/node_modules/.readme-recipes')
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, 'ajv.mjs')
    writeFileSync(file, recipe('ajv'))
    const { validateSession } = (await import(pathToFileURL(file).href)) as {
      validateSession: (data: unknown) => boolean
    }
    const sessions = examples.filter((e) => e.modelId === 'intersight/iam.Session')
    expect(sessions.some((e) => !e.valid)).toBe(true)
    const wrong = sessions.filter((e) => validateSession(e.asDoubles) !== e.valid).map((e) => e.key)
    expect(wrong).toEqual([])
  })
})

describe('README recipe: Python jsonschema, offline, with a strict date-time checker', () => {
  const dateTimes = [
    ...dateTimeLike(
      examples.map((e) => e.data),
      new Set(EDGE_CASES),
    ),
  ]
  const run = spawnSync(
    PYTHON,
    [path.join(repoRoot, 'tools/conformance/python/readme_recipe.py'), repoRoot],
    {
      input: JSON.stringify({
        recipe: recipe('python'),
        formats: Object.keys(checkedFormats),
        examples: examples.map((e) => ({ key: e.key, bundle: bundleOf(e.modelId), file: e.file })),
        dateTimes,
      }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  // Missing Python or jsonschema is a failure, never a skip: `pnpm setup:python` installs it.
  if (run.status !== 0)
    throw new Error(`readme_recipe.py failed (exit ${run.status}): ${run.stderr.trim().split('\n').at(-1)}`)
  const result = JSON.parse(run.stdout) as {
    verdicts: Record<string, boolean>
    dateTimes: boolean[]
    unchecked: string[]
  }

  it('checks every format our validators check', () => {
    expect(result.unchecked).toEqual([])
  })

  it('gives every example of every model its recorded verdict, from the bundles alone', () => {
    expect(Object.keys(result.verdicts).sort()).toEqual(examples.map((e) => e.key).sort())
    const wrong = examples
      .filter((e) => result.verdicts[e.key] !== e.valid)
      .map((e) => `${e.key}: got ${e.valid ? 'invalid' : 'valid'}`)
    expect(wrong).toEqual([])
  })

  it("its date-time checker agrees with core's isDateTime on every date-time in the examples and the edge cases", () => {
    const ours = dateTimes.map((value) => isDateTime(value))
    expect(ours).toContain(true)
    expect(ours).toContain(false)
    const disagree = dateTimes.filter((_value, i) => result.dateTimes[i] !== ours[i])
    expect(disagree).toEqual([])
  })
})

describe("the conformance harness's own Python date-time checker (python/verdicts.py)", () => {
  it("agrees with core's isDateTime on every date-time in the examples and the edge cases (year 0000 too)", () => {
    const dateTimes = [
      ...dateTimeLike(
        examples.map((e) => e.data),
        new Set(EDGE_CASES),
      ),
    ]
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(path.join(repoRoot, 'tools/conformance/python'))})`,
      'from verdicts import is_date_time',
      'print(json.dumps([is_date_time(v) for v in json.load(sys.stdin)]))',
    ].join('\n')
    const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(dateTimes), encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`python failed (exit ${run.status}): ${run.stderr.trim()}`)
    const theirs = JSON.parse(run.stdout) as boolean[]
    expect(dateTimes).toContain('0000-01-01T00:00:00Z')
    expect(dateTimes.filter((value, i) => theirs[i] !== isDateTime(value))).toEqual([])
  })
})
