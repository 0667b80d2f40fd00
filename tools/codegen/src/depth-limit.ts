/**
 * A recursive model's check and errors() stop at a depth limit (512 levels), where the value is invalid:
 * a subschema that meets the limit fails. That is sound where a failing subschema can only make the
 * whole value fail (properties, items, allOf, anyOf...), and unsound where it can make the value pass:
 * under `not`, in a `oneOf` branch (another branch becomes the only match) and in an `if` (the `else`
 * applies instead). A too deep value would then be called valid, so a recursive schema using these
 * keywords fails generation instead. (`contains`, where `maxContains` would be a fourth, is not generated.)
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import { firstProblem, pointerTo, type SchemaProblem } from './schema-walk.js'

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
