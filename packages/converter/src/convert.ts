/**
 * vendor -> common/Session -> vendor. Every conversion validates its input first, returns
 * `{ value, losses, unmapped }`, and either produces a valid target or throws a typed error.
 */
import { type Conversion, type Loss, type Model, toPointer, ValidationError } from '@session-schemas/core'
import { defineValue, fromEpochMs, toEpochMs } from '@session-schemas/core/internal'
import { type CodecOptions, decode, encode, UNREPRESENTABLE } from './codecs.js'
import { InvalidTargetError, MissingFieldsError, UnsupportedModelError } from './errors.js'
import {
  COMMON_MODEL,
  type FieldMapping,
  isSessionModel,
  MAPPINGS,
  type ModelMapping,
  type SessionModelId,
} from './mappings.js'
import { type OptionNames, optionNames } from './option-names.js'
import { getPath, pointerOf, setPath, unusedLeafPaths } from './path.js'
import { commonModel, sessionModel, sourceModelOf } from './registry.js'
import { redactSecrets } from './secrets.js'
import type { CommonSession } from './types.js'

export { REDACTED } from './secrets.js'

export interface ConvertOptions extends CodecOptions {
  /** Keep session tokens and ids (secrets) in the output. Default false: they become "<redacted>". */
  readonly includeSecrets?: boolean
  /**
   * The time the source response was generated, to turn relative times (NITRO `expire_after`, XIQ
   * `expires_in`) into absolute ones and back. Without it they stay relative. A Date or RFC 3339 string.
   */
  readonly referenceTime?: Date | string
  /**
   * Values for required target fields that the source cannot fill, by target key (a vendor target's: a key that
   * is no field of the target model is a TypeError). A value the source fills is kept.
   */
  readonly defaults?: Readonly<Record<string, unknown>>
}

function mappingOf(modelId: string): ModelMapping {
  if (!isSessionModel(modelId)) {
    throw new UnsupportedModelError(
      modelId,
      `not a session model; session models are ${Object.keys(MAPPINGS).join(', ')}`,
    )
  }
  return MAPPINGS[modelId]
}

const byKeyCache = new WeakMap<ModelMapping, ReadonlyMap<string, FieldMapping>>()
/** A mapping's fields by source key, built once per mapping rather than per record. */
function fieldsByKey(mapping: ModelMapping): ReadonlyMap<string, FieldMapping> {
  let map = byKeyCache.get(mapping)
  if (!map) {
    map = new Map(mapping.fields.map((f) => [f.key, f]))
    byKeyCache.set(mapping, map)
  }
  return map
}

function referenceMs(options: ConvertOptions): number | undefined {
  const ref = options.referenceTime
  if (ref === undefined) return undefined
  if (ref instanceof Date) {
    if (Number.isNaN(ref.getTime())) throw new RangeError('referenceTime is an invalid Date')
    return ref.getTime()
  }
  const epoch = toEpochMs(ref)
  if (!epoch) throw new RangeError(`referenceTime ${JSON.stringify(ref)} is not an RFC 3339 date-time`)
  return epoch.ms
}

function validated<T>(model: Model<T>, value: unknown): T {
  if (!model.check(value)) throw new ValidationError(model.id, model.errors(value))
  return value
}

