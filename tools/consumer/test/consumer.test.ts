/**
 * The packages as users get them: each one packed (`pnpm pack`, as `pnpm publish` packs it), the tarballs
 * installed with npm into a project outside the workspace, then used the ways users use them: ESM
 * imports, `require()` of the ESM packages (Node 20.19+), TypeScript under `nodenext` and `bundler`,
 * the CLI's bin, and a model composed into an `@sinclair/typebox` 0.34 `Type.Object`. Needs the packages
 * built (`pnpm test` builds them first) and the npm registry for the third-party dependencies.
 * Under `pnpm test` (SESSION_SCHEMAS_PACKED=1), it installs the tarballs check:package has just packed and
 * checked (`packages/<name>/.packed/`) instead of packing every package again.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repoRoot = path.resolve(import.meta.dirname, '../../..')
const packagesDir = path.join(repoRoot, 'packages')
// The published packages (the playground is a private app, never packed).
const packageDirs = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(packagesDir, entry.name))
  .filter((dir) => !JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).private)
const manifests = packageDirs.map((dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')))
const example = (vendor: string, kind: 'valid' | 'invalid', model: string, file: string) =>
  readFileSync(path.join(repoRoot, 'schemas', vendor, 'examples', kind, model, file), 'utf8')

let project: string

/** Runs a command in the consumer project; its output, or an error that shows stderr. */
function inProject(command: string, args: readonly string[], input?: string) {
  const run = spawnSync(command, args, {
    cwd: project,
    encoding: 'utf8',
    input,
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

const node = (script: string, type: 'module' | 'commonjs' = 'module') =>
  inProject(process.execPath, ['--input-type', type, '-e', script])

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'session-schemas-consumer-'))
  const tarballs = path.join(project, 'tarballs')
  mkdirSync(tarballs)
  // Under `pnpm test`, npm_execpath is the pnpm that runs us; pnpm pack rewrites workspace: and catalog: ranges
  // (npm pack does not: under `npx vitest`, npm_execpath is npm's, so the pnpm on PATH packs).
  const execpath = process.env.npm_execpath
  const pnpm = execpath && /pnpm/.test(path.basename(execpath)) ? execpath : undefined
  packageDirs.forEach((dir, i) => {
    if (process.env.SESSION_SCHEMAS_PACKED === '1') {
      // check:package has just packed this very package (turbo reruns it on any change to the package).
      const name = `${manifests[i].name.replace('@', '').replace('/', '-')}-${manifests[i].version}.tgz`
      const packed = path.join(dir, '.packed')
      expect(readdirSync(packed), `${packed}: check:package's tarball`).toEqual([name])
      copyFileSync(path.join(packed, name), path.join(tarballs, name))
    } else if (pnpm)
      execFileSync(process.execPath, [pnpm, 'pack', '--pack-destination', tarballs], {
        cwd: dir,
        stdio: 'pipe',
      })
    else execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir, stdio: 'pipe' })
  })
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  const files = readdirSync(tarballs).map((file) => `./tarballs/${file}`)
  expect(files).toHaveLength(packageDirs.length)
  // The 0.34 version the workspace tests with (the catalog's), so both test the same TypeBox.
  const catalog = readFileSync(path.join(repoRoot, 'pnpm-workspace.yaml'), 'utf8')
  const sinclair = /"@sinclair\/typebox": (\S+)/.exec(catalog)?.[1]
  expect(sinclair).toMatch(/^0\.34\./)
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--loglevel=error',
      ...files,
      `@sinclair/typebox@${sinclair}`,
    ],
    { cwd: project, stdio: 'pipe' },
  )
  copyFileSync(path.join(import.meta.dirname, '../fixtures/use.ts'), path.join(project, 'use.ts'))
}, 300_000)

// Removing the project's node_modules can take longer than the default 10 s hook timeout on a loaded machine.
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true })
}, 120_000)

