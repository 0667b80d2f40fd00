/**
 * The generated check and the explaining evaluator must agree on one rule for properties whose value is
 * `undefined` (ajv's, see SECURITY.md): such a property is absent. TypeBox's code follows it for optional
 * properties, but tests `required` and `dependentRequired` with `in`, which counts `{ a: undefined }` as
 * having `a`. The two agree on a required property only when its own schema rejects `undefined` (it
 * states a `type`, `const` or `enum`), and never on `dependentRequired`. A schema where they would
 * disagree fails generation, rather than produce a check that disagrees with errors().
 */
import { type JsonSchemaObject, toPointer } from '@session-schemas/core'
import {
  type Located,
  type SchemaIndex,
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from '@session-schemas/core/internal'

export interface PresenceProblem {
  /** JSON Pointer of the keyword in the schema file. */
  readonly pointer: string
  readonly reason: string
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The first place in `schema` (a schema file, indexed) where the generated check would break the rule. */
export function presenceProblem(schema: JsonSchemaObject, index: SchemaIndex): PresenceProblem | undefined {
  const pending: { node: unknown; path: string[] }[] = [{ node: schema, path: [] }]
  while (pending.length > 0) {
    const { node, path } = pending.pop()!
    if (!isObject(node)) continue
    if ('dependentRequired' in node) {
      return {
        pointer: toPointer([...path, 'dependentRequired']),
        reason:
          'dependentRequired is not supported by the generator: its check would count a property whose value is undefined as present',
      }
    }
    const required = Array.isArray(node.required) ? node.required : []
    const properties = isObject(node.properties) ? node.properties : {}
    for (let i = 0; i < required.length; i++) {
      const name = String(required[i])
      if (Object.hasOwn(properties, name) && rejectsUndefined(properties[name], index, new Set())) continue
      return {
        pointer: toPointer([...path, 'required', String(i)]),
        reason: `required property ${JSON.stringify(name)} needs a schema under "properties" that states a type, const or enum: otherwise the check would count { ${JSON.stringify(name)}: undefined } as present`,
      }
    }
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
      if (isObject(map))
        for (const key of Object.keys(map)) pending.push({ node: map[key], path: [...path, keyword, key] })
    }
  }
  return undefined
}

/** Whether a schema rejects `undefined` by itself (through `$ref`, `allOf`, `anyOf` and `oneOf` too). */
function rejectsUndefined(schema: unknown, index: SchemaIndex, seen: Set<object>): boolean {
  if (schema === false) return true
  if (!isObject(schema) || seen.has(schema)) return false
  seen.add(schema)
  if ('type' in schema || 'const' in schema || 'enum' in schema) return true
  if (typeof schema.$ref === 'string') {
    const located: Located | undefined = index.locate(schema)
    if (
      located &&
      rejectsUndefined(index.resolve(schema.$ref, located.base, located.location).schema, index, seen)
    )
      return true
  }
  if (Array.isArray(schema.allOf) && schema.allOf.some((s) => rejectsUndefined(s, index, seen))) return true
  for (const keyword of ['anyOf', 'oneOf']) {
    const list = schema[keyword]
    if (
      Array.isArray(list) &&
      list.length > 0 &&
      list.every((s) => rejectsUndefined(s, index, new Set(seen)))
    )
      return true
  }
  return false
}
