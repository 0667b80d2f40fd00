import { readdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const root = fileURLToPath(new URL('.', import.meta.url))

// Tests import workspace packages from their sources, so they never depend on a stale build.
// (The packaging checks and the CLI end-to-end tests use the built `dist/` on purpose.)
const alias = [
  { find: /^@session-schemas\/arbitraries$/, replacement: `${root}tools/arbitraries/src/index.ts` },
  { find: /^@session-schemas\/codegen$/, replacement: `${root}tools/codegen/src/index.ts` },
  { find: /^@session-schemas\/core$/, replacement: `${root}packages/core/src/index.ts` },
  { find: /^@session-schemas\/core\/internal$/, replacement: `${root}packages/core/src/internal.ts` },
  { find: /^@session-schemas\/core\/typebox$/, replacement: `${root}packages/core/src/typebox.ts` },
  { find: /^@session-schemas\/core\/runtime$/, replacement: `${root}packages/core/src/runtime.ts` },
  {
    find: /^@session-schemas\/converter\/internal$/,
    replacement: `${root}packages/converter/src/internal.ts`,
  },
  {
    find: /^@session-schemas\/converter\/detect$/,
    replacement: `${root}packages/converter/src/detect.ts`,
  },
  {
    find: /^@session-schemas\/converter\/secrets$/,
    replacement: `${root}packages/converter/src/secrets-entry.ts`,
  },
  {
    find: /^@session-schemas\/jwt-claims\/session-to-claims$/,
    replacement: `${root}packages/jwt-claims/src/session-to-claims.ts`,
  },
  { find: /^@session-schemas\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
  {
    find: /^@session-schemas\/([a-z-]+)\/(?!schemas\/)(.+)$/,
    replacement: `${root}packages/$1/src/generated/$2.gen.ts`,
  },
]

/**
 * Projects whose test files each get a fresh module graph. Elsewhere a worker imports the sources once for
 * all its files (importing them per file was a fifth of the suite's CPU time): no test file there mutates
 * shared module state. These two time code in-process (CPU-time scaling ratios), which another file's
 * leftover heap would make noisier.
 */
const ISOLATED = new Set(['core', 'fuzz'])

const project = (dir: string) => ({
  resolve: { alias },
  test: {
    name: dir.split('/').pop(),
    root: `${root}${dir}`,
    include: ['test/**/*.test.ts'],
    isolate: ISOLATED.has(dir.split('/').pop() ?? ''),
    testTimeout: 60_000,
    // The built packages run as Node loads them (the CLI tests' in-process runs use dist/ on purpose):
    // not transformed, and importing each other's dist/, not the sources aliased above.
    server: { deps: { external: [/\/node_modules\//, /\/packages\/[^/]+\/dist\//] } },
  },
})

const dirs = [
  ...readdirSync(`${root}packages`).map((d) => `packages/${d}`),
  ...readdirSync(`${root}tools`).map((d) => `tools/${d}`),
]

/**
 * The slowest files (CPU time, Nov 2026), slowest first. They start first, so that on two workers none of
 * them is the tail of the run. A fresh clone has no timings of a previous run for vitest to go by.
 */
const SLOWEST = [
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
    projects: dirs.map(project),
  },
})
