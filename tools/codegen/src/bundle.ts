/**
 * Flattens a model and every schema it references into one self-contained schema: referenced
 * schemas are hoisted into the root's `$defs` under TypeScript-friendly names and every `$ref`
 * becomes a local `#/$defs/<Name>`. The result needs no registry, in any validator, and TypeBox can
 * infer its static type.
 */
import type { JsonSchema, JsonSchemaObject } from '@session-schemas/core'
import {
  type Located,
  SchemaError,
  type SchemaIndex,
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from '@session-schemas/core/internal'
import { identifier, modelIdOf } from './naming.js'

const SUBSCHEMA = new Set<string>(SUBSCHEMA_KEYWORDS)
const SUBSCHEMA_ARRAY = new Set<string>(SUBSCHEMA_ARRAY_KEYWORDS)
const SUBSCHEMA_MAP = new Set<string>(SUBSCHEMA_MAP_KEYWORDS)
/** Dropped from hoisted copies: they only make sense at the root of a document. */
const ROOT_ONLY = new Set(['$schema', '$id', '$defs'])

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface Bundle {
  /** The flattened schema: the root's keywords plus `$defs` holding every referenced schema. */
  readonly schema: JsonSchemaObject
  /** Model ids of the other schema files this one references, directly or not. */
  readonly references: readonly string[]
  /** Whether some schema refers back to itself through `$ref`s (a recursive type). */
  readonly recursive: boolean
}

export function bundle(index: SchemaIndex, root: JsonSchemaObject): Bundle {
  const rootLocated = index.locate(root) ?? index.add(root)
  const names = new Map<object, string>()
  const taken = new Map<string, object>()
  const queue: Located[] = []
  const references = new Set<string>()

  const nameFor = (target: Located): string => {
    const known = names.get(target.schema as object)
    if (known) return known
    const [resource, pointer = ''] = target.location.split('#')
    const model = modelIdOf(resource!) ?? resource!
    const tokens = pointer.split('/').filter(Boolean)
    const name =
      tokens.length === 0 ? identifier(model.replace(/^[^/]+\//, '')) : identifier(tokens[tokens.length - 1]!)
    const holder = taken.get(name)
    if (holder && holder !== target.schema) {
      throw new SchemaError(
        target.location,
        `two referenced schemas would both be named ${name}; rename one of them`,
        '$ref',
      )
    }
    taken.set(name, target.schema as object)
    names.set(target.schema as object, name)
    queue.push(target)
    if (tokens.length === 0 && modelIdOf(resource!) && target.schema !== root)
      references.add(modelIdOf(resource!)!)
    return name
  }

  const copy = (schema: JsonSchema, located: Located, isRoot: boolean): JsonSchema => {
    if (typeof schema === 'boolean') return schema
    return nullableAsAnyOf(copyKeywords(schema, located, isRoot))
  }

  const copyKeywords = (
    schema: JsonSchemaObject,
    located: Located,
    isRoot: boolean,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const [keyword, value] of Object.entries(schema)) {
      if (!isRoot && ROOT_ONLY.has(keyword)) continue
      if (isRoot && keyword === '$defs') continue
      if (keyword === '$ref' && typeof value === 'string') {
        const target = index.resolve(value, located.base, `${located.location}/$ref`)
        out.$ref = target.schema === root ? '#' : `#/$defs/${nameFor(target)}`
        if (target.schema !== root && modelIdOf(target.location.split('#')[0]!)) {
          references.add(modelIdOf(target.location.split('#')[0]!)!)
        }
      } else if (SUBSCHEMA.has(keyword)) {
        out[keyword] = copy(value as JsonSchema, child(index, value, located), false)
      } else if (SUBSCHEMA_ARRAY.has(keyword) && Array.isArray(value)) {
        out[keyword] = value.map((s) => copy(s as JsonSchema, child(index, s, located), false))
      } else if (SUBSCHEMA_MAP.has(keyword) && isObject(value)) {
        const map: Record<string, unknown> = {}
        for (const key of Object.keys(value)) {
          Object.defineProperty(map, key, {
            value: copy(value[key] as JsonSchema, child(index, value[key], located), false),
            enumerable: true,
            writable: true,
            configurable: true,
          })
        }
        out[keyword] = map
      } else {
        out[keyword] = value
      }
    }
    return out
  }

  const flat = copy(root, rootLocated, true) as Record<string, unknown>
  const defs: Record<string, JsonSchema> = {}
  while (queue.length > 0) {
    const target = queue.shift()!
    defs[names.get(target.schema as object)!] = copy(target.schema, target, false)
  }
  if (Object.keys(defs).length > 0)
    flat.$defs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)))
  return { schema: flat, references: [...references].sort(), recursive: hasCycle(flat) }
}

/** Whether the `$ref` graph of a flattened schema (root `#`, definitions `#/$defs/<name>`) has a cycle. */
function hasCycle(flat: Record<string, unknown>): boolean {
  const refsIn = (node: unknown, into: Set<string>): Set<string> => {
    if (Array.isArray(node)) for (const item of node) refsIn(item, into)
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') into.add(value)
        else if (key !== '$defs') refsIn(value, into)
      }
    }
    return into
  }
  const defs = (flat.$defs ?? {}) as Record<string, unknown>
  const edges = new Map<string, Set<string>>([['#', refsIn(flat, new Set())]])
  for (const [name, def] of Object.entries(defs)) edges.set(`#/$defs/${name}`, refsIn(def, new Set()))
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (node: string): boolean => {
    if (state.get(node) === 'visiting') return true
    if (state.get(node) === 'done') return false
    state.set(node, 'visiting')
    for (const next of edges.get(node) ?? []) if (visit(next)) return true
    state.set(node, 'done')
    return false
  }
  return [...edges.keys()].some(visit)
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  'examples',
  'default',
  '$schema',
  '$id',
  '$defs',
])

/**
 * \`{ "type": ["array", "null"], "items": X }\` becomes \`{ "anyOf": [{ "type": "array", "items": X }, { "type": "null" }] }\`
 * (likewise for objects). Both validate the same values, but TypeBox infers no \`null\` from the first
 * form of an array or object type, while json-schema-to-typescript does; the second form they agree on.
 */
function nullableAsAnyOf(schema: Record<string, unknown>): Record<string, unknown> {
  const type = schema.type
  if (!Array.isArray(type) || type.length !== 2 || !type.includes('null')) return schema
  const other = type.find((t) => t !== 'null')
  if (other !== 'array' && other !== 'object') return schema
  const outer: Record<string, unknown> = {}
  const branch: Record<string, unknown> = { type: other }
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'type') continue
    if (ANNOTATIONS.has(keyword)) outer[keyword] = value
    else branch[keyword] = value
  }
  outer.anyOf = [branch, { type: 'null' }]
  return outer
}

function child(index: SchemaIndex, schema: unknown, parent: Located): Located {
  return (
    index.locate(schema as JsonSchema) ?? {
      schema: schema as JsonSchema,
      base: parent.base,
      location: parent.location,
    }
  )
}
