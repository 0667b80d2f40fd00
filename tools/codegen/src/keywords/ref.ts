/** `$ref`: the referenced schema's test and explanation, on the same value (one function pair per schema). */
import type { KeywordModule } from './context.js'

export const refKeyword: KeywordModule = {
  keywords: ['$ref'],
  emit(schema, at, ctx) {
    if (!('$ref' in schema)) return undefined
    const target = ctx.refOf(schema.$ref as string, `${at}/$ref`)
    const failed = `!${target.test('v', 'd')}`
    return {
      test: [`if (${failed}) return false`],
      explain: [`if (${failed}) { ${target.explain('sink')} }`],
    }
  },
}
