/**
 * Object keywords: `required` (listed first: a missing property is usually the reason for the rest),
 * `properties` and `additionalProperties` (one walk of the object, which counts against the depth
 * limit), `minProperties` / `maxProperties`. A property whose value is undefined is absent (ajv's rule);
 * names that Object.prototype also has (`toString`, `__proto__`) count only as own keys.
 */
import { escapeToken } from '@session-schemas/core/internal'
import {
  childPointer,
  type EmitContext,
  IS_OBJECT,
  issue,
  type KeywordCode,
  type KeywordModule,
  NotGenerated,
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

function requiredKeyword(schema: Record<string, unknown>, ctx: EmitContext): KeywordCode | undefined {
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  if (required.length === 0) return undefined
  const access = (name: string) => `v[${JSON.stringify(name)}]`
  const missing = required.map((name) => absent(name, access(name)))
  const explain = required.map((name, i) => {
    const params = ctx.params({ kind: 'required', property: name })
    const at = childPointer(name)
    return `if (${missing[i]}) sink.add(${at}, d + 1, "required", ${params}, v, s)`
  })
  return {
    test: [`if (${IS_OBJECT} && (${missing.join(' || ')})) return false`],
    explain: [`if (${IS_OBJECT}) {`, ...explain, '}'],
  }
}

function walkKeyword(schema: Record<string, unknown>, at: string, ctx: EmitContext): KeywordCode | undefined {
  const properties = isRecord(schema.properties) ? schema.properties : undefined
  const additional = schema.additionalProperties
  const forbidsOthers = additional === false
  const additionalSchema =
    additional === undefined || typeof additional === 'boolean' ? undefined : additional
  const walksKeys = additionalSchema !== undefined || forbidsOthers
  if (!properties && !walksKeys) return undefined
  const names = properties ? Object.keys(properties) : []
  const test: string[] = []
  const explain: string[] = []
  names.forEach((name, i) => {
    const where = `${at}/properties/${escapeToken(name)}`
    const sub = properties![name]
    const x = `x${i}`
    const access = `v[${JSON.stringify(name)}]`
    const check = ctx.testOf(sub, where, x, 'd + 1')
    if (check === 'true') return
    const isPresent = present(name, x)
    test.push(`const ${x} = ${access}`, `if (${isPresent} && !${check}) return false`)
    const why = ctx.explainOf(sub, where, x, childPointer(name), 'd + 1', 'sink')
    explain.push(`const ${x} = ${access}`, `if (${isPresent} && !${check}) { ${why} }`)
  })
  if (walksKeys) {
    const known = ctx.constant(`new Set${ctx.typed('<string>')}(${JSON.stringify(names)})`, 'known')
    const path = `p + "/" + ${ctx.helper('escapeToken')}(k)`
    if (additionalSchema === undefined) {
      const params = ctx.params({ kind: 'additionalProperties' })
      test.push(`for (const k of Object.keys(v)) if (!${known}.has(k)) return false`)
      explain.push(
        `for (const k of Object.keys(v)) if (!${known}.has(k)) sink.add(${path}, d + 1, "additionalProperties", ${params}, k, s)`,
      )
    } else {
      const where = `${at}/additionalProperties`
      const check = ctx.testOf(additionalSchema, where, 'v[k]', 'd + 1')
      test.push(`for (const k of Object.keys(v)) if (!${known}.has(k) && !${check}) return false`)
      const why = ctx.explainOf(additionalSchema, where, 'v[k]', path, 'd + 1', 'sink')
      explain.push(`for (const k of Object.keys(v)) if (!${known}.has(k) && !${check}) { ${why} }`)
    }
  }
  const { maxDepth } = ctx
  if (maxDepth === undefined) {
    return {
      test: [`if (${IS_OBJECT}) {`, ...test, '}'],
      explain: [`if (${IS_OBJECT}) {`, ...explain, '}'],
    }
  }
  const tooDeep = ctx.params({ kind: 'maxDepth', maxDepth })
  return {
    test: [`if (${IS_OBJECT}) {`, `if (d >= ${maxDepth}) return false`, ...test, '}'],
    explain: [
      `if (${IS_OBJECT}) {`,
      `if (d >= ${maxDepth}) ${issue('maxDepth', tooDeep, 'undefined')}`,
      'else {',
      ...explain,
      '}',
      '}',
    ],
  }
}

function sizeKeywords(schema: Record<string, unknown>, ctx: EmitContext): KeywordCode | undefined {
  const min = schema.minProperties as number | undefined
  const max = schema.maxProperties as number | undefined
  if (min === undefined && max === undefined) return undefined
  const n = 'Object.keys(v).length'
  const test: string[] = []
  const explain: string[] = []
  if (min !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at least', limit: min, unit: 'properties' })
    test.push(`if (${n} < ${min}) return false`)
    explain.push(`if (${n} < ${min}) ${issue('minProperties', params)}`)
  }
  if (max !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at most', limit: max, unit: 'properties' })
    test.push(`if (${n} > ${max}) return false`)
    explain.push(`${explain.length > 0 ? 'else ' : ''}if (${n} > ${max}) ${issue('maxProperties', params)}`)
  }
  return {
    test: [`if (${IS_OBJECT}) {`, ...test, '}'],
    explain: [`if (${IS_OBJECT}) {`, ...explain, '}'],
  }
}

export const objectKeywords: KeywordModule = (schema, at, ctx) => {
  for (const keyword of ['patternProperties', 'propertyNames', 'dependentRequired'])
    if (keyword in schema) throw new NotGenerated(`${at}/${keyword}`)
  const code = [requiredKeyword(schema, ctx), walkKeyword(schema, at, ctx), sizeKeywords(schema, ctx)].filter(
    (c): c is KeywordCode => c !== undefined,
  )
  if (code.length === 0) return undefined
  return { test: code.flatMap((c) => c.test), explain: code.flatMap((c) => c.explain) }
}
