/**
 * Number keywords: the bounds (the first one failed is the issue) and `multipleOf`. A JSON number may be
 * an exact bigint; JavaScript compares a bigint with a number exactly.
 */
import { int64BoundsMaximum } from '@session-schemas/core/internal'
import { issue, joined, type KeywordCode, type KeywordModule, knownToBe } from './context.js'

const BOUNDS = [
  ['minimum', '>='],
  ['maximum', '<='],
  ['exclusiveMinimum', '>'],
  ['exclusiveMaximum', '<'],
] as const

const NUMBERS = ['number', 'integer']

export const numberKeywords: KeywordModule = {
  keywords: [...BOUNDS.map(([keyword]) => keyword), 'multipleOf'],
  emit(schema, _at, ctx) {
    const code: KeywordCode[] = []
    const bounds = BOUNDS.filter(
      ([keyword]) =>
        typeof schema[keyword] === 'number' && !(keyword === 'maximum' && int64BoundsMaximum(schema)),
    )
    if (bounds.length === 0 && typeof schema.multipleOf !== 'number') return undefined
    const isNumber = `${ctx.explainHelper('isJsonNumber')}(v)`
    // The test's guard: none when the node's type already says the value is a number.
    const numberAnd = knownToBe(NUMBERS, ctx) ? '' : `${ctx.helper('isJsonNumber')}(v) && `
    if (bounds.length > 0) {
      const within = bounds.map(([keyword, operator]) => `v ${operator} ${String(schema[keyword])}`)
      const explain = bounds.map(([keyword, operator], i) => {
        const limit = schema[keyword] as number
        const params = ctx.params({ kind: 'bound', operator, limit })
        return `${i > 0 ? 'else ' : ''}if (!(${within[i]})) ${issue(keyword, params)}`
      })
      code.push({
        test: [`if (${numberAnd}!(${within.join(' && ')})) return false`],
        explain: [`if (${isNumber}) {`, ...explain, '}'],
      })
    }
    if (typeof schema.multipleOf === 'number') {
      const params = ctx.params({ kind: 'multipleOf', divisor: schema.multipleOf })
      const notMultiple = `!${ctx.helper('isMultipleOf')}(v, ${String(schema.multipleOf)})`
      code.push({
        test: [`if (${numberAnd}${notMultiple}) return false`],
        explain: [`if (${isNumber} && ${notMultiple}) ${issue('multipleOf', params)}`],
      })
    }
    return joined(code)
  },
}
