import path from 'node:path'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')

/** A schema file as a model `extremecloudiq/<name>` (any owned vendor directory would do). */
export function schemaSource(name: string, body: Record<string, unknown>): [string, string] {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://session-schemas.dev/schemas/extremecloudiq/${name}`,
    title: `extremecloudiq/${name}`,
    ...body,
  }
  return [`schemas/extremecloudiq/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`]
}