/** A vendor session -> `common/Session`. */
export function toCommon(
  modelId: string,
  value: unknown,
  options: ConvertOptions = {},
): Conversion<CommonSession> {
  const mapping = mappingOf(modelId)
  const model = sessionModel(mapping.model)
  const losses: Loss[] = []
  // Secrets as the source's own schema sees them: what it marks, and drift under a secret name where it
  // describes nothing. A key it does describe is no secret, wherever it lands in `unmapped` (an Intersight
  // display name called `key`, a tag's `Key`).
  const checked = validated(model, value) as Record<string, unknown>
  const source = options.includeSecrets
    ? checked
    : redactSecrets(model, checked, losses, { optionNames: optionNames(options) })
  const common: Record<string, unknown> = { source: { vendor: mapping.vendor, model: mapping.model } }
  const unmapped: Record<string, unknown> = {}
  const byKey = fieldsByKey(mapping)

  for (const key of Object.keys(source)) {
    const raw = source[key]
    const field = byKey.get(key)
    const encoded = field
      ? encode(field.codec, raw, key, options, (kind, message) =>
          losses.push({ path: toPointer([key]), kind, message }),
        )
      : UNREPRESENTABLE
    if (encoded === UNREPRESENTABLE || !field) {
      defineValue(unmapped, key, raw)
      continue
    }
    if (field.codec === 'address') {
      for (const [k, v] of Object.entries(encoded as object)) setPath(common, `${field.path}.${k}`, v)
    } else {
      setPath(common, field.path, encoded)
    }
  }

  for (const extract of mapping.extracts ?? []) {
    const holder = source[extract.key] as Record<string, unknown> | null | undefined
    const found = holder && typeof holder === 'object' ? holder[extract.property] : undefined
    if (typeof found === 'string' && getPath(common, extract.path) === undefined)
      setPath(common, extract.path, found)
  }

  const ref = referenceMs(options)
  if (ref !== undefined) {
    for (const field of mapping.fields) {
      if (field.codec !== 'relative' || !field.absolute || getPath(common, field.absolute) !== undefined)
        continue
      const seconds = getPath(common, field.path)
      if (typeof seconds !== 'number') continue
      const absolute = fromEpochMs(ref + seconds * 1000)
      if (absolute === undefined) continue
      setPath(common, field.absolute, absolute)
      losses.push({
        path: toPointer([field.key]),
        kind: 'derived',
        message: `${field.absolute} = ${optionNames(options).referenceTime} + ${field.key} (${seconds} s)`,
      })
    }
  }

  if (Object.keys(unmapped).length > 0) common.unmapped = unmapped
  const result = commonModel()
  if (!result.check(common)) throw new InvalidTargetError(COMMON_MODEL, result.errors(common))
  return { value: common as CommonSession, losses, unmapped }
}

/** Whether a session model's schema declares `key` at its top level (a field `defaults` may fill). */
function declares(model: { readonly schema: unknown }, key: string): boolean {
  const properties = (model.schema as { properties?: Record<string, unknown> }).properties
  return properties !== undefined && Object.hasOwn(properties, key)
}

/** `common/Session` -> a vendor session. */
export function fromCommon(
  modelId: string,
  common: unknown,
  options: ConvertOptions = {},
): Conversion<unknown> {
  return fromValidCommon(
    mappingOf(modelId),
    validated(commonModel(), common) as unknown as Record<string, unknown>,
    options,
  )
}

