/**
 * The generated part of each package README: the model table, and for every model its import, its
 * fields as the schema states them beside the TypeScript interface, and a usage example.
 */
import type { JsonSchemaObject } from '@session-schemas/core'

export const README_START = '<!-- generated:models (pnpm generate; do not edit by hand) -->'
export const README_END = '<!-- /generated:models -->'

export interface ReadmeModel {
  readonly modelId: string
  readonly name: string
  readonly typeName: string
  readonly schema: JsonSchemaObject
  readonly interfaces: string
}

function firstSentence(text: unknown): string {
  if (typeof text !== 'string') return ''
  const match = /^(.*?[.!?])(\s|$)/s.exec(text.replace(/\s+/g, ' '))
  return (match?.[1] ?? text).replace(/\|/g, '\\|')
}

function describeType(schema: Record<string, unknown>, defs: Record<string, unknown>): string {
  if (typeof schema.$ref === 'string') return schema.$ref.replace('#/$defs/', '')
  if ('const' in schema) return `\`${JSON.stringify(schema.const)}\``
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ')
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    return ((schema.anyOf ?? schema.oneOf) as Record<string, unknown>[])
      .map((s) => describeType(s, defs))
      .join(' \\| ')
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' \\| ') : String(schema.type ?? 'any')
  if (type === 'array' && typeof schema.items === 'object' && schema.items !== null) {
    return `${describeType(schema.items as Record<string, unknown>, defs)}[]`
  }
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type
}

function fieldTable(schema: JsonSchemaObject): string {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  const required = new Set((schema.required as string[] | undefined) ?? [])
  const defs = (schema.$defs ?? {}) as Record<string, unknown>
  const rows = Object.entries(properties).map(([key, prop]) => {
    const notes = [
      prop.readOnly === true ? 'read-only' : '',
      prop.format === 'password' ? '**secret**' : '',
      firstSentence(prop.description),
    ]
      .filter(Boolean)
      .join('; ')
    return `| \`${key}\` | ${describeType(prop, defs)} | ${required.has(key) ? 'yes' : ''} | ${notes} |`
  })
  if (rows.length === 0) return `Type: ${describeType(schema as Record<string, unknown>, defs)}.`
  return ['| field | type | required | notes |', '|---|---|---|---|', ...rows].join('\n')
}

function stripJsDoc(interfaces: string): string {
  return interfaces.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '')
}

export function emitReadmeSection(pkg: string, models: readonly ReadmeModel[]): string {
  const table = [
    '| model id | import | TypeScript type | what it is |',
    '|---|---|---|---|',
    ...models.map(
      (m) =>
        `| \`${m.modelId}\` | \`${pkg}/${m.name}\` | \`${m.typeName}\` | ${firstSentence(m.schema.description)} |`,
    ),
  ].join('\n')
  const sections = models.map((m) =>
    [
      `### \`${m.modelId}\``,
      '',
      typeof m.schema.description === 'string' ? m.schema.description : '',
      '',
      `JSON Schema: [\`schemas/${m.name}.schema.json\`](schemas/${m.name}.schema.json) (\`${pkg}/schemas/${m.name}.schema.json\`)`,
      '',
      fieldTable(m.schema),
      '',
      '<details><summary>TypeScript</summary>',
      '',
      '```ts',
      stripJsDoc(m.interfaces),
      '```',
      '',
      '</details>',
      '',
      '```ts',
      `import { check, errors, parse, type ${m.typeName} } from '${pkg}/${m.name}'`,
      '',
      `if (check(payload)) use(payload) // payload: ${m.typeName}`,
      `else for (const issue of errors(payload)) console.error(issue.path, issue.keyword, issue.message)`,
      `const value: ${m.typeName} = parse(payload) // or throws a ValidationError with every issue`,
      '```',
      '',
    ].join('\n'),
  )
  return [README_START, '', '## Models', '', table, '', ...sections, README_END].join('\n')
}
