#!/usr/bin/env node
// Runs in a package directory: `publint --strict` on the packed package, then are-the-types-wrong with
// every generated model subpath as an explicit entry point (attw does not expand `./*` wildcards).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

// The tools are this package's own dependencies (pnpm installs them under its node_modules).
const bin = (pkg, file) => path.join(import.meta.dirname, 'node_modules', pkg, file)

const generated = path.join(process.cwd(), 'src/generated')
const models = existsSync(generated)
  ? readdirSync(generated)
      .filter((file) => file.endsWith('.gen.ts') && file !== 'index.gen.ts')
      .map((file) => `./${file.slice(0, -'.gen.ts'.length)}`)
  : []

const run = (label, command, args) => {
  const result = spawnSync(process.execPath, [command, ...args], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`check-package: ${label} failed in ${process.cwd()}`)
    process.exit(result.status ?? 1)
  }
}

run('publint', bin('publint', 'src/cli.js'), ['--strict'])
const entrypoints = models.length > 0 ? ['--include-entrypoints', ...models] : []
run('attw', bin('@arethetypeswrong/cli', 'dist/index.js'), [
  '--pack',
  '.',
  '--profile',
  'esm-only',
  '--format',
  'table-flipped',
  ...entrypoints,
])