/** fromCommon after the input was validated (convert() has just built and checked it). */
function fromValidCommon(
  mapping: ModelMapping,
  session: Record<string, unknown>,
  options: ConvertOptions,
): Conversion<unknown> {
  const sourceModel = (session.source as { model: string }).model
  const sameModel = sourceModel === mapping.model
  const losses: Loss[] = []
  const target: Record<string, unknown> = {}
  const unmapped = (session.unmapped ?? {}) as Record<string, unknown>
  const used = new Set<string>(['source'])

  // The source's own fields that had no place in the common model come back only to the same model.
  for (const key of Object.keys(unmapped)) {
    if (sameModel) defineValue(target, key, unmapped[key])
    else
      losses.push({
        path: `/unmapped/${key}`,
        kind: 'dropped',
        message: `${sourceModel} field ${key} has no place in ${mapping.model}`,
      })
  }
  used.add('unmapped')
  if (sameModel) for (const extract of mapping.extracts ?? []) used.add(extract.path)

  const ref = referenceMs(options)
  // Common times that only a referenceTime could have carried into a target field, by common path.
  const relativeHints = new Map<string, string>()
  for (const field of mapping.fields) {
    const report = (kind: Loss['kind'], message: string) =>
      losses.push({ path: pointerOf(field.path), kind, message })
    const value = getPath(session, field.path)
    if (value !== undefined) {
      markUsed(used, field, value)
      const decoded = decode(field.codec, value, field.key, options, report)
      if (decoded !== UNREPRESENTABLE) defineValue(target, field.key, decoded)
      continue
    }
    fillFromOtherForm(field, session, ref, target, used, relativeHints, losses, optionNames(options))
  }

  for (const path of unusedLeafPaths(session, used)) {
    const hint = relativeHints.get(path)
    losses.push(
      hint
        ? {
            path: pointerOf(path),
            kind: 'relative',
            message: `${path} could become ${hint} only with ${optionNames(options).referenceTime}`,
          }
        : { path: pointerOf(path), kind: 'dropped', message: `${path} has no place in ${mapping.model}` },
    )
  }

  for (const [key, constant] of Object.entries(mapping.constants ?? {})) {
    if (Object.hasOwn(target, key)) continue
    defineValue(target, key, constant)
    losses.push({
      path: toPointer([key]),
      kind: 'derived',
      message: `${key} is the constant ${JSON.stringify(constant)} of ${mapping.model}`,
    })
  }
  const model = sessionModel(mapping.model)
  for (const [key, value] of Object.entries(options.defaults ?? {})) {
    if (!declares(model, key))
      throw new TypeError(`defaults: ${JSON.stringify(key)} is not a field of ${mapping.model}`)
    if (Object.hasOwn(target, key)) continue
    defineValue(target, key, value)
    losses.push({
      path: toPointer([key]),
      kind: 'derived',
      message: `${key} comes from ${optionNames(options).defaults}`,
    })
  }

  const required = (model.schema.required as string[] | undefined) ?? []
  const missing = required.filter((key) => !Object.hasOwn(target, key))
  if (missing.length > 0)
    throw new MissingFieldsError(mapping.model, missing, sourceModel, optionNames(options).defaults)

  const output = options.includeSecrets
    ? target
    : redactSecrets(model, target, losses, { optionNames: optionNames(options) })
  if (!model.check(output)) throw new InvalidTargetError(mapping.model, model.errors(output))
  if (sameModel) return { value: output, losses, unmapped: {} }
  return { value: output, losses, unmapped: options.includeSecrets ? unmapped : redactedUnmapped(session) }
}

/**
 * The common input's `unmapped` as another vendor's conversion returns it: with its secret names redacted
 * (a common session that kept its secrets carries them there). Its keys are reported as dropped already.
 */
function redactedUnmapped(session: Record<string, unknown>): Record<string, unknown> {
  const unmapped = (session.unmapped ?? {}) as Record<string, unknown>
  const redacted = redactSecrets(commonModel(), { source: session.source, unmapped }, [], {
    sourceFields: { at: ['unmapped'], model: sourceModelOf(session) },
  })
  return redacted.unmapped
}

function markUsed(used: Set<string>, field: FieldMapping, value: unknown): void {
  if (field.codec !== 'address') {
    used.add(field.path)
    return
  }
  // Only the part of src_endpoint this field reads is used (the port may belong to another field).
  const endpoint = value as { ip?: unknown; name?: unknown }
  used.add(`${field.path}.${endpoint.ip !== undefined ? 'ip' : 'name'}`)
}