describe('the published tarballs', () => {
  it('each carries the LICENSE, repository, homepage and bugs, and ranges (not pins) for its dependencies', () => {
    const license = readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8')
    for (const manifest of manifests) {
      const installed = path.join(project, 'node_modules', manifest.name)
      expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8'), manifest.name).toBe(license)
      const packed = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'))
      expect(packed.license, manifest.name).toBe('MIT')
      expect(packed.repository?.url, manifest.name).toMatch(/^git\+https:\/\//)
      expect(packed.homepage, manifest.name).toMatch(/^https:\/\//)
      expect(packed.bugs?.url, manifest.name).toMatch(/^https:\/\//)
      for (const [dependency, range] of Object.entries<string>(packed.dependencies ?? {}))
        expect(range, `${manifest.name} -> ${dependency}`).toMatch(/^\^\d/)
    }
  })

  it('import as ESM, and a model gives our verdicts', () => {
    const valid = example('extremecloudiq', 'valid', 'XiqApiTokenInfo', 'full.json')
    const invalid = example('extremecloudiq', 'invalid', 'XiqApiTokenInfo', 'missing-user-id.json')
    const run = node(`
      ${manifests.map((m, i) => `import * as p${i} from '${m.name}'`).join('\n')}
      import * as Xiq from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
      import { check as leanCheck } from '@session-schemas/extremecloudiq/check/XiqApiTokenInfo'
      const roots = [${manifests.map((_, i) => `p${i}`).join(', ')}]
      console.log(JSON.stringify({
        exports: roots.map((root) => Object.keys(root).length),
        valid: Xiq.check(Xiq.parseJson(${JSON.stringify(valid)})),
        leanValid: leanCheck(Xiq.parseJson(${JSON.stringify(valid)})),
        leanInvalid: leanCheck(JSON.parse(${JSON.stringify(invalid)})),
        invalid: Xiq.safeParse(JSON.parse(${JSON.stringify(invalid)})).success,
      }))`)
    expect(run.stderr).toBe('')
    const out = JSON.parse(run.stdout)
    expect(out.exports.every((n: number) => n > 0)).toBe(true)
    expect(out).toMatchObject({ valid: true, invalid: false, leanValid: true, leanInvalid: false })
  })

  it('the subpath pattern opens models, never the generated index (the root is the entry)', () => {
    const patterned = manifests.filter((m) => m.exports?.['./*'] !== undefined).map((m) => m.name as string)
    expect(patterned.length).toBeGreaterThan(3)
    const run = node(`
      const names = ${JSON.stringify(patterned)}
      const codes = await Promise.all(names.map((name) => import(name + '/index').then(() => 'opened', (e) => e.code)))
      console.log(JSON.stringify(codes))`)
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual(patterned.map(() => 'ERR_PACKAGE_PATH_NOT_EXPORTED'))
  })

  it('require() the ESM packages (Node 20.19+)', () => {
    const run = node(
      `const Xiq = require('@session-schemas/extremecloudiq/XiqApiTokenInfo')
       const { toCommon } = require('@session-schemas/converter')
       const { readJson } = require('@session-schemas/core')
       const value = readJson(${JSON.stringify(example('extremecloudiq', 'valid', 'XiqApiTokenInfo', 'minimal.json'))})
       console.log(Xiq.check(value), typeof toCommon('extremecloudiq/XiqApiTokenInfo', value).value)`,
      'commonjs',
    )
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('true object')
  })

  // Our declaration files are checked once (skipLibCheck false, under nodenext); under bundler the same files
  // are resolved through the same `types` conditions, so that run checks the resolution and the consumer's
  // code only (checking every dependency's declarations again, typebox's above all, took half the test's time).
  it.each([
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true }],
  ])('compile a TypeScript consumer under module %s', (name, options) => {
    const config = `tsconfig.${name}.json`
    writeFileSync(
      path.join(project, config),
      JSON.stringify({
        compilerOptions: {
          ...options,
          target: 'es2022',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['use.ts'],
      }),
    )
    const tsc = path.join(repoRoot, 'node_modules/.bin/tsc')
    const run = inProject(tsc, ['-p', config])
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it("run the CLI from its bin, which the tarballs' dependencies make whole", () => {
    const bin = path.join(project, 'node_modules/.bin/session-schemas')
    const valid = example('extremecloudiq', 'valid', 'XiqApiTokenInfo', 'full.json')
    const ok = inProject(bin, ['validate', '--model', 'auto'], valid)
    expect(ok.status, ok.stderr).toBe(0)
    const bad = inProject(
      bin,
      ['validate', '--model', 'auto'],
      example('extremecloudiq', 'invalid', 'XiqApiTokenInfo', 'missing-user-id.json'),
    )
    expect(bad.status).toBe(1)
    // The worker threads' modules are in the tarball too (of two records, the first goes to a worker).
    const line = JSON.stringify(JSON.parse(valid))
    const two = `${line}\n${line}\n`
    const jobs = inProject(bin, ['validate', '--model', 'auto', '--jobs', '2'], two)
    expect(jobs.status, jobs.stderr).toBe(0)
    expect(jobs.stdout).toContain('2 records: 2 valid')
    const detected = inProject(bin, ['detect', '--format', 'json', '--jobs', '2'], two)
    expect(detected.status, detected.stderr).toBe(0)
    expect(
      detected.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).model),
    ).toEqual(['extremecloudiq/XiqApiTokenInfo', 'extremecloudiq/XiqApiTokenInfo'])
    const converted = inProject(
      bin,
      ['convert', '--from', 'auto', '--to', 'common/Session', '--jobs', '2'],
      two,
    )
    expect(converted.status, converted.stderr).toBe(0)
    expect(
      converted.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).source.model),
    ).toEqual(['extremecloudiq/XiqApiTokenInfo', 'extremecloudiq/XiqApiTokenInfo'])
    const version = inProject(bin, ['--version'])
    const cli = manifests.find((m) => m.name === '@session-schemas/cli')
    expect(version.stdout.trim()).toBe(cli.version)
  })

  it('compose a model into a typebox 1.x Type.Object with exact int64 (core/typebox), from the tarballs', () => {
    const beyond = example('extremecloudiq', 'valid', 'XiqApiTokenInfo', 'user-id-beyond-2-53.json')
    const run = node(`
      import { Type } from 'typebox'
      import { Compile } from 'typebox/compile'
      import { exactType } from '@session-schemas/core/typebox'
      import * as Xiq from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
      const token = Xiq.parseJson(${JSON.stringify(beyond)})
      console.log(JSON.stringify({
        bigint: typeof token.user_id,
        plain: Compile(Type.Object({ token: Xiq.XiqApiTokenInfo })).Check({ token }),
        exact: Compile(Type.Object({ token: exactType(Xiq.model) })).Check({ token }),
        wrong: Compile(Type.Object({ token: exactType(Xiq.model) })).Check({ token: { ...token, user_id: 'x' } }),
      }))`)
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({ bigint: 'bigint', plain: false, exact: true, wrong: false })
  })

  it('compose a model into an @sinclair/typebox 0.34 Type.Object, compile it, check valid and invalid examples', () => {
    const valid = ['full.json', 'minimal.json', 'non-expiring.json'].map((file) =>
      example('extremecloudiq', 'valid', 'XiqApiTokenInfo', file),
    )
    const invalid = ['missing-user-id.json', 'issued-at-not-rfc3339.json', 'camel-case-keys.json'].map(
      (file) => example('extremecloudiq', 'invalid', 'XiqApiTokenInfo', file),
    )
    const run = node(`
      import { FormatRegistry, Type } from '@sinclair/typebox'
      import { TypeCompiler } from '@sinclair/typebox/compiler'
      import { XiqApiTokenInfo, registerFormats } from '@session-schemas/extremecloudiq/typebox-0.34/XiqApiTokenInfo'
      registerFormats(FormatRegistry)
      const Wrapped = TypeCompiler.Compile(Type.Object({ token: XiqApiTokenInfo, note: Type.String() }))
      const Partial = TypeCompiler.Compile(Type.Partial(Type.Pick(XiqApiTokenInfo, ['user_name', 'issued_at'])))
      const check = (texts) => texts.map((text) => Wrapped.Check({ token: JSON.parse(text), note: 'n' }))
      console.log(JSON.stringify({
        valid: check(${JSON.stringify(valid)}),
        invalid: check(${JSON.stringify(invalid)}),
        partial: [Partial.Check({}), Partial.Check({ issued_at: 'yesterday' })],
      }))`)
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({
      valid: [true, true, true],
      invalid: [false, false, false],
      partial: [true, false],
    })
  })
})
