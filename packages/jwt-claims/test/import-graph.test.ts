/**
 * What Node loads for each entry point of the BUILT package (run `pnpm build` first): the root stays light
 * (core, jose, the claims model, the one XiqApiTokenInfo model it converts and the converter's redaction), and only
 * `./session-to-claims` pulls in the converter and with it every vendor package.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const packagesDir = path.dirname(packageDir)
const dir = mkdtempSync(path.join(tmpdir(), 'jwt-claims-imports-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// A resolve hook (in Node's hooks thread) that writes down every module URL Node resolves.
const HOOKS = `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(process.env.IMPORT_LOG, result.url + '\\n')
  return result
}`

/** The workspace files (`<package dir>/<path>`, under packages/) that importing `specifier` loads, sorted. */
function workspaceFilesLoadedBy(specifier: string): string[] {
  if (!existsSync(path.join(packageDir, 'dist/index.js')))
    throw new Error('jwt-claims is not built: run `pnpm build`')
  const log = path.join(dir, `${specifier.replaceAll('/', '_')}.log`)
  const register = `import { register } from 'node:module'
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)})`
  execFileSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)})`,
    ],
    { cwd: packageDir, env: { ...process.env, IMPORT_LOG: log } },
  )
  const prefix = pathToFileURL(packagesDir).href + '/'
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith(prefix))
    .map((url) => url.slice(prefix.length))
  return [...new Set(files)].sort()
}

const packagesOf = (files: string[]) => [...new Set(files.map((file) => file.split('/')[0]!))].sort()

describe('the modules each entry point loads', () => {
  it('the root loads core, itself, the one XiqApiTokenInfo model and the redaction; no converter model, no other vendor', () => {
    const files = workspaceFilesLoadedBy('@session-schemas/jwt-claims')
    expect(packagesOf(files)).toEqual(['converter', 'core', 'extremecloudiq', 'jwt-claims'])
    // The converter's redaction (secrets subpath): the manifest's data and the error a record too costly to
    // redact gets, not the registry of models.
    expect(files.filter((file) => file.startsWith('converter/'))).toEqual([
      'converter/dist/errors.js',
      'converter/dist/generated/manifest.gen.js',
      'converter/dist/option-names.js',
      'converter/dist/secrets-entry.js',
      'converter/dist/secrets.js',
    ])
    expect(files.filter((file) => file.startsWith('extremecloudiq/'))).toEqual([
      'extremecloudiq/dist/generated/XiqApiTokenInfo.gen.js',
    ])
  })

  it('./session-to-claims loads the converter and the vendor packages (the hook sees them)', () => {
    expect(packagesOf(workspaceFilesLoadedBy('@session-schemas/jwt-claims/session-to-claims'))).toEqual([
      'converter',
      'core',
      'extremecloudiq',
      'intersight',
      'jwt-claims',
      'netscaler',
      'vsphere',
    ])
  })
})
