/** Loads every example under schemas/<vendor>/examples with its expected error. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')

export interface Example {
  /** `<vendor>/<model>/<valid|invalid>/<case>` */
  readonly key: string
  readonly vendor: string
  readonly modelId: string
  readonly valid: boolean
  readonly file: string
  readonly data: unknown
  readonly expected?: { readonly path: string; readonly keyword: string }
}

export function loadExamples(): Example[] {
  const examples: Example[] = []
  const schemasDir = path.join(repoRoot, 'schemas')
  for (const vendor of readdirSync(schemasDir).sort()) {
    const dir = path.join(schemasDir, vendor, 'examples')
    let expectedErrors: Record<string, { path: string; keyword: string }> = {}
    try {
      expectedErrors = JSON.parse(readFileSync(path.join(dir, 'expected-errors.json'), 'utf8'))
    } catch {
      continue
    }
    for (const kind of ['valid', 'invalid'] as const) {
      const kindDir = path.join(dir, kind)
      for (const model of readdirSync(kindDir).sort()) {
        for (const name of readdirSync(path.join(kindDir, model)).sort()) {
          const file = path.join(kindDir, model, name)
          examples.push({
            key: `${vendor}/${model}/${kind}/${name}`,
            vendor,
            modelId: `${vendor}/${model}`,
            valid: kind === 'valid',
            file: path.relative(repoRoot, file),
            data: JSON.parse(readFileSync(file, 'utf8')),
            expected: kind === 'invalid' ? expectedErrors[`${model}/${name}`] : undefined,
          })
        }
      }
    }
  }
  return examples
}

export function loadSchemaFiles(): { file: string; schema: Record<string, unknown> }[] {
  const schemasDir = path.join(repoRoot, 'schemas')
  return readdirSync(schemasDir)
    .filter((vendor) => !vendor.includes('.'))
    .flatMap((vendor) =>
      readdirSync(path.join(schemasDir, vendor))
        .filter((name) => name.endsWith('.schema.json'))
        .map((name) => {
          const file = path.join('schemas', vendor, name)
          return { file, schema: JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) }
        }),
    )
}
