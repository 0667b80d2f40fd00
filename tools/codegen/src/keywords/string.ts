/**
 * String keywords: `minLength` / `maxLength` (in code points; code units bound them first, cheaply),
 * `pattern` (a `u` regular expression made once), `format` (our strict checks; `int64` also bounds an
 * exact bigint by 2^63 - 1, which the schema's maximum, a double, cannot).
 */
import { annotationFormats, checkedFormats } from '@session-schemas/core/internal'
import { type EmitContext, guarded, issue, type KeywordCode, type KeywordModule } from './context.js'

/** What generated code imports from `@session-schemas/core/internal` for each checked format. */
const FORMAT_CHECKS: Record<string, string> = {
  'date-time': 'isDateTime',
  date: 'isDate',
  ipv4: 'isIPv4',
  ipv6: 'isIPv6',
  uuid: 'isUuid',
}

function lengthKeywords(schema: Record<string, unknown>, ctx: EmitContext): KeywordCode | undefined {
  const min = schema.minLength as number | undefined
  const max = schema.maxLength as number | undefined
  if (min === undefined && max === undefined) return undefined
  // Code units bound code points from above, and twice the code points from below.
  const quick = [
    max !== undefined ? `v.length <= ${max}` : '',
    min !== undefined ? `v.length >= ${min * 2}` : '',
  ]
    .filter(Boolean)
    .join(' && ')
  const n = `${ctx.helper('codePointLength')}(v)`
  const failed = [min !== undefined ? `n < ${min}` : '', max !== undefined ? `n > ${max}` : '']
    .filter(Boolean)
    .join(' || ')
  const explain: string[] = []
  if (min !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at least', limit: min, unit: 'characters' })
    explain.push(`if (n < ${min}) ${issue('minLength', params)}`)
  }
  if (max !== undefined) {
    const params = ctx.params({ kind: 'size', bound: 'at most', limit: max, unit: 'characters' })
    explain.push(`${explain.length > 0 ? 'else ' : ''}if (n > ${max}) ${issue('maxLength', params)}`)
  }
  const open = `if (typeof v === "string" && !(${quick})) {`
  return {
    test: [open, `const n = ${n}`, `if (${failed}) return false`, '}'],
    explain: [open, `const n = ${n}`, ...explain, '}'],
  }
}

export const stringKeywords: KeywordModule = (schema, _at, ctx) => {
  const code: KeywordCode[] = []
  const lengths = lengthKeywords(schema, ctx)
  if (lengths) code.push(lengths)
  if (typeof schema.pattern === 'string') {
    const regex = ctx.constant(`new RegExp(${JSON.stringify(schema.pattern)}, "u")`, 'regex')
    const params = ctx.params({ kind: 'pattern', pattern: schema.pattern })
    code.push(guarded(`typeof v === "string" && !${regex}.test(v)`, issue('pattern', params)))
  }
  const format = schema.format as string | undefined
  if (format !== undefined && checkedFormats[format]) {
    const params = ctx.params({ kind: 'format', format })
    const check = ctx.helper(FORMAT_CHECKS[format]!)
    code.push(guarded(`typeof v === "string" && !${check}(v)`, issue('format', params)))
  } else if (format === 'int64' && annotationFormats.includes(format)) {
    const params = ctx.params({ kind: 'int64' })
    code.push(
      guarded(`typeof v === "bigint" && !${ctx.helper('withinInt64Max')}(v)`, issue('maximum', params)),
    )
  }
  if (code.length === 0) return undefined
  return { test: code.flatMap((c) => c.test), explain: code.flatMap((c) => c.explain) }
}
