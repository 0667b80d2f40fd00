/** Mutations of valid records: the shapes real drift and real bugs take. */
import { defineValue } from '@session-schemas/core/internal'
import fc from 'fast-check'

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']
const EDGE_VALUES: unknown[] = [
  null,
  true,
  0,
  -0,
  1.5,
  2 ** 53,
  2 ** 63,
  -(2 ** 63),
  9223372036854775807n,
  -9223372036854775808n,
  9223372036854775808n,
  1e308,
  '',
  '0',
  'true',
  '1700000000',
  '0001-01-01T00:00:00Z',
  '1998-12-31T23:59:60Z',
  '2021-02-29T00:00:00Z',
  '2021-01-01T24:00:00Z',
  '9999-12-31T23:59:59.999999999+23:59',
  '\u0000',
  '\uD800',
  '😀'.repeat(3),
  'a'.repeat(1000),
  [],
  {},
  [[[[]]]],
  { __proto__x: 1 },
]

/** Every container path in a value (objects and arrays), with the value's own path first. */
function containers(
  value: unknown,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out
  out.push(path)
  if (out.length > 200) return out
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value))
    containers(child, [...path, key], out)
  return out
}

function clone(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(clone)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) defineValue(out, key, clone((value as Record<string, unknown>)[key]))
  return out
}

function at(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root)
}

const RECASINGS: ((key: string) => string)[] = [
  (key) => key.toLowerCase(),
  (key) => key.toUpperCase(),
  (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  (key) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  (key) => `${key} `,
]

/**
 * A valid record, then 1-3 mutations: type swaps, re-cased or deleted keys, edge values, hostile keys,
 * undefined values and array holes.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const mutation = fc.record({
    pick: fc.nat(),
    kind: fc.constantFrom('swap', 'recase', 'delete', 'hostile', 'wrap', 'undefined', 'hole'),
    edge: fc.constantFrom(...EDGE_VALUES),
    hostile: fc.constantFrom(...HOSTILE_KEYS),
    recasing: fc.nat({ max: RECASINGS.length - 1 }),
  })
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([record, mutations]) => {
    let value = clone(record)
    for (const mutation of mutations) {
      // A copy of the edge value: the constants are shared by every run and must never be changed (a later
      // mutation of this record could write into them, and a value seen once would grow into a cycle).
      const m = { ...mutation, edge: clone(mutation.edge) }
      const places = containers(value)
      if (places.length === 0) {
        value = m.edge
        continue
      }
      const container = at(value, places[m.pick % places.length]!) as Record<string, unknown>
      const keys = Object.keys(container)
      const key = keys.length > 0 ? keys[m.pick % keys.length]! : undefined
      if (m.kind === 'hostile') defineValue(container, m.hostile, m.edge)
      if (key === undefined) continue
      if (m.kind === 'swap') defineValue(container, key, m.edge)
      if (m.kind === 'delete') delete container[key]
      if (m.kind === 'wrap') defineValue(container, key, [container[key]])
      // What a JavaScript caller can hand over and JSON cannot say: an undefined value, an array hole.
      if (m.kind === 'undefined') defineValue(container, key, undefined)
      if (m.kind === 'hole') {
        const items = Array.isArray(container[key]) ? (container[key] as unknown[]) : [container[key]]
        const holed = [...items]
        holed.length += 1
        delete holed[m.pick % holed.length]
        defineValue(container, key, holed)
      }
      if (m.kind === 'recase' && !Array.isArray(container)) {
        const old = container[key]
        delete container[key]
        defineValue(container, RECASINGS[m.recasing]!(key), old)
      }
    }
    return value
  })
}
