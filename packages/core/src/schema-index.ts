/**
 * Indexes JSON Schema resources by URI so that `$ref` resolves the way draft 2020-12 says: against the
 * base URI of the schema it appears in (`$id` scopes), to a `$id`, an `$anchor` or a JSON Pointer.
 */
import { fromPointer, toPointer } from './pointer.js'

export type JsonSchema = boolean | JsonSchemaObject
export interface JsonSchemaObject {
  readonly [keyword: string]: unknown
}

/** A schema the generator or the runtime cannot use: names the place and the reason. */
export class SchemaError extends Error {
  static readonly code: string = 'ERR_SCHEMA'
  override readonly name = 'SchemaError'
  readonly code = 'ERR_SCHEMA'
  /** Where in which schema (`<$id or file>#<JSON Pointer>`). */
  readonly location: string
  readonly keyword: string | undefined

  constructor(location: string, reason: string, keyword?: string) {
    super(`${location}: ${reason}`)
    this.location = location
    this.keyword = keyword
  }
}

/** Keywords whose value is one subschema. */
export const SUBSCHEMA_KEYWORDS = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'contains',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const
/** Keywords whose value is an array of subschemas. */
export const SUBSCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const
/** Keywords whose value is a map of subschemas. */
export const SUBSCHEMA_MAP_KEYWORDS = [
  '$defs',
  'definitions',
  'properties',
  'patternProperties',
  'dependentSchemas',
] as const

let anonymous = 0

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#')
  return hash === -1 ? uri : uri.slice(0, hash)
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export interface Located {
  readonly schema: JsonSchema
  /** Base URI in effect for this schema (its own `$id`, or its nearest ancestor's). */
  readonly base: string
  /** `<resource URI>#<JSON Pointer>`, for error messages. */
  readonly location: string
}

export class SchemaIndex {
  readonly #resources = new Map<string, JsonSchema>()
  readonly #anchors = new Map<string, Located>()
  readonly #located = new WeakMap<object, Located>()

  /** Adds a schema document; `retrievalUri` is its URI when it has no `$id` of its own. */
  add(schema: JsonSchema, retrievalUri?: string): Located {
    const fallback = retrievalUri ?? `https://session-schemas.invalid/anonymous/${++anonymous}.json`
    this.#walk(schema, stripFragment(fallback), fallback, [], true)
    // A document is also known by the URI it was retrieved from, whatever its $id says.
    if (retrievalUri !== undefined) this.#resources.set(stripFragment(retrievalUri), schema)
    const located = isObject(schema) ? this.#located.get(schema) : undefined
    return located ?? { schema, base: stripFragment(fallback), location: `${stripFragment(fallback)}#` }
  }

  /** Where a schema object sits (its base URI), if it was indexed. */
  locate(schema: JsonSchema): Located | undefined {
    return isObject(schema) ? this.#located.get(schema) : undefined
  }

  #walk(schema: unknown, parentBase: string, resourceUri: string, pointer: string[], isRoot: boolean): void {
    if (!isObject(schema)) {
      if (isRoot && typeof schema === 'boolean') this.#resources.set(stripFragment(resourceUri), schema)
      return
    }
    let base = parentBase
    let resource = resourceUri
    let path = pointer
    if (typeof schema.$id === 'string') {
      base = stripFragment(resolveUri(schema.$id, parentBase, `${resourceUri}#${toPointer(pointer)}`))
      resource = base
      path = []
      this.#resources.set(base, schema)
    } else if (isRoot) {
      this.#resources.set(stripFragment(resourceUri), schema)
    }
    const location = `${resource}#${toPointer(path)}`
    this.#located.set(schema, { schema, base, location })
    if (typeof schema.$anchor === 'string')
      this.#anchors.set(`${base}#${schema.$anchor}`, { schema, base, location })
    for (const keyword of SUBSCHEMA_KEYWORDS) {
      if (keyword in schema) this.#walk(schema[keyword], base, resource, [...path, keyword], false)
    }
    for (const keyword of SUBSCHEMA_ARRAY_KEYWORDS) {
      const list = schema[keyword]
      if (Array.isArray(list)) {
        for (let i = 0; i < list.length; i++)
          this.#walk(list[i], base, resource, [...path, keyword, String(i)], false)
      }
    }
    for (const keyword of SUBSCHEMA_MAP_KEYWORDS) {
      const map = schema[keyword]
      if (isObject(map))
        for (const key of Object.keys(map))
          this.#walk(map[key], base, resource, [...path, keyword, key], false)
    }
  }

  /** Resolves a `$ref` written in a schema whose base URI is `base`. */
  resolve(ref: string, base: string, from: string): Located {
    const target = resolveUri(ref, base, from)
    const hash = target.indexOf('#')
    const uri = hash === -1 ? target : target.slice(0, hash)
    const fragment = hash === -1 ? '' : decodeURIComponent(target.slice(hash + 1))
    if (fragment !== '' && fragment[0] !== '/') {
      const anchored = this.#anchors.get(`${uri}#${fragment}`)
      if (!anchored)
        throw new SchemaError(from, `$ref ${JSON.stringify(ref)}: no $anchor "${fragment}" in ${uri}`, '$ref')
      return anchored
    }
    const resource = this.#resources.get(uri)
    if (resource === undefined)
      throw new SchemaError(from, `$ref ${JSON.stringify(ref)}: no schema with $id ${uri}`, '$ref')
    let node: unknown = resource
    for (const token of fromPointer(fragment)) {
      node =
        (isObject(node) || Array.isArray(node)) && Object.hasOwn(node, token)
          ? (node as Record<string, unknown>)[token]
          : undefined
      if (node === undefined)
        throw new SchemaError(from, `$ref ${JSON.stringify(ref)}: nothing at ${uri}#${fragment}`, '$ref')
    }
    if (typeof node === 'boolean') return { schema: node, base: uri, location: `${uri}#${fragment}` }
    if (!isObject(node))
      throw new SchemaError(from, `$ref ${JSON.stringify(ref)}: ${uri}#${fragment} is not a schema`, '$ref')
    return this.#located.get(node) ?? { schema: node, base: uri, location: `${uri}#${fragment}` }
  }
}

function resolveUri(ref: string, base: string, from: string): string {
  try {
    return new URL(ref, base).href
  } catch {
    throw new SchemaError(from, `cannot resolve ${JSON.stringify(ref)} against ${base}`, '$ref')
  }
}
