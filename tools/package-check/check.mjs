#!/usr/bin/env node
// Runs in a package directory: packs it once (`pnpm pack`, as it is published), then `publint --strict` and
// are-the-types-wrong on that tarball, with every generated model subpath (and its check-only module) as an explicit entry point (attw
// does not expand `./*` wildcards). One pack instead of one per checker: packing is most of their cost.
// The tarball stays in `.packed/` (a turbo output of check:package), where `pnpm test`'s consumer test
// installs it instead of packing every package again.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'

// The tools are this package's own dependencies (pnpm installs them under its node_modules).
const bin = (pkg, file) => path.join(import.meta.dirname, 'node_modules', pkg, file)

const generated = path.join(process.cwd(), 'src/generated')
/** The subpaths of the generated modules in `dir` (under src/generated), e.g. `./iam.Session`, `./check/iam.Session`. */
const subpaths = (dir, prefix) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.gen.ts') && file !== 'index.gen.ts')
        .map((file) => `./${prefix}${file.slice(0, -'.gen.ts'.length)}`)
    : []
const models = [...subpaths(generated, ''), ...subpaths(path.join(generated, 'check'), 'check/')]

const run = (label, command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`check-package: ${label} failed in ${process.cwd()}`)
    process.exit(result.status ?? 1)
  }
}

// Emptied first: only this run's tarball may be there for the consumer test to find.
const packed = path.join(process.cwd(), '.packed')
rmSync(packed, { recursive: true, force: true })
mkdirSync(packed)
// pnpm runs this script, so npm_execpath is the pnpm that packs it as `pnpm publish` would.
const pnpm = process.env.npm_execpath
if (!pnpm) throw new Error('check-package: run it through pnpm (npm_execpath is not set)')
run('pnpm pack', process.execPath, [pnpm, 'pack', '--pack-destination', packed])
const tarballs = readdirSync(packed).filter((file) => file.endsWith('.tgz'))
if (tarballs.length !== 1) throw new Error(`check-package: pnpm pack made ${tarballs.length} tarballs`)
const tarball = path.join(packed, tarballs[0])

run('publint', process.execPath, [bin('publint', 'src/cli.js'), '--strict', tarball])
const entrypoints = models.length > 0 ? ['--include-entrypoints', ...models] : []
run('attw', process.execPath, [
  bin('@arethetypeswrong/cli', 'dist/index.js'),
  tarball,
  '--profile',
  'esm-only',
  '--format',
  'table-flipped',
  ...entrypoints,
])
