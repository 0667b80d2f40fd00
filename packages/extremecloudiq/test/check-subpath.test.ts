/**
 * `@session-schemas/extremecloudiq/check/<model>`: one model's `check` alone. Importing it loads the generated
 * check module and core's lean runtime (formats, number helpers), never the evaluator, the JSON reader or the
 * model surface: measured on the built package in a child process, with a module hook that lists every module
 * resolved. (The equivalence of every model's check module with its model's `check` is tested in
 * tools/fuzz/test/check-subpath.test.ts.)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const packageDir = path.resolve(import.meta.dirname, '..')
const dir = mkdtempSync(path.join(tmpdir(), 'check-subpath-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const hooks = path.join(dir, 'hooks.mjs')
writeFileSync(
  hooks,
  "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('resolved ' + r.url + '\\n'); return r }\n",
)
const example = (kind: string, name: string) =>
  readFileSync(
    path.join(packageDir, '../../schemas/extremecloudiq/examples', kind, 'XiqApiTokenInfo', name),
    'utf8',
  )

/** The modules of this repository (package and dist path) that importing `specifier` loads, and its verdicts. */
function load(specifier: string): { modules: string[]; verdicts: boolean[] } {
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)})`
  const script = `
    const { check } = await import(${JSON.stringify(specifier)})
    console.log(JSON.stringify([check(JSON.parse(process.env.VALID)), check(JSON.parse(process.env.INVALID)), check(null)]))`
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script],
    {
      cwd: packageDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        VALID: example('valid', 'full.json'),
        INVALID: example('invalid', 'missing-user-id.json'),
      },
    },
  )
  expect(run.status, run.stderr).toBe(0)
  const modules = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('resolved ') && line.includes('/packages/'))
    .map((line) => line.replace(/^.*\/packages\//, ''))
  return { modules: [...new Set(modules)].sort(), verdicts: JSON.parse(run.stdout) }
}

describe('a lean import of one model check', () => {
  it('is built (the test reads dist/)', () => {
    expect(existsSync(path.join(packageDir, 'dist/generated/check/XiqApiTokenInfo.gen.js'))).toBe(true)
  })

  it('loads the check module and core runtime helpers only, and gives the model verdicts', () => {
    const lean = load('@session-schemas/extremecloudiq/check/XiqApiTokenInfo')
    expect(lean.verdicts).toEqual([true, false, false])
    expect(lean.modules).toEqual([
      'core/dist/formats.js',
      'core/dist/json-equal.js',
      'core/dist/runtime.js',
      'core/dist/wording.js',
      'extremecloudiq/dist/generated/check/XiqApiTokenInfo.gen.js',
    ])
    // The model module, for comparison: the same verdicts, and the evaluator comes with it (the hook sees it).
    const whole = load('@session-schemas/extremecloudiq/XiqApiTokenInfo')
    expect(whole.verdicts).toEqual(lean.verdicts)
    expect(whole.modules).toContain('core/dist/evaluate.js')
  })
})
