/**
 * pnpm generate            regenerate every file derived from schemas/
 * pnpm generate --check    fail (exit 1) if any generated file is missing or differs from what is committed
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { SITE_ID_PREFIX } from './emit-bundles.js'
import { GenerationError } from './errors.js'
import { generate } from './generate.js'
import { OWNERS } from './owners.js'

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, root: { type: 'string' } },
})
const root = path.resolve(values.root ?? path.join(import.meta.dirname, '../../..'))

try {
  const outputs = await generate(root)
  const drift: string[] = []
  for (const output of outputs) {
    const target = path.join(root, output.path)
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined
    if (current === output.content) continue
    if (values.check) {
      drift.push(`${current === undefined ? 'missing' : 'differs'}: ${output.path}`)
    } else {
      mkdirSync(path.dirname(target), { recursive: true })
      writeFileSync(target, output.content)
      console.log(`wrote ${output.path}`)
    }
  }
  // A generated file whose schema is gone is drift too.
  const expected = new Set(outputs.map((o) => o.path))
  for (const stale of findGeneratedFiles(root).filter((file) => !expected.has(file))) {
    if (values.check) drift.push(`stale (its schema is gone): ${stale}`)
    else {
      rmSync(path.join(root, stale))
      console.log(`removed ${stale}`)
    }
  }
  if (values.check && drift.length > 0) {
    console.error(
      `Generated files are out of date with schemas/ (run \`pnpm generate\`):\n  ${drift.join('\n  ')}`,
    )
    process.exit(1)
  }
  console.log(
    values.check
      ? `generate --check: ${outputs.length} files up to date`
      : `generate: ${outputs.length} files checked`,
  )
} catch (error) {
  if (error instanceof GenerationError) {
    console.error(`generate: ${error.message}`)
    process.exit(1)
  }
  throw error
}

/**
 * The files `pnpm generate` owns: `src/generated/*.gen.ts`, `src/generated/{check,typebox-0.34}/*.gen.ts` and
 * `schemas/*.schema.json`, `schemas/*.bundle.json`, `schemas/bundled/*.schema.json` of each owner package
 * (`schemas/openapi.json` is rewritten, never stale), and the files under `site/`.
 */
function findGeneratedFiles(root: string): string[] {
  const found: string[] = []
  for (const owner of new Set(Object.values(OWNERS))) {
    for (const [dir, suffix] of [
      ['src/generated', '.gen.ts'],
      ['src/generated/check', '.gen.ts'],
      ['src/generated/typebox-0.34', '.gen.ts'],
      ['schemas', '.schema.json'],
      ['schemas', '.bundle.json'],
      ['schemas/bundled', '.schema.json'],
    ] as const) {
      const full = path.join(root, owner, dir)
      if (!existsSync(full)) continue
      for (const name of readdirSync(full)) if (name.endsWith(suffix)) found.push(`${owner}/${dir}/${name}`)
    }
  }
  // site/schemas/<vendor>/<model>: files named by their $id, without an extension.
  const site = path.join(root, SITE_ID_PREFIX)
  if (existsSync(site))
    for (const vendor of readdirSync(site, { withFileTypes: true }))
      if (vendor.isDirectory())
        for (const name of readdirSync(path.join(site, vendor.name)))
          found.push(`${SITE_ID_PREFIX}${vendor.name}/${name}`)
  return found
}