/** An absent field filled from the relative or absolute form of the same time, with a reference time. */
function fillFromOtherForm(
  field: FieldMapping,
  session: Record<string, unknown>,
  ref: number | undefined,
  target: Record<string, unknown>,
  used: Set<string>,
  relativeHints: Map<string, string>,
  losses: Loss[],
  names: OptionNames,
): void {
  const relativeOf: Record<string, string> = { 'session.expiration_time_dt': 'session.expires_in' }
  if (field.codec === 'relative' && field.absolute) {
    const epoch =
      typeof getPath(session, field.absolute) === 'string'
        ? toEpochMs(getPath(session, field.absolute) as string)
        : undefined
    if (!epoch) return
    if (ref === undefined) {
      relativeHints.set(field.absolute, field.key)
      return
    }
    used.add(field.absolute)
    defineValue(target, field.key, Math.floor((epoch.ms - ref) / 1000))
    losses.push({
      path: toPointer([field.key]),
      kind: 'derived',
      message: `${field.key} = ${field.absolute} - ${names.referenceTime}`,
    })
    return
  }
  const relativePath = relativeOf[field.path]
  const seconds = relativePath ? getPath(session, relativePath) : undefined
  if (typeof seconds !== 'number' || field.codec !== 'datetime') return
  const absolute = ref === undefined ? undefined : fromEpochMs(ref + seconds * 1000)
  if (absolute === undefined) {
    relativeHints.set(relativePath!, field.key)
    return
  }
  used.add(relativePath!)
  defineValue(target, field.key, absolute)
  losses.push({
    path: toPointer([field.key]),
    kind: 'derived',
    message: `${field.key} = ${names.referenceTime} + ${relativePath} (${seconds} s)`,
  })
}

/** Any session model or `common/Session` -> any other, through the common model. */
export function convert(
  value: unknown,
  options: ConvertOptions & { from: string; to: string },
): Conversion<unknown> {
  const { from, to } = options
  if (from === COMMON_MODEL && to === COMMON_MODEL) return commonToCommon(value, options)
  if (to === COMMON_MODEL) return toCommon(from, value, options)
  if (from === COMMON_MODEL) return fromCommon(to, value, options)
  const first = toCommon(from, value, options)
  const second = fromValidCommon(mappingOf(to), first.value as unknown as Record<string, unknown>, options)
  const sourceKeyOf = sourceKeysOf(mappingOf(from))
  const losses = second.losses.map((loss) => {
    if (loss.path.startsWith('/unmapped/')) return { ...loss, path: loss.path.slice('/unmapped'.length) }
    const key = sourceKeyOf.get(loss.path)
    return key
      ? {
          ...loss,
          path: toPointer([key]),
          message: `${key} (${loss.path.slice(1).replaceAll('/', '.')}): ${loss.message}`,
        }
      : loss
  })
  // A secret that has no place in the target is dropped, not redacted: one loss says so (`--include-secrets`,
  // which the redaction's loss suggests, would not carry it either).
  const dropped = new Set(losses.filter((loss) => loss.kind === 'dropped').map((loss) => loss.path))
  const redacted = first.losses.filter((loss) => !(loss.kind === 'redacted' && dropped.has(loss.path)))
  return { value: second.value, losses: [...redacted, ...losses], unmapped: first.unmapped }
}

/** A common session checked, and its secrets redacted unless asked for (it may have kept them upstream). */
function commonToCommon(value: unknown, options: ConvertOptions): Conversion<unknown> {
  const model = commonModel()
  const checked = validated(model, value)
  const losses: Loss[] = []
  const output = options.includeSecrets
    ? checked
    : redactSecrets(model, checked, losses, {
        optionNames: optionNames(options),
        sourceFields: { at: ['unmapped'], model: sourceModelOf(checked) },
      })
  return { value: output, losses, unmapped: {} }
}

const sourceKeysCache = new WeakMap<ModelMapping, ReadonlyMap<string, string>>()
/**
 * The way out reports common paths: the source key behind each common pointer, to say them in terms of
 * the source's own keys where there is one. Built once per source mapping.
 */
function sourceKeysOf(mapping: ModelMapping): ReadonlyMap<string, string> {
  let sourceKeyOf = sourceKeysCache.get(mapping)
  if (!sourceKeyOf) {
    const keys = new Map<string, string>([['/unmapped', '']])
    for (const field of mapping.fields) {
      const paths = field.codec === 'address' ? ['ip', 'name'].map((k) => `${field.path}.${k}`) : [field.path]
      for (const path of paths) keys.set(pointerOf(path), field.key)
    }
    sourceKeysCache.set(mapping, keys)
    sourceKeyOf = keys
  }
  return sourceKeyOf
}

export type { SessionModelId }
