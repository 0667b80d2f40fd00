/**
 * String keywords: `minLength` / `maxLength` (in code points; code units bound them first, cheaply),
 * `pattern` (a `u` regular expression made once), `format` (our strict checks; `int64` also bounds an
 * exact bigint and the double 2^63 by 2^63 - 1, which the schema's maximum, read as a double, cannot).
 */
import { annotationFormats, checkedFormats } from '@session-schemas/core/internal'
import {
  type EmitContext,
  issue,
  joined,
  type KeywordCode,
  type KeywordModule,
  knownToBe,
  UnsupportedKeyword,
} from './context.js'

/** What generated code imports from `@session-schemas/core/internal` for each checked format. */
const FORMAT_CHECKS: Record<string, string> = {
  'date-time': 'isDateTime',
  date: 'isDate',
  ipv4: 'isIPv4',
  ipv6: 'isIPv6',
  uuid: 'isUuid',
}

const IS_STRING = 'typeof v === "string"'

/** `if (v is a string && failed)` in the test (no string test when the type says so), and in the explanation. */
function stringGuarded(failed: string, explain: string, ctx: EmitContext): KeywordCode {
  const test = knownToBe(['string'], ctx) ? failed : `${IS_STRING} && ${failed}`
  return { test: [`if (${test}) return false`], explain: [`if (${IS_STRING} && ${failed}) ${explain}`] }
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
  const open = `if (${IS_STRING} && !(${quick})) {`
  const testOpen = knownToBe(['string'], ctx) ? `if (!(${quick})) {` : open
  return {
    test: [testOpen, `const n = ${n}`, `if (${failed}) return false`, '}'],
    explain: [open, `const n = ${n}`, ...explain, '}'],
  }
}

export const stringKeywords: KeywordModule = {
  keywords: ['minLength', 'maxLength', 'pattern', 'format'],
  emit(schema, at, ctx) {
    const code: (KeywordCode | undefined)[] = [lengthKeywords(schema, ctx)]
    if (typeof schema.pattern === 'string') {
      const regex = ctx.constant(`new RegExp(${JSON.stringify(schema.pattern)}, "u")`, 'regex')
      const params = ctx.params({ kind: 'pattern', pattern: schema.pattern })
      code.push(stringGuarded(`!${regex}.test(v)`, issue('pattern', params), ctx))
    }
    const format = schema.format as string | undefined
    if (format !== undefined && Object.hasOwn(checkedFormats, format)) {
      const params = ctx.params({ kind: 'format', format })
      const check = ctx.helper(FORMAT_CHECKS[format]!)
      code.push(stringGuarded(`!${check}(v)`, issue('format', params), ctx))
    } else if (format === 'int64') {
      const params = ctx.params({ kind: 'int64' })
      // An exact bigint, or the double 2^63 (the schema's maximum 2^63 - 1 reads as that double). The
      // test needs no guard when the node's type already says the value is a number.
      const beyond = `!${ctx.helper('withinInt64Max')}(v)`
      const guarded = `(typeof v === "bigint" || typeof v === "number") && ${beyond}`
      code.push({
        test: [`if (${knownToBe(['integer', 'number'], ctx) ? beyond : guarded}) return false`],
        explain: [`if (${guarded}) ${issue('maximum', params)}`],
      })
    } else if (format !== undefined && !annotationFormats.includes(format)) {
      throw new UnsupportedKeyword(`${at}/format`, `format "${format}"`)
    }
    return joined(code)
  },
}
