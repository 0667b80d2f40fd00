/**
 * Array keywords: `prefixItems` and `items` (one walk, which counts against the depth limit; every index
 * up to the length, so a hole is checked as undefined), `minItems` / `maxItems`, `uniqueItems`. The
 * functions below return statements for an array `v`; the module puts them under one array test.
 */
import {
  type EmitContext,
  issue,
  joined,
  type KeywordCode,
  type KeywordModule,
  underGuard,
} from './context.js'

const IS_ARRAY = 'Array.isArray(v)'

function walkKeyword(schema: Record<string, unknown>, at: string, ctx: EmitContext): KeywordCode | undefined {
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]) : []
  const hasItems = 'items' in schema
  if (prefix.length === 0 && !hasItems) return undefined
  const test: string[] = []
  const explain: string[] = []
  prefix.forEach((sub, i) => {
    const where = `${at}/prefixItems/${i}`
    const check = ctx.testOf(sub, where, `v[${i}]`, 'd + 1')
    if (check === 'true') return
    test.push(`if (v.length > ${i} && !${check}) return false`)
    const why = ctx.explainOf(sub, where, `v[${i}]`, `p + "/${i}"`, 'd + 1', 'sink')
    explain.push(`if (v.length > ${i} && !${check}) { ${why} }`)
  })
  if (hasItems) {
    const where = `${at}/items`
    const check = ctx.testOf(schema.items, where, 'v[i]', 'd + 1')
    if (check !== 'true') {
      const loop = `for (let i = ${prefix.length}; i < v.length; i++)`
      test.push(`${loop} if (!${check}) return false`)
      const why = ctx.explainOf(schema.items, where, 'v[i]', 'p + "/" + i', 'd + 1', 'sink')
      explain.push(`${loop} if (!${check}) { ${why} }`)
    }
  }
  const { maxDepth } = ctx
  if (maxDepth === undefined) return { test, explain }
  const tooDeep = ctx.params({ kind: 'maxDepth', maxDepth })
  return {
    test: [`if (d >= ${maxDepth}) return false`, ...test],
    explain: [`if (d >= ${maxDepth}) ${issue('maxDepth', tooDeep, 'undefined')}`, 'else {', ...explain, '}'],
  }
}

function sizeKeywords(schema: Record<string, unknown>, ctx: EmitContext): KeywordCode | undefined {
  const min = schema.minItems as number | undefined
  const max = schema.maxItems as number | undefined
  const unique = schema.uniqueItems === true
  if (min === undefined && max === undefined && !unique) return undefined
  const test: string[] = []
  const explain: string[] = []
  if (min !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at least', limit: min, unit: 'items' })
    test.push(`if (v.length < ${min}) return false`)
    explain.push(`if (v.length < ${min}) ${issue('minItems', params)}`)
  }
  if (max !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at most', limit: max, unit: 'items' })
    test.push(`if (v.length > ${max}) return false`)
    explain.push(`${explain.length > 0 ? 'else ' : ''}if (v.length > ${max}) ${issue('maxItems', params)}`)
  }
  if (unique) {
    const params = ctx.params({ kind: 'uniqueItems' })
    const duplicate = `${ctx.helper('firstDuplicate')}(v) !== undefined`
    test.push(`if (${duplicate}) return false`)
    explain.push(`if (${duplicate}) ${issue('uniqueItems', params)}`)
  }
  return { test, explain }
}

export const arrayKeywords: KeywordModule = {
  keywords: ['prefixItems', 'items', 'minItems', 'maxItems', 'uniqueItems'],
  emit(schema, at, ctx) {
    // The walk and the sizes, under one array test.
    const code = joined([walkKeyword(schema, at, ctx), sizeKeywords(schema, ctx)])
    return code && underGuard(IS_ARRAY, ['array'], ctx, code.test, code.explain)
  },
}
