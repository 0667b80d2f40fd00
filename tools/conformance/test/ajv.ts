/**
 * ajv (draft 2020-12, strict, ajv-formats) over our schemas, every model compiled up front so that a
 * schema ajv rejects fails loudly, naming its file. ajv works on doubles: the schemas are read with
 * JSON.parse (the int64 maximum 2^63 - 1 becomes 2^63) and so is the data it is given.
 */
import { strictAjv } from '@session-schemas/codegen'
import type { ValidateFunction } from 'ajv/dist/2020.js'

export interface AjvSchemaFile {
  /** Relative to the root, for messages. */
  readonly file: string
  readonly modelId: string
  readonly schema: { readonly [keyword: string]: unknown }
}

/** modelId -> ajv's validator; throws naming the schema file ajv cannot compile. */
export function compileAjv(files: readonly AjvSchemaFile[]): Map<string, ValidateFunction> {
  const ajv = strictAjv()
  const validators = new Map<string, ValidateFunction>()
  for (const { file, schema } of files) {
    try {
      ajv.addSchema(schema)
    } catch (error) {
      throw new Error(`ajv cannot add ${file}: ${(error as Error).message}`)
    }
  }
  for (const { file, modelId, schema } of files) {
    try {
      const validate = ajv.getSchema(schema.$id as string)
      if (!validate) throw new Error(`no schema with $id ${String(schema.$id)}`)
      validators.set(modelId, validate)
    } catch (error) {
      throw new Error(`ajv cannot compile ${file}: ${(error as Error).message}`)
    }
  }
  return validators
}
