import { readdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

// Tests import workspace packages from their sources, so they never depend on a stale build.
// (The packaging checks and the CLI end-to-end tests use the built `dist/` on purpose.)
const alias = [
  { find: /^@session-schemas\/arbitraries$/, replacement: `${root}tools/arbitraries/src/index.ts` },
  { find: /^@session-schemas\/codegen$/, replacement: `${root}tools/codegen/src/index.ts` },
  { find: /^@session-schemas\/core$/, replacement: `${root}packages/core/src/index.ts` },
  { find: /^@session-schemas\/core\/internal$/, replacement: `${root}packages/core/src/internal.ts` },
  {
    find: /^@session-schemas\/converter\/internal$/,
    replacement: `${root}packages/converter/src/internal.ts`,
  },
  {
    find: /^@session-schemas\/converter\/detect$/,
    replacement: `${root}packages/converter/src/detect.ts`,
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

const project = (dir: string) => ({
  resolve: { alias },
  test: {
    name: dir.split('/').pop(),
    root: `${root}${dir}`,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
})

const dirs = [
  ...readdirSync(`${root}packages`).map((d) => `packages/${d}`),
  ...readdirSync(`${root}tools`).map((d) => `tools/${d}`),
]

export default defineConfig({
  test: {
    // Vitest's default leaves one core idle (cores - 1): on a 2-core CI machine that is half of it. The
    // slow files mostly wait on child processes (the CLI, tsx), so a worker per core keeps both busy.
    maxWorkers: availableParallelism(),
    projects: dirs.map(project),
  },
})
