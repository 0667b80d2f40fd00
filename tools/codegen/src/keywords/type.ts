/** `type`: one test per JSON type name; a number may be an exact bigint (an integer read beyond 2^53). */
import { type EmitContext, guarded, IS_OBJECT, issue, type KeywordModule } from './context.js'

function typeTest(name: string, ctx: EmitContext): string {
  switch (name) {
    case 'string':
    case 'boolean':
      return `typeof v === "${name}"`
    case 'integer':
      return `${ctx.helper('isJsonInteger')}(v)`
    case 'number':
      return `${ctx.helper('isJsonNumber')}(v)`
    case 'null':
      return 'v === null'
    case 'array':
      return 'Array.isArray(v)'
    default:
      return IS_OBJECT
  }
}

export const typeKeyword: KeywordModule = (schema, _at, ctx) => {
  if (!('type' in schema)) return undefined
  const types = (typeof schema.type === 'string' ? [schema.type] : schema.type) as string[]
  const params = ctx.params({ kind: 'type', types })
  return guarded(`!(${types.map((t) => typeTest(t, ctx)).join(' || ')})`, issue('type', params))
}
