/**
 * Object keywords: `required` (listed first: a missing property is usually the reason for the rest),
 * `properties`, `patternProperties` and `additionalProperties` (one walk of the object, which counts
 * against the depth limit), `propertyNames`, `minProperties` / `maxProperties`, `dependentRequired`. A
 * property whose value is undefined is absent (ajv's rule); names that Object.prototype also has
 * (`toString`, `__proto__`) count only as own keys. The test reads each property once, into a local.
 * (patternProperties, propertyNames and dependentRequired are tested, not explained: a model using one
 * explains with the evaluator.)
 */
import { escapeToken } from '@session-schemas/core/internal'
import {
  childPointer,
  type EmitContext,
  IS_OBJECT,
  issue,
  type KeywordModule,
  underGuard,
} from './context.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An expression: property `name` of `v` (read as `access`) is absent. */
function absent(name: string, access: string): string {
  return name in Object.prototype
    ? `(${access} === undefined || !Object.hasOwn(v, ${JSON.stringify(name)}))`
    : `${access} === undefined`
}

/** An expression: property `name` of `v` (read as `access`) is present. */
function present(name: string, access: string): string {
  return name in Object.prototype
    ? `${access} !== undefined && Object.hasOwn(v, ${JSON.stringify(name)})`
    : `${access} !== undefined`
}

const read = (name: string) => `v[${JSON.stringify(name)}]`

/** The statements for an object `v`: the test's and the explanation's (undefined: not explained). */
interface ObjectCode {
  test: string[]
  explain: string[] | undefined
}

