/** Loads every example under <root>/schemas/<vendor>/examples with its expected error. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { findSchemaFiles } from '@session-schemas/codegen'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')

export interface ExpectedError {
  readonly path: string
  readonly keyword: string
}

export interface Example {
  /** `<vendor>/<model>/<valid|invalid>/<case>` */
  readonly key: string
  readonly vendor: string
  readonly modelId: string
  readonly valid: boolean
  /** Relative to the root. */
  readonly file: string
  readonly data: unknown
  readonly asDoubles: unknown
  readonly beyond2to53: boolean
  readonly expected?: ExpectedError
}

export interface ExampleSet {
  readonly examples: readonly Example[]
  readonly modelsWithSchema: readonly string[]
  readonly modelsWithExamples: readonly string[]
}

export function loadExamples(root: string): ExampleSet {
  const examples: Example[] = []
  const schemasDir = path.join(root, 'schemas')
  for (const vendor of readdirSync(schemasDir).sort()) {
    const dir = path.join(schemasDir, vendor, 'examples')
    let expectedErrors: Record<string, ExpectedError> = {}
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
          const data = JSON.parse(readFileSync(file, 'utf8'))
          examples.push({
            key: `${vendor}/${model}/${kind}/${name}`,
            vendor,
            modelId: `${vendor}/${model}`,
            valid: kind === 'valid',
            file: path.relative(root, file),
            data,
            asDoubles: data,
            beyond2to53: false,
            expected: kind === 'invalid' ? expectedErrors[`${model}/${name}`] : undefined,
          })
        }
      }
    }
  }
  return {
    examples,
    modelsWithSchema: findSchemaFiles(root).map((f) => f.slice('schemas/'.length, -'.schema.json'.length)),
    modelsWithExamples: [...new Set(examples.map((e) => e.modelId))],
  }
}
