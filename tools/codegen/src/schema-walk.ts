/** A walk over every schema object inside a schema (subschemas of every applicator, not through `$ref`). */
import { type JsonSchemaObject, toPointer } from '@session-schemas/core'
import {
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from '@session-schemas/core/internal'

/** Something a generator rule refuses in a schema file. */
export interface SchemaProblem {
  /** JSON Pointer of the keyword in the schema file. */
  readonly pointer: string
  readonly reason: string
}

export function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The first problem `visit` finds, visiting `schema` and every subschema in it (`path` leads to the node). */
export function firstProblem(
  schema: JsonSchemaObject,
  visit: (node: JsonSchemaObject, path: readonly string[]) => SchemaProblem | undefined,
): SchemaProblem | undefined {
  const pending: { node: unknown; path: string[] }[] = [{ node: schema, path: [] }]
  while (pending.length > 0) {
    const { node, path } = pending.pop()!
    if (!isSchemaObject(node)) continue
    const problem = visit(node, path)
    if (problem) return problem
    for (const keyword of SUBSCHEMA_KEYWORDS)
      if (keyword in node) pending.push({ node: node[keyword], path: [...path, keyword] })
    for (const keyword of SUBSCHEMA_ARRAY_KEYWORDS) {
      const list = node[keyword]
      if (Array.isArray(list))
        for (let i = 0; i < list.length; i++)
          pending.push({ node: list[i], path: [...path, keyword, String(i)] })
    }
    for (const keyword of SUBSCHEMA_MAP_KEYWORDS) {
      const map = node[keyword]
      if (isSchemaObject(map))
        for (const key of Object.keys(map)) pending.push({ node: map[key], path: [...path, keyword, key] })
    }
  }
  return undefined
}

export const pointerTo = (path: readonly string[], keyword: string) => toPointer([...path, keyword])
