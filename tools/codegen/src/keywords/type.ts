/** `type`: one test per JSON type name; a number may be an exact bigint (an integer read beyond 2^53). */
import { type EmitContext, issue, type KeywordModule } from './context.js'

/** An expression: `value` is of the JSON type `name`. */
export function typeTest(name: string, value: string, ctx: EmitContext): string {
  switch (name) {
    case 'string':
    case 'boolean':
      return `typeof ${value} === "${name}"`
    case 'integer':
      return `${ctx.helper('isJsonInteger')}(${value})`
    case 'number':
      return `${ctx.helper('isJsonNumber')}(${value})`
    case 'null':
      return `${value} === null`
    case 'array':
      return `Array.isArray(${value})`
    default:
      return `(typeof ${value} === "object" && ${value} !== null && !Array.isArray(${value}))`
  }
}

/** An expression: `v` is not of the JSON type `name`. */
function notTypeTest(name: string, ctx: EmitContext): string {
  switch (name) {
    case 'string':
    case 'boolean':
      return `typeof v !== "${name}"`
    case 'null':
      return 'v !== null'
    case 'object':
      return 'typeof v !== "object" || v === null || Array.isArray(v)'
    default:
      return `!${typeTest(name, 'v', ctx)}`
  }
}

export const typeKeyword: KeywordModule = {
  keywords: ['type'],
  emit(schema, _at, ctx) {
    if (!('type' in schema)) return undefined
    const types = (typeof schema.type === 'string' ? [schema.type] : schema.type) as string[]
    const params = ctx.params({ kind: 'type', types })
    const failed =
      types.length === 1
        ? notTypeTest(types[0]!, ctx)
        : `!(${types.map((t) => typeTest(t, 'v', ctx)).join(' || ')})`
    return { test: [`if (${failed}) return false`], explain: [`if (${failed}) ${issue('type', params)}`] }
  },
}