function objectCode(schema: Record<string, unknown>, at: string, ctx: EmitContext): ObjectCode | undefined {
  const properties = isRecord(schema.properties) ? schema.properties : undefined
  const names = properties ? Object.keys(properties) : []
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  const patterns = isRecord(schema.patternProperties) ? Object.entries(schema.patternProperties) : []
  const additional = schema.additionalProperties
  const forbidsOthers = additional === false
  const additionalSchema =
    additional === undefined || typeof additional === 'boolean' ? undefined : additional
  const walksKeys = patterns.length > 0 || additionalSchema !== undefined || forbidsOthers
  const walks = properties !== undefined || walksKeys
  const hasNames = 'propertyNames' in schema
  const dependent = isRecord(schema.dependentRequired)
    ? (Object.entries(schema.dependentRequired) as [string, string[]][])
    : []
  const min = schema.minProperties as number | undefined
  const max = schema.maxProperties as number | undefined
  if (
    required.length === 0 &&
    !walks &&
    !hasNames &&
    dependent.length === 0 &&
    min === undefined &&
    max === undefined
  )
    return undefined

  const test: string[] = []
  const explain: string[] = []
  // patternProperties, propertyNames and dependentRequired are not explained.
  const explained = patterns.length === 0 && !hasNames && dependent.length === 0
  const { maxDepth } = ctx
  if (walks && maxDepth !== undefined) test.push(`if (d >= ${maxDepth}) return false`)

  // The test reads each property it tests or requires once, into a local x0, x1, ..., just before its own
  // test, which is also its required test: an invalid value fails at its first bad property, and the
  // properties after it are never read.
  const locals = new Map(names.map((name, i) => [name, `x${i}`]))
  const unlisted = required.filter((name) => !locals.has(name))
  if (unlisted.length > 0)
    test.push(`if (${unlisted.map((name) => absent(name, read(name))).join(' || ')}) return false`)

  if (required.length > 0) {
    explain.push(
      ...required.map((name) => {
        const params = ctx.params({ kind: 'required', property: name })
        return `if (${absent(name, read(name))}) sink.add(${childPointer(name)}, d + 1, "required", ${params}, v, s)`
      }),
    )
  }

  // The walk: properties, patternProperties, additionalProperties.
  if (walks) {
    const walk: string[] = []
    for (const name of names) {
      const where = `${at}/properties/${escapeToken(name)}`
      const sub = properties![name]
      const local = locals.get(name)!
      const check = ctx.testOf(sub, where, local, 'd + 1')
      const isRequired = required.includes(name)
      if (check === 'true' && !isRequired) continue
      // A subschema with a `type` rejects undefined itself: then it is the required test too.
      const rejectsUndefined = isRecord(sub) && 'type' in sub && !(name in Object.prototype)
      const failed = isRequired
        ? rejectsUndefined
          ? `!${check}`
          : [absent(name, local), ...(check === 'true' ? [] : [`!${check}`])].join(' || ')
        : `${present(name, local)} && !${check}`
      test.push(`const ${local} = ${read(name)}`, `if (${failed}) return false`)
      if (check === 'true') continue
      const why = ctx.explainOf(sub, where, local, childPointer(name), 'd + 1', 'sink')
      walk.push(`const ${local} = ${read(name)}`, `if (${present(name, local)} && !${check}) { ${why} }`)
    }
    if (walksKeys) {
      const known = () => ctx.constant(`new Set${ctx.typed('<string>')}(${JSON.stringify(names)})`, 'known')
      // `then` for a key `k` the properties do not name (every key when they name none) and `also` holds.
      const whenUnnamed = (also: string | undefined, then: string) => {
        const conditions = [...(names.length > 0 ? [`!${known()}.has(k)`] : []), ...(also ? [also] : [])]
        return conditions.length > 0 ? `if (${conditions.join(' && ')}) ${then}` : then
      }
      const others =
        additionalSchema !== undefined
          ? ctx.testOf(additionalSchema, `${at}/additionalProperties`, 'v[k]', 'd + 1')
          : forbidsOthers
            ? 'false'
            : 'true'
      // The condition under which an unnamed key fails (none: every one does).
      const othersFail = others === 'false' ? undefined : `!${others}`
      if (patterns.length === 0) {
        if (others !== 'true')
          test.push(`for (const k of Object.keys(v)) ${whenUnnamed(othersFail, 'return false')}`)
      } else {
        // A key matching a pattern is tested by each pattern's schema, and by additionalProperties not.
        const decides = others !== 'true'
        test.push('for (const k of Object.keys(v)) {')
        if (decides) test.push(`let matched = ${names.length > 0 ? `${known()}.has(k)` : 'false'}`)
        patterns.forEach(([source, sub]) => {
          const regex = ctx.constant(`new RegExp(${JSON.stringify(source)}, "u")`, 'regex')
          const check = ctx.testOf(sub, `${at}/patternProperties/${escapeToken(source)}`, 'v[k]', 'd + 1')
          if (decides)
            test.push(`if (${regex}.test(k)) {`, 'matched = true', `if (!${check}) return false`, '}')
          else if (check !== 'true') test.push(`if (${regex}.test(k) && !${check}) return false`)
        })
        if (decides) test.push(`if (!matched${othersFail ? ` && ${othersFail}` : ''}) return false`)
        test.push('}')
      }
      const path = () => `p + "/" + ${ctx.explainHelper('escapeToken')}(k)`
      if (explained) {
        if (others === 'true') {
          // additionalProperties accepts anything: nothing to explain.
        } else if (additionalSchema !== undefined) {
          const why = ctx.explainOf(
            additionalSchema,
            `${at}/additionalProperties`,
            'v[k]',
            path(),
            'd + 1',
            'sink',
          )
          walk.push(`for (const k of Object.keys(v)) ${whenUnnamed(othersFail, `{ ${why} }`)}`)
        } else {
          const params = ctx.params({ kind: 'additionalProperties' })
          walk.push(
            `for (const k of Object.keys(v)) ${whenUnnamed(undefined, `sink.add(${path()}, d + 1, "additionalProperties", ${params}, k, s)`)}`,
          )
        }
      }
    }
    if (maxDepth === undefined) explain.push(...walk)
    else {
      const tooDeep = ctx.params({ kind: 'maxDepth', maxDepth })
      explain.push(`if (d >= ${maxDepth}) ${issue('maxDepth', tooDeep, 'undefined')}`, 'else {', ...walk, '}')
    }
  }

  if (hasNames) {
    const check = ctx.testOf(schema.propertyNames, `${at}/propertyNames`, 'k', 'd')
    if (check !== 'true') test.push(`for (const k of Object.keys(v)) if (!${check}) return false`)
  }

  if (min !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at least', limit: min, unit: 'properties' })
    test.push(`if (Object.keys(v).length < ${min}) return false`)
    explain.push(`if (Object.keys(v).length < ${min}) ${issue('minProperties', params)}`)
  }
  if (max !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at most', limit: max, unit: 'properties' })
    test.push(`if (Object.keys(v).length > ${max}) return false`)
    explain.push(
      `${min !== undefined ? 'else ' : ''}if (Object.keys(v).length > ${max}) ${issue('maxProperties', params)}`,
    )
  }

  for (const [name, needs] of dependent) {
    if (needs.length === 0) continue
    const missing = needs.map((need) => absent(need, read(need))).join(' || ')
    test.push(`if (${present(name, read(name))} && (${missing})) return false`)
  }
  return { test, explain: explained ? explain : undefined }
}

export const objectKeywords: KeywordModule = {
  keywords: [
    'required',
    'properties',
    'patternProperties',
    'additionalProperties',
    'propertyNames',
    'minProperties',
    'maxProperties',
    'dependentRequired',
  ],
  emit(schema, at, ctx) {
    const code = objectCode(schema, at, ctx)
    return code && underGuard(IS_OBJECT, ['object'], ctx, code.test, code.explain)
  },
}
