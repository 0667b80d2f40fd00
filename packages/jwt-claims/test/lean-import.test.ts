/**
 * Importing the package root loads only the jose modules that decoding and key checks need: jose's signing
 * and verifying code loads on the first `sign` or `verify`. Measured on the built package in a child
 * process, with a module hook that lists every module resolved.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const packageDir = path.resolve(import.meta.dirname, '..')
const dir = mkdtempSync(path.join(tmpdir(), 'jwt-claims-lean-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const hooks = path.join(dir, 'hooks.mjs')
writeFileSync(
  hooks,
  "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('resolved ' + r.url + '\\n'); return r }\n",
)

/** The jose modules (paths inside jose's dist) that running `script` in this package resolves. */
function joseModules(script: string): Set<string> {
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)})`
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script],
    { cwd: packageDir, encoding: 'utf8' },
  )
  expect(run.status, run.stderr).toBe(0)
  return new Set(
    run.stderr
      .split('\n')
      .filter((line) => line.startsWith('resolved ') && line.includes('/jose/'))
      .map((line) => line.replace(/^.*\/jose\/dist\/[a-z]+\//, '')),
  )
}

describe('a lean import of @session-schemas/jwt-claims', () => {
  it('is built (the test reads dist/)', () => {
    expect(existsSync(path.join(packageDir, 'dist/index.js'))).toBe(true)
  })

  it('loads no jose signing or verifying code until sign or verify is called', () => {
    const root = joseModules(`await import('@session-schemas/jwt-claims')`)
    expect(root.size).toBeGreaterThan(0)
    expect([...root].filter((m) => /^(jwt|jws|jwe)\//.test(m))).toEqual([])
    // And the hook does see them when a signature is made: the check can fail.
    const signed = joseModules(`
      const { sign } = await import('@session-schemas/jwt-claims')
      await sign({ sub: 'a' }, new Uint8Array(32).fill(7), { alg: 'HS256' })`)
    expect([...signed].some((m) => m.startsWith('jwt/sign'))).toBe(true)
  })
})
