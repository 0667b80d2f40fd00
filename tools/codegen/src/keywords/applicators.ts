/**
 * `allOf`, `anyOf`, `oneOf`, `not`, `if` / `then` / `else` on the same value. A failed anyOf/oneOf explains every failing branch
 * into a sink of its own and lets core's `reportAlternatives` (the evaluator's too) pick what to say.
 */
import { alternatives, describeSchema } from '@session-schemas/core/internal'
import { type EmitContext, issue, joined, type KeywordCode, type KeywordModule } from './context.js'

function someOf(
  schema: Record<string, unknown>,
  keyword: 'anyOf' | 'oneOf',
  at: string,
  ctx: EmitContext,
): KeywordCode {
  const branches = schema[keyword] as unknown[]
  const tests = branches.map((sub, i) => ctx.testOf(sub, `${at}/${keyword}/${i}`, 'v', 'd'))
  const failed =
    keyword === 'anyOf' ? `!(${tests.join(' || ')})` : `(${tests.map((t) => `+${t}`).join(' + ')}) !== 1`
  const described = alternatives(
    keyword,
    branches.map(describeSchema),
    branches.every((s) => typeof s === 'object' && s !== null && 'type' in s),
  )
  const params = ctx.explainConstant(
    `${ctx.explainHelper('alternatives')}(${JSON.stringify(keyword)}, ${JSON.stringify(described.names)}, ${described.typeUnion})`,
    'alternatives',
  )
  // Each branch's verdict once: it decides the keyword, then which branches are explained.
  const verdicts = tests.map((test, i) => `const b${i} = ${test}`)
  const verdict = (i: number) => `b${i}`
  const decided =
    keyword === 'anyOf'
      ? `!(${tests.map((_, i) => verdict(i)).join(' || ')})`
      : `(${tests.map((_, i) => `+${verdict(i)}`).join(' + ')}) !== 1`
  const explain = branches.map((sub, i) => {
    const why = ctx.explainOf(sub, `${at}/${keyword}/${i}`, 'v', 'p', 'd', 'branch')
    return `if (${verdict(i)}) passed.push(${i}); else { const branch = sink.branch(); ${why}; failures.push(branch) }`
  })
  return {
    test: [`if (${failed}) return false`],
    explain: [
      '{',
      ...verdicts,
      `if (${decided}) {`,
      `const passed${ctx.typed(': number[]')} = []`,
      `const failures${ctx.typed(`: ${ctx.explainHelper('IssueSink')}[]`)} = []`,
      ...explain,
      `${ctx.explainHelper('reportAlternatives')}(sink, p, d, ${params}, v, s, passed, failures)`,
      '}',
      '}',
    ],
  }
}

/** if/then/else: tested, not explained (a model using it explains with the evaluator). */
function conditional(schema: Record<string, unknown>, at: string, ctx: EmitContext): KeywordCode | undefined {
  if (!('if' in schema)) return undefined
  const condition = ctx.testOf(schema.if, `${at}/if`, 'v', 'd')
  const branch = (keyword: string) =>
    keyword in schema ? ctx.testOf(schema[keyword], `${at}/${keyword}`, 'v', 'd') : 'true'
  const then = branch('then')
  const otherwise = branch('else')
  if (then === 'true' && otherwise === 'true') return { test: [], explain: [] }
  return { test: [`if (${condition} ? !${then} : !${otherwise}) return false`], explain: undefined }
}

export const applicatorKeywords: KeywordModule = {
  keywords: ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'],
  emit(schema, at, ctx) {
    const code: (KeywordCode | undefined)[] = []
    if (Array.isArray(schema.allOf)) {
      schema.allOf.forEach((sub, i) => {
        const where = `${at}/allOf/${i}`
        const check = ctx.testOf(sub, where, 'v', 'd')
        if (check === 'true') return
        const why = ctx.explainOf(sub, where, 'v', 'p', 'd', 'sink')
        code.push({ test: [`if (!${check}) return false`], explain: [`if (!${check}) { ${why} }`] })
      })
    }
    for (const keyword of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(schema[keyword])) code.push(someOf(schema, keyword, at, ctx))
    if ('not' in schema) {
      const check = ctx.testOf(schema.not, `${at}/not`, 'v', 'd')
      const params = ctx.params({ kind: 'not', name: describeSchema(schema.not) })
      code.push({ test: [`if (${check}) return false`], explain: [`if (${check}) ${issue('not', params)}`] })
    }
    code.push(conditional(schema, at, ctx))
    return joined(code)
  },
}
