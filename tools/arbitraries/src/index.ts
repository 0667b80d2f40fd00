/**
 * fast-check arbitraries built from a (flattened) JSON Schema: values that the schema accepts, biased
 * towards the edges that break converters: int64 beyond 2^53 (as bigint, the exact form), leap seconds,
 * odd UTC offsets, sub-millisecond digits, unicode, and drift keys such as `__proto__` and `constructor`.
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import { defineValue } from '@session-schemas/core/internal'
import fc from 'fast-check'

type Schema = boolean | JsonSchemaObject

const DRIFT_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'x-new-field',
  'Ünïcødé',
  '',
]

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** RFC 3339 date-times: any precision, offsets from -23:59 to +23:59, leap seconds at 23:59:60 UTC. */
export const dateTime: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      date: fc.date({
        min: new Date('0001-01-01T00:00:00Z'),
        max: new Date('9999-12-30T00:00:00Z'),
        noInvalidDate: true,
      }),
      fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{1,9}$/)),
      offset: fc.oneof(fc.constant('Z'), fc.constant('z'), fc.integer({ min: -1439, max: 1439 })),
      t: fc.constantFrom('T', 't'),
    })
    .map(({ date, fraction, offset, t }) => {
      const shift = typeof offset === 'number' ? offset : 0
      const local = new Date(date.getTime() + shift * 60_000)
      const zone =
        typeof offset === 'number'
          ? `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
          : offset
      return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}${t}${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`
    }),
  fc.constantFrom(
    '0001-01-01T00:00:00Z',
    '1998-12-31T23:59:60Z',
    '2016-12-31T18:29:60.5-05:30',
    '2023-02-14T22:12:48.753169Z',
  ),
)

/** int64 values in their exact form: a number when safe, a bigint beyond 2^53. */
export const int64: fc.Arbitrary<number | bigint> = fc
  .oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.constantFrom(2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), 0n),
    fc.integer().map(BigInt),
  )
  .map((n) => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n))

const ipv4 = fc.ipV4()
const ipv6 = fc.ipV6()
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('VSPHERE.LOCAL\\Administrator', 'ü\u0000\u2028', ''),
)

/** Any JSON value (for drift fields). */
const jsonValue = fc.jsonValue({ maxDepth: 2 })

export interface ArbitraryOptions {
  /** Add drift keys (unknown properties) to open objects. Default true. */
  readonly drift?: boolean
}

