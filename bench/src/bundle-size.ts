/** esbuild-minified, gzipped bytes of small apps that import our models the way users do. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { root } from './validators.js'

export interface BundleResult {
  readonly app: string
  readonly minified: number
  readonly gzipped: number
}

const APPS: Record<string, string> = {
  'one model: check': `import { check } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'\nconsole.log(check(globalThis.input))`,
  'one model: check alone (check/ subpath)': `import { check } from '@session-schemas/extremecloudiq/check/XiqApiTokenInfo'\nconsole.log(check(globalThis.input))`,
  'one model: check + errors': `import { check, errors } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'\nconsole.log(check(globalThis.input) || errors(globalThis.input))`,
  'one model, large (iam.Session): check': `import { check } from '@session-schemas/intersight/iam.Session'\nconsole.log(check(globalThis.input))`,
  'whole vendor package (intersight)': `import * as all from '@session-schemas/intersight'\nconsole.log(all)`,
  'ajv + ajv-formats compiling XiqApiTokenInfo': `import Ajv from 'ajv/dist/2020.js'\nimport addFormats from 'ajv-formats'\nimport schema from '../schemas/extremecloudiq/XiqApiTokenInfo.schema.json'\nconst ajv = new Ajv(); addFormats(ajv); console.log(ajv.compile(schema)(globalThis.input))`,
}

export async function benchBundles(): Promise<BundleResult[]> {
  const results: BundleResult[] = []
  for (const [app, contents] of Object.entries(APPS)) {
    const out = await build({
      stdin: { contents, resolveDir: `${root}/bench`, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    const code = out.outputFiles[0]!.contents
    results.push({ app, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength })
  }
  return results
}

/**
 * The playground as Vite built it (packages/playground/dist: the page, its script, its worker, its
 * styles), without the example payloads it ships beside it under examples/. Each file gzipped on its own,
 * as a server sends them. Budget: 150 KB gzipped.
 */
export function benchPlaygroundBundle(): BundleResult {
  const dist = path.join(root, 'packages/playground/dist')
  if (!existsSync(path.join(dist, 'index.html')))
    throw new Error('packages/playground/dist is missing: run `pnpm build` first')
  let minified = 0
  let gzipped = 0
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name)
    if (!entry.isFile() || path.relative(dist, file).startsWith('examples')) continue
    const bytes = readFileSync(file)
    minified += bytes.byteLength
    gzipped += gzipSync(bytes, { level: 9 }).byteLength
  }
  return {
    app: 'playground (packages/playground/dist without examples/; budget 150 KB gzipped)',
    minified,
    gzipped,
  }
}
