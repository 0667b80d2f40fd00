/**
 * Finds the canonical schemas, checks them against the draft 2020-12 meta-schema and our conventions,
 * compiles them in ajv's strict mode, and indexes them by `$id` for `$ref` resolution.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { JsonSchemaObject } from '@session-schemas/core'
import { DRAFT_2020_12, SchemaIndex } from '@session-schemas/core/internal'
import { strictAjv } from './ajv.js'
import { GenerationError } from './errors.js'
import { idOfModel } from './naming.js'

export interface SchemaFile {
  /** Path relative to the repository root, e.g. `schemas/intersight/iam.Session.schema.json`. */
  readonly file: string
  /** `intersight/iam.Session` */
  readonly modelId: string
  readonly vendor: string
  /** `iam.Session` */
  readonly name: string
  readonly schema: JsonSchemaObject
  readonly text: string
}

export interface LoadedSchemas {
  readonly files: readonly SchemaFile[]
  readonly index: SchemaIndex
}

const SUFFIX = '.schema.json'

export function findSchemaFiles(root: string): string[] {
  const dir = path.join(root, 'schemas')
  const found: string[] = []
  for (const vendor of readdirSync(dir, { withFileTypes: true })) {
    if (!vendor.isDirectory()) continue
    for (const entry of readdirSync(path.join(dir, vendor.name), { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith(SUFFIX)) found.push(`schemas/${vendor.name}/${entry.name}`)
    }
  }
  return found.sort()
}

/** Reads and checks every schema; `sources` overrides file contents (used by tests). */
export function loadSchemas(root: string, sources?: ReadonlyMap<string, string>): LoadedSchemas {
  const paths = sources ? [...sources.keys()].sort() : findSchemaFiles(root)
  const files: SchemaFile[] = paths.map((file) => {
    const text = sources?.get(file) ?? readFileSync(path.join(root, file), 'utf8')
    const [, vendor, base] = file.split('/') as [string, string, string]
    const name = base.slice(0, -SUFFIX.length)
    let schema: unknown
    try {
      schema = JSON.parse(text)
    } catch (error) {
      throw new GenerationError(file, '', `not valid JSON: ${(error as Error).message}`)
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new GenerationError(file, '', 'a schema file must hold a JSON object')
    }
    const modelId = `${vendor}/${name}`
    checkConventions(file, modelId, schema as JsonSchemaObject)
    return { file, modelId, vendor, name, schema: schema as JsonSchemaObject, text }
  })

  const ajv = strictAjv()
  for (const { file, schema } of files) {
    if (!ajv.validateSchema(schema)) {
      const first = ajv.errors?.[0]
      throw new GenerationError(
        file,
        first?.instancePath ?? '',
        `does not match the draft 2020-12 meta-schema: ${first?.message ?? ''} ${JSON.stringify(first?.params ?? {})}`,
      )
    }
    ajv.addSchema(schema)
  }
  for (const { file, schema } of files) {
    try {
      ajv.getSchema(schema.$id as string)
    } catch (error) {
      const message = (error as Error).message
      const pointer = /#(\/[^"]*)?"/.exec(message)?.[1] ?? ''
      throw new GenerationError(file, decodeURIComponent(pointer), `ajv strict mode rejects it: ${message}`)
    }
  }

  const index = new SchemaIndex()
  for (const { schema } of files) index.add(schema)
  return { files, index }
}

function checkConventions(file: string, modelId: string, schema: JsonSchemaObject): void {
  if (schema.$schema !== DRAFT_2020_12)
    throw new GenerationError(file, '/$schema', `must be "${DRAFT_2020_12}"`)
  if (schema.$id !== idOfModel(modelId))
    throw new GenerationError(file, '/$id', `must be "${idOfModel(modelId)}" (the $id ends in the model id)`)
  if (schema.title !== modelId) throw new GenerationError(file, '/title', `must be the model id "${modelId}"`)
}