/** An arbitrary of values that `schema` (flattened: every `$ref` is `#/$defs/<Name>`) accepts. */
export function arbitraryFor(root: JsonSchemaObject, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const defs = (root.$defs ?? {}) as Record<string, Schema>
  const cache = new Map<string, fc.Arbitrary<unknown>>()
  const drift = options.drift ?? true

  const build = (schema: Schema, stack: readonly string[]): fc.Arbitrary<unknown> => {
    if (schema === true) return jsonValue
    if (schema === false) throw new Error('no value matches false')
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref === '#' ? '#' : schema.$ref.replace('#/$defs/', '')
      const target = name === '#' ? root : defs[name]
      if (target === undefined) throw new Error(`unresolved ${schema.$ref}`)
      // A recursive schema is followed twice; deeper, the value is cut short (the caller filters it).
      if (stack.filter((n) => n === name).length >= 2) return fc.constant(null)
      const key = `${name}:${stack.filter((n) => n === name).length}`
      if (!cache.has(key)) cache.set(key, build(target, [...stack, name]))
      return cache.get(key)!
    }
    if ('const' in schema) return fc.constant(schema.const)
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum)
    const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
    if (branches) {
      const rest = { ...schema }
      delete rest.anyOf
      delete rest.oneOf
      return fc.oneof(...branches.map((b) => build(typeof b === 'boolean' ? b : { ...rest, ...b }, stack)))
    }
    if (Array.isArray(schema.allOf)) {
      // Our schemas use allOf to extend one base object: merge the branches into one object schema.
      const merged = schema.allOf.reduce<Record<string, unknown>>(
        (acc, part) => mergeObjects(acc, resolve(part as Schema)),
        {},
      )
      const rest = { ...schema }
      delete rest.allOf
      return build(mergeObjects(merged, rest) as JsonSchemaObject, stack)
    }
    const types = Array.isArray(schema.type)
      ? schema.type
      : schema.type
        ? [schema.type]
        : ['string', 'integer', 'boolean', 'null']
    return fc.oneof(...(types as string[]).map((type) => ofType(type, schema, stack)))
  }

  const resolve = (schema: Schema): Record<string, unknown> => {
    if (typeof schema === 'boolean') return {}
    if (typeof schema.$ref === 'string') return resolve(defs[schema.$ref.replace('#/$defs/', '')] ?? {})
    if (Array.isArray(schema.allOf)) {
      const { allOf, ...rest } = schema
      return (allOf as Schema[]).reduce<Record<string, unknown>>(
        (acc, part) => mergeObjects(acc, resolve(part)),
        rest,
      )
    }
    return schema
  }

  const ofType = (
    type: string,
    schema: JsonSchemaObject,
    stack: readonly string[],
  ): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null)
      case 'boolean':
        return fc.boolean()
      case 'integer': {
        if (schema.format === 'int64') return int64
        const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000_000
        const max = typeof schema.maximum === 'number' ? schema.maximum : 2_000_000_000
        return fc.integer({
          min: Math.max(min, Number.MIN_SAFE_INTEGER),
          max: Math.min(max, Number.MAX_SAFE_INTEGER),
        })
      }
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true })
      case 'string':
        if (schema.format === 'date-time') return dateTime
        if (schema.format === 'ipv4') return ipv4
        if (schema.format === 'ipv6') return ipv6
        if (schema.format === 'password') return fc.string({ minLength: 1 }).map((s) => `secret-${s}`)
        // `(?!\n)` after `$` only stops Python's `$` from matching before a final newline: not needed here.
        if (typeof schema.pattern === 'string')
          return fc.stringMatching(new RegExp(schema.pattern.replaceAll('$(?!\\n)', '$'), 'u'))
        return typeof schema.minLength === 'number'
          ? text.filter((s) => [...s].length >= (schema.minLength as number))
          : text
      case 'array': {
        const items = schema.items === undefined ? jsonValue : build(schema.items as Schema, stack)
        return fc.array(items, { maxLength: 4 })
      }
      case 'object':
        return objectOf(schema, stack)
      default:
        throw new Error(`no arbitrary for type ${type}`)
    }
  }

  const objectOf = (schema: JsonSchemaObject, stack: readonly string[]): fc.Arbitrary<unknown> => {
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    const required = new Set((schema.required as string[] | undefined) ?? [])
    const known = Object.keys(properties)
    const fields = known.map((key) => build(properties[key]!, stack).map((value) => [key, value] as const))
    const additional = schema.additionalProperties
    const extra =
      additional && typeof additional === 'object'
        ? fc.array(fc.tuple(fc.string({ maxLength: 8 }), build(additional as Schema, stack)), {
            maxLength: 3,
          })
        : drift && additional === true
          ? fc.array(fc.tuple(fc.constantFrom(...DRIFT_KEYS), jsonValue), { maxLength: 3 })
          : fc.constant([] as [string, unknown][])
    const present = fc.tuple(...known.map((key) => (required.has(key) ? fc.constant(true) : fc.boolean())))
    return fc.tuple(fc.tuple(...fields), present, extra).map(([values, keep, extras]) => {
      const out: Record<string, unknown> = {}
      values.forEach(([key, value], i) => {
        if (keep[i]) defineValue(out, key, value)
      })
      for (const [key, value] of extras) if (!Object.hasOwn(properties, key)) defineValue(out, key, value)
      return out
    })
  }

  return build(root, [])
}

function mergeObjects(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  return {
    ...a,
    ...b,
    properties: { ...((a.properties as object) ?? {}), ...((b.properties as object) ?? {}) },
    required: [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])],
  }
}
