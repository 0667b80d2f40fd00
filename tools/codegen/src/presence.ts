/**
 * The generated check and the explaining evaluator must agree on one rule for properties whose value is
 * `undefined` (ajv's, see SECURITY.md): such a property is absent. TypeBox's code follows it for optional
 * properties, but tests `required` and `dependentRequired` with `in`, which counts `{ a: undefined }` as
 * having `a`. The two agree on a required property only when its own schema rejects `undefined` (it
 * states a `type`, `const` or `enum`), and never on `dependentRequired`. A schema where they would
 * disagree fails generation, rather than produce a check that disagrees with errors().
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import type { Located, SchemaIndex } from '@session-schemas/core/internal'
import { firstProblem, isSchemaObject as isObject, pointerTo, type SchemaProblem } from './schema-walk.js'

export type PresenceProblem = SchemaProblem

/** The first place in `schema` (a schema file, indexed) where the generated check would break the rule. */
export function presenceProblem(schema: JsonSchemaObject, index: SchemaIndex): PresenceProblem | undefined {
  return firstProblem(schema, (node, path) => {
    if ('dependentRequired' in node) {
      return {
        pointer: pointerTo(path, 'dependentRequired'),
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
        pointer: pointerTo([...path, 'required'], String(i)),
        reason: `required property ${JSON.stringify(name)} needs a schema under "properties" that states a type, const or enum: otherwise the check would count { ${JSON.stringify(name)}: undefined } as present`,
      }
    }
    return undefined
  })
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
