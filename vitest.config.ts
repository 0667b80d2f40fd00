import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const root = fileURLToPath(new URL('.', import.meta.url))

// Tests import workspace packages from their sources, so they never depend on a stale build.
// (The packaging checks and the CLI end-to-end tests use the built `dist/` on purpose.)
// The aliases come from each package's `exports` map: a subpath built as `./dist/X.js` is the source
// `src/X.ts`, so a new subpath needs no entry here.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

interface PackageExports {
  readonly name: string
  readonly exports?: Record<string, string | { readonly default?: string } | null>
}

function packageAliases(): { find: RegExp; replacement: string }[] {
  const exact: { find: RegExp; replacement: string }[] = []
  const wildcards: { find: RegExp; replacement: string }[] = []
  for (const dir of readdirSync(path.join(root, 'packages'))) {
    const file = path.join(root, 'packages', dir, 'package.json')
    if (!existsSync(file)) continue
    const { name, exports = {} } = JSON.parse(readFileSync(file, 'utf8')) as PackageExports
    const entries = Object.entries(exports).map(([subpath, target]) => ({
      specifier: `${name}${subpath.slice(1)}`,
      built: typeof target === 'string' ? target : target?.default,
    }))
    const isBuilt = (built: string | undefined): built is string =>
      built?.startsWith('./dist/') === true && built.endsWith('.js')
    // What a wildcard must not take: the subpaths that are files as published (schemas, package.json).
    const plain = entries
      .filter((entry) => entry.built !== undefined && !isBuilt(entry.built))
      .map((entry) => escapeRegExp(entry.specifier.slice(name.length + 1)).replace('\\*', ''))
    for (const { specifier, built } of entries) {
      if (!isBuilt(built)) continue
      const source = path.join(
        root,
        'packages',
        dir,
        'src',
        `${built.slice('./dist/'.length, -'.js'.length)}.ts`,
      )
      if (!specifier.includes('*'))
        exact.push({ find: new RegExp(`^${escapeRegExp(specifier)}$`), replacement: source })
      else {
        const [before, after] = specifier.split('*') as [string, string]
        const excluded = plain.map((prefix) => `(?!${prefix})`).join('')
        wildcards.push({
          find: new RegExp(`^${escapeRegExp(before)}${excluded}(.+)${escapeRegExp(after)}$`),
          replacement: source.replace('*', '$1'),
        })
      }
    }
  }
  return [...exact, ...wildcards]
}

const alias = [
  { find: /^@session-schemas\/arbitraries$/, replacement: `${root}tools/arbitraries/src/index.ts` },
  { find: /^@session-schemas\/codegen$/, replacement: `${root}tools/codegen/src/index.ts` },
  ...packageAliases(),
]

/**
 * The test files that time code in this process (CPU-time scaling ratios): each gets a fresh module graph,
 * since another file's leftover heap would make its timings noisier. They form a project of their own
 * (`timing`). Everywhere else a worker imports the sources once for all the files of its project
 * (importing them per file was a fifth of the suite's CPU time): no test file mutates shared module state.
 */
const TIMED = ['packages/core/test/json-scaling.test.ts', 'tools/fuzz/test/scaling.test.ts']

const project = (name: string, dir: string, include: string[], isolate: boolean) => ({
  resolve: { alias },
  test: {
    name,
    root: `${root}${dir}`,
    include,
    exclude: ['**/node_modules/**', ...(isolate ? [] : TIMED.map((file) => path.relative(dir, file)))],
    isolate,
    testTimeout: 60_000,
    // The built packages run as Node loads them (the CLI tests' in-process runs use dist/ on purpose):
    // not transformed, and importing each other's dist/, not the sources aliased above.
    server: { deps: { external: [/\/node_modules\//, /\/packages\/[^/]+\/dist\//] } },
  },
})

const dirs = [
  ...readdirSync(`${root}packages`).map((d) => `packages/${d}`),
  ...readdirSync(`${root}tools`).map((d) => `tools/${d}`),
  // The smoke run of every benchmark (figures unchecked: a loaded machine's timings prove nothing).
  'bench',
]

/**
 * The slowest files (CPU time, Nov 2026), slowest first. They start first, so that on two workers none of
 * them is the tail of the run. A fresh clone has no timings of a previous run for vitest to go by.
 */
const SLOWEST = [
  'bench/test/smoke.test.ts',
  'tools/fuzz/test/fuzz.test.ts',
  'tools/fuzz/test/limits.test.ts',
  'tools/consumer/test/consumer.test.ts',
  'packages/cli/test/memory.e2e.test.ts',
  'packages/cli/test/trust.e2e.test.ts',
  'tools/fuzz/test/differential.test.ts',
  'packages/cli/test/jobs.property.test.ts',
  'tools/codegen/test/drift.test.ts',
  'packages/cli/test/stream.e2e.test.ts',
  'packages/cli/test/jobs.e2e.test.ts',
  'packages/jwt-claims/test/keys.test.ts',
  'tools/fuzz/test/scaling.test.ts',
  'packages/converter/test/secrets.property.test.ts',
]

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOWEST.indexOf(path.relative(root, file.moduleId))
      return at === -1 ? SLOWEST.length : at
    }
    // Array sort is stable: the unlisted files keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: SlowestFirst },
    // Vitest's default leaves one core idle (cores - 1): on a 2-core CI machine that is half of it. The
    // slow files mostly wait on child processes (the CLI, tsx), so a worker per core keeps both busy.
    maxWorkers: availableParallelism(),
    projects: [
      ...dirs.map((dir) => project(dir.split('/').pop() ?? dir, dir, ['test/**/*.test.ts'], false)),
      project('timing', '', TIMED, true),
    ],
  },
})
