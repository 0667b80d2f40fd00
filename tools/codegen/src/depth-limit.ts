/**
 * A recursive model's check and errors() stop at a depth limit (512 levels), where the value is invalid:
 * a subschema that meets the limit fails. That is sound where a failing subschema can only make the
 * whole value fail (properties, items, allOf, anyOf...), and unsound where it can make the value pass:
 * under `not`, in a `oneOf` branch (another branch becomes the only match) and in an `if` (the `else`
 * applies instead). A too deep value would then be called valid, so a recursive schema using these
 * keywords fails generation instead. (`contains`, where `maxContains` would be a fourth, is not generated.)
 */
import type { JsonSchema, JsonSchemaObject } from '@session-schemas/core'
import { SchemaIndex } from '@session-schemas/core/internal'
import { firstProblem, isSchemaObject, pointerTo, type SchemaProblem } from './schema-walk.js'

const INVERTING = ['not', 'oneOf', 'if'] as const

/** The first keyword of a recursive bundled schema where the depth limit could turn invalid into valid. */
export function depthLimitProblem(schema: JsonSchemaObject, recursive: boolean): SchemaProblem | undefined {
  if (!recursive) return undefined
  return firstProblem(schema, (node, path) => {
    const keyword = INVERTING.find((name) => name in node)
    if (keyword === undefined) return undefined
    return {
      pointer: pointerTo(path, keyword),
      reason: `${keyword} in a recursive schema is not supported by the generator: a subschema that meets the depth limit fails, and under ${keyword} that failure could make a too deep value valid`,
    }
  })
}

/** Keywords that apply a subschema to the same value (not to a part of it): they do not go deeper. */
const IN_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const
const IN_PLACE = ['not', 'if', 'then', 'else'] as const

/**
 * The first `$ref` that comes back to a schema it started from without going into the value (`{ anyOf:
 * [{ $ref: "#" }, ...] }`): the depth limit counts levels of the value, so the check would recurse until
 * the stack overflows. Such a schema has no meaning (its evaluation never ends) and fails generation.
 */
export function refCycleProblem(schema: JsonSchema): SchemaProblem | undefined {
  if (!isSchemaObject(schema)) return undefined
  const index = new SchemaIndex()
  index.add(schema)
  const done = new Set<object>()
  const onPath = new Set<object>()
  let found: SchemaProblem | undefined
  const visit = (node: JsonSchema): void => {
    if (found || !isSchemaObject(node) || done.has(node)) return
    if (onPath.has(node)) {
      const location = index.locate(node)?.location ?? ''
      found = {
        pointer: location.slice(location.indexOf('#') + 1),
        reason: `a $ref cycle that does not go into the value comes back to ${location.slice(location.indexOf('#')) || '#'}: checking it would never end`,
      }
      return
    }
    onPath.add(node)
    if (typeof node.$ref === 'string') {
      const located = index.locate(node)
      if (located) visit(index.resolve(node.$ref, located.base, located.location).schema)
    }
    for (const keyword of IN_PLACE_LISTS) {
      const list = node[keyword]
      if (Array.isArray(list)) for (const item of list) visit(item as JsonSchema)
    }
    for (const keyword of IN_PLACE) if (keyword in node) visit(node[keyword] as JsonSchema)
    onPath.delete(node)
    done.add(node)
  }
  firstProblem(schema, (node) => {
    visit(node)
    return found
  })
  return found
}
