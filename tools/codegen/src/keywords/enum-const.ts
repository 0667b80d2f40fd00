/** `enum` and `const`: JSON equality (1 and 1.0 are equal, and so are a number and its exact bigint). */
import { type EmitContext, guarded, issue, joined, type KeywordCode, type KeywordModule } from './context.js'
import { literalValue } from './literal.js'

/** An expression: `v` equals the JSON value `expected`. Strings, booleans and null compare with `===`. */
function equals(expected: unknown, ctx: EmitContext): string {
  if (typeof expected === 'string' || typeof expected === 'boolean' || expected === null)
    return `v === ${JSON.stringify(expected)}`
  return `${ctx.helper('jsonEqual')}(${ctx.constant(literalValue(expected), 'json')}, v)`
}

export const enumConstKeywords: KeywordModule = {
  keywords: ['enum', 'const'],
  emit(schema, _at, ctx) {
    const code: KeywordCode[] = []
    if ('enum' in schema) {
      const allowed = schema.enum as unknown[]
      const params = ctx.params({ kind: 'enum', allowed })
      const test = allowed.length === 0 ? 'false' : allowed.map((value) => equals(value, ctx)).join(' || ')
      code.push(guarded(`!(${test})`, issue('enum', params)))
    }
    if ('const' in schema) {
      const params = ctx.params({ kind: 'const', expected: schema.const })
      code.push(guarded(`!(${equals(schema.const, ctx)})`, issue('const', params)))
    }
    return joined(code)
  },
}
