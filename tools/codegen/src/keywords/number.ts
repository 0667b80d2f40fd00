/**
 * Number keywords: the bounds (the first one failed is the issue) and `multipleOf`. A JSON number may be
 * an exact bigint; JavaScript compares a bigint with a number exactly.
 */
import { guarded, issue, type KeywordCode, type KeywordModule } from './context.js'

const BOUNDS = [
  ['minimum', '>='],
  ['maximum', '<='],
  ['exclusiveMinimum', '>'],
  ['exclusiveMaximum', '<'],
] as const

export const numberKeywords: KeywordModule = (schema, _at, ctx) => {
  const code: KeywordCode[] = []
  const bounds = BOUNDS.filter(([keyword]) => typeof schema[keyword] === 'number')
  const isNumber = () => `${ctx.helper('isJsonNumber')}(v)`
  if (bounds.length > 0) {
    const within = bounds.map(([keyword, operator]) => `v ${operator} ${String(schema[keyword])}`)
    const explain = bounds.map(([keyword, operator], i) => {
      const limit = schema[keyword] as number
      const params = ctx.params({ kind: 'bound', operator, limit })
      return `${i > 0 ? 'else ' : ''}if (!(${within[i]})) ${issue(keyword, params)}`
    })
    code.push({
      test: [`if (${isNumber()} && !(${within.join(' && ')})) return false`],
      explain: [`if (${isNumber()}) {`, ...explain, '}'],
    })
  }
  if (typeof schema.multipleOf === 'number') {
    const params = ctx.params({ kind: 'multipleOf', divisor: schema.multipleOf })
    const failed = `${isNumber()} && !${ctx.helper('isMultipleOf')}(v, ${String(schema.multipleOf)})`
    code.push(guarded(failed, issue('multipleOf', params)))
  }
  if (code.length === 0) return undefined
  return { test: code.flatMap((c) => c.test), explain: code.flatMap((c) => c.explain) }
}
