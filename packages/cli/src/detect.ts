/**
 * Which model a record is, from what it says about itself: the vendors' discriminators first
 * (Intersight `ClassId`/`ObjectType`, vim25 `_typeName`, the NITRO envelope keys, vAPI `error_type`,
 * the common model's `source`, OCSF's `class_uid`), then the models whose required keys the record
 * has, then the full check. It never guesses: two equally good answers are "ambiguous".
 */
import type { Model } from '@session-schemas/core'
import type { Registry } from './models.js'

export type Detection =
  | {
      readonly status: 'detected'
      readonly model: string
      /** What decided it: a discriminator value, the required keys, or the full check. */
      readonly by: 'discriminator' | 'required-keys' | 'check'
    }
  | { readonly status: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly status: 'unknown'; readonly reason: string }

/**
 * The models a record can be without a discriminator saying so: API responses and documents, not the
 * supporting types inside them (those are found only through Intersight's `ClassId`).
 */
export const DOCUMENT_MODELS: readonly string[] = [
  'intersight/iam.Session',
  'intersight/iam.Session.List',
  'vsphere/vim25.UserSession',
  'vsphere/cis.Session.Info',
  'vsphere/vapi.std.errors.Unauthenticated',
  'vsphere/vapi.std.errors.ServiceUnavailable',
  'netscaler/mpssession',
  'netscaler/mpssession.Response',
  'extremecloudiq/XiqApiTokenInfo',
  'extremecloudiq/XiqError',
  'common/Session',
  'ocsf/Authentication',
  'jwt/Claims',
]

export const CURRENT_SESSION = 'vsphere/vim25.SessionManager.currentSession'

interface Shape {
  readonly required: ReadonlySet<string>
  readonly properties: ReadonlySet<string>
}

type SchemaNode = Record<string, unknown>

/** The top-level required keys and declared properties of a schema, through `allOf` and local `$ref`s. */
function shapeOf(schema: SchemaNode): Shape {
  const required = new Set<string>()
  const properties = new Set<string>()
  const defs = (schema.$defs ?? {}) as Record<string, SchemaNode>
  const visit = (node: SchemaNode, depth: number) => {
    if (depth > 8) return
    for (const key of (node.required as string[] | undefined) ?? []) required.add(key)
    for (const key of Object.keys((node.properties as object | undefined) ?? {})) properties.add(key)
    for (const part of (node.allOf as SchemaNode[] | undefined) ?? []) visit(part, depth + 1)
    const ref = node.$ref
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const target = defs[ref.slice('#/$defs/'.length)]
      if (target) visit(target, depth + 1)
    }
  }
  visit(schema, 0)
  return { required, properties }
}

const shapes = new WeakMap<Model<unknown>, Shape>()
function cachedShape(model: Model<unknown>): Shape {
  let shape = shapes.get(model)
  if (!shape) {
    shape = shapeOf(model.schema as SchemaNode)
    shapes.set(model, shape)
  }
  return shape
}

const detected = (model: string, by: 'discriminator' | 'required-keys' | 'check'): Detection => ({
  status: 'detected',
  model,
  by,
})

