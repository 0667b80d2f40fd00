/**
 * What a command loads when the process starts: each command imports what it calls and no more, so that a
 * pipeline running the CLI once per file does not pay for the rest. Measured on the built bin in a child
 * process, with a module hook that lists every module resolved.
 */
import { spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bin, example, root, scratch } from './helpers.js'

const tmp = scratch()
const hooks = tmp.file(
  'hooks.mjs',
  "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('resolved ' + r.url + '\\n'); return r }\n",
)

/** The modules (repository-relative, or `npm:<package>`) that running the bin with `args` resolves. */
function modulesOf(args: readonly string[], input: string): string[] {
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)})`
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, bin, ...args],
    { cwd: root, encoding: 'utf8', input },
  )
  expect(run.status, run.stderr.replace(/^resolved .*\n/gm, '')).toBe(0)
  const modules = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('resolved file:'))
    .map((line) => {
      const npm = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line.slice(line.lastIndexOf('/.pnpm/')))
      return npm ? `npm:${npm[1]}` : line.replace(/^.*\/packages\//, '')
    })
  return [...new Set(modules)].sort()
}

const session = example('intersight/examples/valid/iam.Session/select-subset.json')

describe('a command loads what it calls', () => {
  it('validate --model auto: every model module, none of jwt-claims but its Claims model, no jose', () => {
    const modules = modulesOf(['validate', '--model', 'auto'], session)
    // Detection needs every model: the vendors' and jwt/Claims (a model of its own).
    expect(modules).toContain('jwt-claims/dist/generated/Claims.gen.js')
    expect(modules).toContain('intersight/dist/generated/iam.Session.gen.js')
    expect(modules.filter((m) => m.startsWith('jwt-claims/'))).toEqual([
      'jwt-claims/dist/generated/Claims.gen.js',
    ])
    expect(modules).not.toContain('npm:jose')
    expect(modules.filter((m) => m.startsWith('converter/dist/'))).not.toContain('converter/dist/convert.js')
  })

  it('jwt decode loads jose (the control: the hook sees a package that is loaded)', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWJ5LWRlY29kZQ\n'
    expect(modulesOf(['jwt', 'decode'], token)).toContain('npm:jose')
  })
})
