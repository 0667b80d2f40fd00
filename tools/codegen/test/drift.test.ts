/**
 * `pnpm generate --check` after edits without regeneration (a schema, a manifest table, orphaned outputs) fails
 * and names exactly the files that drifted: every file the edits do not reach passes in the same run.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { OWNERS } from '../src/owners.js'
import { repoRoot } from './helpers.js'

const cli = path.join(repoRoot, 'tools/codegen/src/cli.ts')
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx')
const copy = mkdtempSync(path.join(tmpdir(), 'generate-check-'))
afterAll(() => rmSync(copy, { recursive: true, force: true }))

function check() {
  return spawnSync(tsx, [cli, '--check', '--root', copy], { encoding: 'utf8' })
}

describe('generate --check', () => {
  cpSync(path.join(repoRoot, 'schemas'), path.join(copy, 'schemas'), { recursive: true })
  // The READMEs with a generated table of the manifest.
  for (const readme of ['README.md', 'packages/cli/README.md'])
    cpSync(path.join(repoRoot, readme), path.join(copy, readme))
  // The canonical files at their $id paths.
  cpSync(path.join(repoRoot, 'site'), path.join(copy, 'site'), { recursive: true })
  for (const owner of new Set(Object.values(OWNERS))) {
    for (const part of [
      'src/generated',
      'src/dependency-models.gen.ts',
      'schemas',
      'test/types.gen.test-d.ts',
      'test/typebox-0.34.gen.test-d.ts',
      'README.md',
      'package.json',
    ]) {
      try {
        cpSync(path.join(repoRoot, owner, part), path.join(copy, owner, part), { recursive: true })
      } catch {
        // Packages that own no schema yet have nothing generated.
      }
    }
  }

  // One `--check` run sees every kind of drift at once (each is named by its own message), which
  // costs one generator run instead of one per kind. It names exactly the files the edits reach, so the
  // same run shows that the unedited ones (every other model and vendor) pass: no run on a clean copy is
  // needed for that (\`pnpm test\` runs \`pnpm generate --check\` on the tree itself).
  it('fails, naming exactly the files that drifted: a schema edit, a hand-edited manifest table, orphaned outputs', () => {
    const schema = path.join(copy, 'schemas/extremecloudiq/XiqApiTokenInfo.schema.json')
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('The login username', 'The login user name'))
    const readme = path.join(copy, 'README.md')
    const table = '| `@session-schemas/jwt-claims` | `jwt/Claims` |'
    const text = readFileSync(readme, 'utf8')
    expect(text).toContain(table)
    writeFileSync(readme, text.replace(table, '| `@session-schemas/jwt-claims` | |'))
    const orphans = [
      'packages/extremecloudiq/src/generated/Orphan.gen.ts',
      'packages/extremecloudiq/src/generated/typebox-0.34/Orphan.gen.ts',
      'packages/extremecloudiq/schemas/bundled/Orphan.schema.json',
      'packages/extremecloudiq/schemas/orphan.bundle.json',
      'site/schemas/extremecloudiq/Orphan',
    ]
    for (const orphan of orphans) writeFileSync(path.join(copy, orphan), '{}\n')
    const run = check()
    expect(run.status).toBe(1)
    const [heading, ...named] = run.stderr.trimEnd().split('\n')
    expect(heading).toMatch(/out of date with schemas\//)
    const differs = [
      'README.md',
      // The schema's description reaches its package's README table, its generated code (and the
      // typebox-0.34 form), the shipped schema forms for use outside the repository, and the site.
      'packages/extremecloudiq/README.md',
      'packages/extremecloudiq/schemas/XiqApiTokenInfo.schema.json',
      'packages/extremecloudiq/schemas/bundled/XiqApiTokenInfo.schema.json',
      'packages/extremecloudiq/schemas/extremecloudiq.bundle.json',
      'packages/extremecloudiq/schemas/openapi.json',
      'packages/extremecloudiq/src/generated/XiqApiTokenInfo.gen.ts',
      'packages/extremecloudiq/src/generated/typebox-0.34/XiqApiTokenInfo.gen.ts',
      'site/schemas/extremecloudiq/XiqApiTokenInfo',
    ]
    expect(named.map((line) => line.trim()).sort()).toEqual(
      [
        ...differs.map((file) => `differs: ${file}`),
        ...orphans.map((orphan) => `stale (its schema is gone): ${orphan}`),
      ].sort(),
    )
  })
})
