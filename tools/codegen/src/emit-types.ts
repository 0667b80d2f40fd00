/**
 * TypeScript interfaces from json-schema-to-typescript, with JSDoc from the descriptions. The input is
 * the flattened schema with each definition titled by its TypeScript name.
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import {
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from '@session-schemas/core/internal'
import { compile } from 'json-schema-to-typescript'

/** Keywords whose value is a map of subschemas, and keywords whose value is a subschema or a list of them. */
const SCHEMA_MAPS = new Set<string>(SUBSCHEMA_MAP_KEYWORDS)
const SCHEMA_VALUED = new Set<string>([...SUBSCHEMA_KEYWORDS, ...SUBSCHEMA_ARRAY_KEYWORDS])
const ANNOTATIONS = new Set([
  'description',
  'title',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  'examples',
  'default',
])

/** Prepares a copy for json-schema-to-typescript: titles name the types, `$ref` siblings keep their JSDoc. */
function forJson2ts(schema: unknown, title?: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => forJson2ts(item))
  if (typeof schema !== 'object' || schema === null) return schema
  const source = schema as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(source)) {
    if (key === 'title' || key === '$id' || key === '$schema') continue
    if (SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null) {
      const map: Record<string, unknown> = {}
      for (const [name, sub] of Object.entries(value)) {
        Object.defineProperty(map, name, {
          value: forJson2ts(sub, key === '$defs' ? name : undefined),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      out[key] = map
    } else if (SCHEMA_VALUED.has(key)) {
      out[key] = forJson2ts(value)
    } else {
      out[key] = value
    }
  }
  if (title) out.title = title
  // `{ $ref, description }` would make json-schema-to-typescript declare a copy of the target type
  // (`Foo1`); `{ allOf: [{ $ref }], description }` keeps the name and the JSDoc.
  if (typeof out.$ref === 'string' && Object.keys(out).some((k) => ANNOTATIONS.has(k))) {
    const ref = out.$ref
    delete out.$ref
    out.allOf = [{ $ref: ref }, ...((out.allOf as unknown[]) ?? [])]
  }
  return out
}

export async function emitTypes(schema: JsonSchemaObject, rootName: string): Promise<string> {
  const input = forJson2ts(schema, rootName) as Parameters<typeof compile>[0]
  const text = await compile(input, rootName, {
    bannerComment: '',
    // Only an explicit `additionalProperties: true` adds an index signature, as in TypeBox's static type.
    additionalProperties: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: false,
    strictIndexSignatures: false,
    format: true,
    style: { semi: false, singleQuote: true, printWidth: 110, trailingComma: 'all' },
  })
  return markReadonly(text.trim(), schema, rootName)
}

/**
 * json-schema-to-typescript ignores `readOnly`; TypeBox's static type makes such properties
 * `readonly`. Add the modifier so that the two agree (and users see that the server owns the value).
 * Only properties of named object schemas (the root and `$defs`) may be `readOnly`.
 */
function markReadonly(text: string, schema: JsonSchemaObject, rootName: string): string {
  const wanted = new Map<string, Set<string>>()
  const collect = (name: string, def: unknown) => {
    const properties = (def as { properties?: Record<string, { readOnly?: unknown }> }).properties ?? {}
    const names = Object.keys(properties).filter((key) => properties[key]?.readOnly === true)
    if (names.length > 0) wanted.set(name, new Set(names))
  }
  collect(rootName, schema)
  for (const [name, def] of Object.entries((schema.$defs as Record<string, unknown>) ?? {}))
    collect(name, def)
  const expected = [...wanted.values()].reduce((n, set) => n + set.size, 0)
  const found = JSON.stringify(schema).split('"readOnly":true').length - 1
  if (found !== expected) {
    throw new Error(
      `readOnly is only supported on the properties of the root or a $defs schema (${found} found, ${expected} there)`,
    )
  }
  let marked = 0
  let current: Set<string> | undefined
  const lines = text.split('\n').map((line) => {
    const start = /^export interface (\w+) \{$/.exec(line)
    if (start) current = wanted.get(start[1]!)
    else if (line === '}') current = undefined
    const property = current && /^ {2}(['"]?)([^'"?:]+)\1\??: /.exec(line)
    if (property && current!.has(property[2]!)) {
      marked++
      return `  readonly ${line.slice(2)}`
    }
    return line
  })
  if (marked !== expected) throw new Error(`could not mark ${expected - marked} readOnly properties readonly`)
  return lines.join('\n')
}
