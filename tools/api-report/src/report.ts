/**
 * The API report of one BUILT package (its `dist/`): every entry point its `exports` map opens (wildcard
 * subpaths expanded), the runtime exports of each with their kinds (imported by a fresh Node process through
 * the package's own name, so the `exports` map is what is tested), the files and bins it publishes, and the
 * text of every hand-written declaration file the entry points reach. Generated model modules are listed
 * by their exported names only: their full types are the committed `src/generated/*.gen.ts`, which
 * `pnpm generate --check` keeps in step with the schemas.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

interface Conditions {
  readonly types?: string
  readonly default?: string
}

interface PackageJson {
  readonly name: string
  readonly private?: boolean
  readonly exports?: Record<string, string | Conditions | null>
  readonly bin?: string | Record<string, string>
}

export interface EntryPoint {
  /** What a user imports, e.g. `@session-schemas/core/internal`. */
  readonly specifier: string
  /** The declaration file, relative to the package, e.g. `dist/internal.d.ts`. */
  readonly types: string
}

const rel = (target: string) => target.replace(/^\.\//, '')

/** Files under `dir` (relative to `base`, `/`-separated), recursively, sorted. */
function filesUnder(base: string, dir: string): string[] {
  const full = path.join(base, dir)
  if (!existsSync(full)) return []
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
}

/** The values a `*` in an exports target takes: the files that exist and match `prefix*suffix`. */
function wildcardMatches(packageDir: string, target: string): string[] {
  const [prefix = '', suffix = ''] = rel(target).split('*')
  const dir = prefix.slice(0, prefix.lastIndexOf('/') + 1)
  return filesUnder(packageDir, dir)
    .filter(
      (file) =>
        file.startsWith(prefix) && file.endsWith(suffix) && file.length >= prefix.length + suffix.length,
    )
    .map((file) => file.slice(prefix.length, file.length - suffix.length))
}

export function readPackage(packageDir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as PackageJson
}

/** Code entry points (with a `types` condition) and published plain files (e.g. JSON Schemas), sorted. */
export function entryPoints(packageDir: string): { code: EntryPoint[]; files: string[] } {
  const pkg = readPackage(packageDir)
  const code: EntryPoint[] = []
  const files: string[] = []
  // A subpath mapped to null is excluded, also where a pattern would match it (`"./index": null`).
  const excluded = new Set(
    Object.entries(pkg.exports ?? {})
      .filter(([, target]) => target === null)
      .map(([key]) => pkg.name + key.slice(1)),
  )
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    if (target === null || key === './package.json') continue
    const subpath = (name: string) => pkg.name + key.slice(1).replace('*', name)
    if (typeof target === 'string') {
      const names = key.includes('*') ? wildcardMatches(packageDir, target) : ['']
      files.push(...names.map(subpath).filter((name) => !excluded.has(name)))
      continue
    }
    if (target.types === undefined) throw new Error(`${pkg.name}: exports["${key}"] has no types condition`)
    const types = target.types
    const names = key.includes('*') ? wildcardMatches(packageDir, types) : ['']
    code.push(
      ...names
        .filter((name) => !excluded.has(subpath(name)))
        .map((name) => ({ specifier: subpath(name), types: rel(types).replace('*', name) })),
    )
  }
  code.sort((a, b) => a.specifier.localeCompare(b.specifier))
  return { code, files: files.sort() }
}

/** `name: kind` of each runtime export of each entry point, from one fresh Node process in the package. */
export function runtimeExports(packageDir: string, specifiers: readonly string[]): Record<string, string[]> {
  const script = `
const kind = (v) =>
  typeof v === 'function'
    ? (/^class[\\s{]/.test(Function.prototype.toString.call(v)) ? 'class' : 'function')
    : v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v
const out = {}
for (const specifier of JSON.parse(process.argv[1])) {
  const module = await import(specifier)
  out[specifier] = Object.keys(module).sort().map((name) => name + ': ' + kind(module[name]))
}
process.stdout.write(JSON.stringify(out))`
  const stdout = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(specifiers)],
    { cwd: packageDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  return JSON.parse(stdout) as Record<string, string[]>
}

const isGenerated = (file: string) => file.includes('/generated/')
const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g

/** Every declaration file reachable from `roots` through relative imports and re-exports, sorted. */
export function declarationFiles(packageDir: string, roots: readonly string[]): string[] {
  const seen = new Set<string>()
  const pending = [...roots]
  while (pending.length > 0) {
    const file = pending.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const full = path.join(packageDir, file)
    if (!existsSync(full)) throw new Error(`${file} is missing in ${packageDir}: run \`pnpm build\``)
    for (const [, target] of readFileSync(full, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const next = path.posix.join(path.posix.dirname(file), target!.replace(/\.js$/, '.d.ts'))
      if (!seen.has(next)) pending.push(next)
    }
  }
  return [...seen].sort()
}

const EXPORTED_DECLARATION =
  /^export (?:declare )?(?:abstract )?(const|let|function|class|interface|type|enum|namespace) ([\w$]+)/gm
const EXPORT_LIST = /^export (?:type )?\{([^}]*)\}/gm

/** The exported names of a generated declaration file, each with its kind (`reexport` for `export { X }`). */
export function exportedNames(text: string): string[] {
  const names = new Set<string>()
  for (const [, kind, name] of text.matchAll(EXPORTED_DECLARATION)) names.add(`${kind} ${name}`)
  for (const [, list] of text.matchAll(EXPORT_LIST))
    for (const name of list!.split(',').map((n) => n.trim())) if (name) names.add(`reexport ${name}`)
  return [...names].sort()
}

const withoutSourceMap = (text: string) => text.replace(/^\/\/# sourceMappingURL=.*\n?/gm, '').trimEnd()

/** The whole report of a built package, as Markdown. */
export function apiReport(packageDir: string): string {
  const pkg = readPackage(packageDir)
  const { code, files } = entryPoints(packageDir)
  const exports = runtimeExports(
    packageDir,
    code.map((entry) => entry.specifier),
  )
  const lines: string[] = [
    `# API report: ${pkg.name}`,
    '',
    'Generated from the built package by `pnpm api:update`; do not edit. The `api-report` test fails when the',
    "package's public surface differs from this file: review the difference, then update it.",
    '',
    '## Entry points (runtime exports and their kinds)',
  ]
  for (const entry of code) {
    lines.push('', `### \`${entry.specifier}\` (types: \`${entry.types}\`)`, '')
    const names = exports[entry.specifier] ?? []
    lines.push(...(names.length > 0 ? names.map((name) => `- ${name}`) : ['(no runtime exports)']))
  }
  if (files.length > 0) lines.push('', '## Published files', '', ...files.map((file) => `- \`${file}\``))
  const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {})
  if (Object.keys(bins).length > 0)
    lines.push(
      '',
      '## Commands',
      '',
      ...Object.entries(bins).map(([name, file]) => `- \`${name}\`: \`${file}\``),
    )
  lines.push('', '## Declarations')
  for (const file of declarationFiles(
    packageDir,
    code.map((entry) => entry.types),
  )) {
    const text = readFileSync(path.join(packageDir, file), 'utf8')
    if (isGenerated(file)) {
      lines.push(
        '',
        `### \`${file}\` (generated: exported names)`,
        '',
        ...exportedNames(text).map((n) => `- ${n}`),
      )
    } else {
      lines.push('', `### \`${file}\``, '', '```ts', withoutSourceMap(text), '```')
    }
  }
  return `${lines.join('\n')}\n`
}
