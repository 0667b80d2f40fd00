/**
 * Each published package's public surface, from its BUILT `dist/` (run `pnpm build` first), against the
 * committed `packages/<name>/api-report.md`. Any change to an entry point, a runtime export, its kind or
 * a hand-written declaration fails here, so that it is seen in review. `pnpm api:update` rewrites the
 * reports (it runs this test with API_UPDATE=1).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { apiReport, exportedNames, readPackage } from '../src/report.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const published = readdirSync(path.join(root, 'packages'))
  .map((name) => path.join(root, 'packages', name))
  .filter((dir) => !readPackage(dir).private)
  .sort()

describe('the committed API report of each published package', () => {
  it('covers every published package', () => {
    expect(published.map((dir) => path.basename(dir))).toEqual([
      'cli',
      'converter',
      'core',
      'extremecloudiq',
      'intersight',
      'jwt-claims',
      'netscaler',
      'vsphere',
    ])
  })

  it.each(published.map((dir) => [path.basename(dir), dir]))('%s', (_, dir) => {
    const file = path.join(dir, 'api-report.md')
    const actual = apiReport(dir)
    if (process.env.API_UPDATE === '1') {
      writeFileSync(file, actual)
      return
    }
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`pnpm api:update\``)
    expect(actual, 'the public surface changed: review it, then run `pnpm api:update`').toBe(
      readFileSync(file, 'utf8'),
    )
  })
})

describe('the report sees every kind of change (a small built package in a temporary directory)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'api-report-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  const setUp = () => {
    write(
      'package.json',
      JSON.stringify({
        name: 'fixture-pkg',
        type: 'module',
        exports: {
          '.': { types: './dist/index.d.ts', default: './dist/index.js' },
          './models/*': { types: './dist/generated/*.gen.d.ts', default: './dist/generated/*.gen.js' },
          './schemas/*': './schemas/*',
        },
      }),
    )
    write('dist/index.js', `export { helper } from './helper.js'\nexport const LIMIT = 3\n`)
    write('dist/index.d.ts', `export { helper } from './helper.js';\nexport declare const LIMIT = 3;\n`)
    write('dist/helper.js', `export function helper() { return 1 }\n`)
    write(
      'dist/helper.d.ts',
      `export declare function helper(): number;\n//# sourceMappingURL=helper.d.ts.map\n`,
    )
    write('dist/generated/A.gen.js', `export function check() { return true }\n`)
    write('dist/generated/A.gen.d.ts', `export declare function check(value: unknown): boolean;\n`)
    write('schemas/A.schema.json', '{}')
  }
  setUp()
  const baseline = apiReport(dir)

  it('lists entry points (wildcards expanded), runtime exports, files and declarations', () => {
    expect(baseline).toContain(
      '### `fixture-pkg` (types: `dist/index.d.ts`)\n\n- LIMIT: number\n- helper: function',
    )
    expect(baseline).toContain(
      '### `fixture-pkg/models/A` (types: `dist/generated/A.gen.d.ts`)\n\n- check: function',
    )
    expect(baseline).toContain('- `fixture-pkg/schemas/A.schema.json`')
    expect(baseline).toContain('export declare function helper(): number;\n```')
    expect(baseline).toContain(
      '### `dist/generated/A.gen.d.ts` (generated: exported names)\n\n- function check',
    )
    expect(baseline).not.toContain('sourceMappingURL')
  })

  const changes: [string, () => void][] = [
    [
      'a new runtime export',
      () =>
        write(
          'dist/index.js',
          `export { helper } from './helper.js'\nexport const LIMIT = 3\nexport const more = 1\n`,
        ),
    ],
    ['a changed kind', () => write('dist/helper.js', `export class helper {}\n`)],
    [
      'a changed signature in a reached declaration file',
      () => write('dist/helper.d.ts', `export declare function helper(x: string): number;\n`),
    ],
    [
      'a new model subpath',
      () => {
        write('dist/generated/B.gen.js', `export const id = 'B'\n`)
        write('dist/generated/B.gen.d.ts', `export declare const id = "B";\n`)
      },
    ],
    ['a removed schema file', () => rmSync(path.join(dir, 'schemas/A.schema.json'))],
    [
      'a new export of a generated module',
      () =>
        write(
          'dist/generated/A.gen.d.ts',
          `export declare function check(value: unknown): boolean;\nexport interface A {}\n`,
        ),
    ],
  ]
  it.each(changes)('changes with %s', (_, change) => {
    change()
    try {
      expect(apiReport(dir)).not.toBe(baseline)
    } finally {
      rmSync(path.join(dir, 'dist'), { recursive: true, force: true })
      rmSync(path.join(dir, 'schemas'), { recursive: true, force: true })
      setUp()
    }
  })

  it('fails loudly when the package is not built', () => {
    rmSync(path.join(dir, 'dist/helper.d.ts'))
    try {
      expect(() => apiReport(dir)).toThrow(/run `pnpm build`/)
    } finally {
      setUp()
    }
  })

  it('names the exports of generated declarations', () => {
    expect(
      exportedNames(
        'export declare const id = "x";\nexport interface A {}\nexport { B };\nexport type C = 1;\n',
      ),
    ).toEqual(['const id', 'interface A', 'reexport B', 'type C'])
  })
})