/** `SERVICE_UNAVAILABLE` -> `ServiceUnavailable`, as vAPI names its error types. */
function pascalCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** A discriminator that names the model, or undefined when the record has none of them. */
function byDiscriminator(record: Record<string, unknown>, registry: Registry): Detection | undefined {
  const has = (id: string) => registry.has(id)
  const typeName = record._typeName
  if (typeof typeName === 'string') {
    const id = `vsphere/vim25.${typeName}`
    return has(id)
      ? detected(id, 'discriminator')
      : { status: 'unknown', reason: `vim25 _typeName ${JSON.stringify(typeName)} has no model here` }
  }
  const classId = record.ClassId
  const objectType = record.ObjectType
  if (typeof classId === 'string' || typeof objectType === 'string') {
    // A MoRef's ObjectType names its target, so the ClassId speaks first.
    for (const name of [classId, objectType]) {
      if (typeof name === 'string' && has(`intersight/${name}`))
        return detected(`intersight/${name}`, 'discriminator')
    }
    const said =
      typeof classId === 'string'
        ? `ClassId ${JSON.stringify(classId)}`
        : `ObjectType ${JSON.stringify(objectType)}`
    return { status: 'unknown', reason: `Intersight ${said} has no model here` }
  }
  if (Object.hasOwn(record, 'errorcode') || Array.isArray(record.mpssession)) {
    return has('netscaler/mpssession.Response')
      ? detected('netscaler/mpssession.Response', 'discriminator')
      : undefined
  }
  const source = record.source
  if (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { model?: unknown }).model === 'string'
  ) {
    return has('common/Session') ? detected('common/Session', 'discriminator') : undefined
  }
  const classUid = record.class_uid
  if (typeof classUid === 'number') {
    return classUid === 3002 && has('ocsf/Authentication')
      ? detected('ocsf/Authentication', 'discriminator')
      : { status: 'unknown', reason: `OCSF class_uid ${classUid} has no model here` }
  }
  const errorType = record.error_type
  if (typeof errorType === 'string' && Array.isArray(record.messages)) {
    const id = `vsphere/vapi.std.errors.${pascalCase(errorType)}`
    if (has(id)) return detected(id, 'discriminator')
    if (has('vsphere/vapi.std.errors.Error'))
      return detected('vsphere/vapi.std.errors.Error', 'discriminator')
  }
  return undefined
}

interface Candidate {
  readonly id: string
  readonly model: Model<unknown>
  /** How many of the record's keys the model declares. */
  readonly score: number
}

/** The best-scoring candidates, or all of them on a tie. */
function best(candidates: readonly Candidate[]): Candidate[] {
  const top = Math.max(...candidates.map((c) => c.score))
  return candidates.filter((c) => c.score === top)
}

/** Identifies the model of one record (a parsed JSON value) among the models of `registry`. */
export function detect(value: unknown, registry: Registry): Detection {
  if (value === null) {
    return registry.has(CURRENT_SESSION)
      ? detected(CURRENT_SESSION, 'discriminator')
      : { status: 'unknown', reason: 'null is no record' }
  }
  if (typeof value !== 'object')
    return { status: 'unknown', reason: `a JSON ${typeof value} is not a record` }
  if (Array.isArray(value)) return { status: 'unknown', reason: 'a JSON array is not a record' }
  const record = value as Record<string, unknown>
  const said = byDiscriminator(record, registry)
  if (said) return said

  const keys = Object.keys(record)
  const candidates: Candidate[] = []
  for (const id of DOCUMENT_MODELS) {
    const model = registry.get(id)?.model
    if (!model) continue
    const shape = cachedShape(model)
    if (![...shape.required].every((key) => Object.hasOwn(record, key))) continue
    candidates.push({ id, model, score: keys.filter((key) => shape.properties.has(key)).length })
  }
  if (candidates.length === 0) return { status: 'unknown', reason: 'no model has all of its required keys' }
  if (keys.length > 0 && candidates.every((c) => c.score === 0))
    return { status: 'unknown', reason: `no model declares any of its keys (${keys.slice(0, 5).join(', ')})` }

  const valid = candidates.filter((c) => c.model.check(record))
  const pool = best(valid.length > 0 ? valid : candidates)
  if (pool.length === 1) {
    const only = pool[0]!
    const byRequired = cachedShape(only.model).required.size > 0
    return detected(only.id, byRequired ? 'required-keys' : 'check')
  }
  return { status: 'ambiguous', candidates: pool.map((c) => c.id) }
}

/** One line for people: the model id, or what is unclear. */
export function describeDetection(detection: Detection): string {
  switch (detection.status) {
    case 'detected':
      return detection.model
    case 'ambiguous':
      return `ambiguous: could be ${detection.candidates.join(' or ')}`
    case 'unknown':
      return `unknown: ${detection.reason}`
  }
}
