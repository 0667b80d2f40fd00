/** esbuild-minified, gzipped bytes of small apps that import our models the way users do. */
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
