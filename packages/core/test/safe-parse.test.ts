import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type JsonSchemaObject, type ParseOptions, ValidationError } from '../src/index.js'
import { defineModel, Evaluator } from '../src/internal.js'

const schema: JsonSchemaObject = {
  $id: 'https://session-schemas.dev/schemas/test/Token',
  type: 'object',
  required: ['user_id', 'issued_at'],
  properties: {
    user_id: { type: 'integer', format: 'int64' },
    issued_at: { type: 'string', format: 'date-time' },
    scopes: { type: 'array', items: { type: 'string' } },
    owner: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
  },
  additionalProperties: true,
}
const evaluator = new Evaluator(schema)
const model = defineModel<{ user_id: number; issued_at: string }>({
  id: 'test/Token',
  schema,
  check: (v) => evaluator.check(v),
})

const OPTIONS: ParseOptions[] = [
  {},
  { coerce: true },
  { unknownProperties: 'strip' },
  { unknownProperties: 'reject', maxIssues: 2 },
]

/** What parse does, as a result: the value, or the issues of its ValidationError. */
function parseOutcome(value: unknown, options: ParseOptions) {
  try {
    return { success: true, value: model.parse(value, options) }
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return { success: false, issues: error.issues }
  }
}

describe('safeParse()', () => {
  it('returns { success: true, value } for a valid value, typed like parse', () => {
    const value = { user_id: 7, issued_at: '2024-05-01T10:00:00Z', extra: 1 }
    const result = model.safeParse(value)
    expect(result).toEqual({ success: true, value })
    if (result.success) expect(result.value.user_id).toBe(7)
    expect(model.safeParse(value, { unknownProperties: 'strip' })).toEqual({
      success: true,
      value: { user_id: 7, issued_at: '2024-05-01T10:00:00Z' },
    })
    expect(model.safeParse({ user_id: '7', issued_at: '2024-05-01T10:00:00Z' }, { coerce: true })).toEqual({
      success: true,
      value: { user_id: 7, issued_at: '2024-05-01T10:00:00Z' },
    })
  })

  it('returns { success: false, issues } with the issues parse throws, without echoing the value', () => {
    const secret = 'hunter2-secret-token'
    const result = model.safeParse({ user_id: secret, issued_at: '2024-02-31T00:00:00Z' })
    expect(result.success).toBe(false)
    if (result.success) return
    expect(result.issues.map((i) => [i.path, i.keyword])).toEqual([
      ['/user_id', 'type'],
      ['/issued_at', 'format'],
    ])
    expect(JSON.stringify(result.issues)).not.toContain(secret)
    expect(
      model.safeParse(
        { user_id: 1, issued_at: '2024-05-01T10:00:00Z', x: 1 },
        { unknownProperties: 'reject' },
      ),
    ).toMatchObject({ success: false, issues: [{ path: '/x', keyword: 'unknownProperties' }] })
  })

  it('never throws, for any value and options, and agrees with parse', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true }),
        fc.constantFrom(...OPTIONS),
        (value, options) => {
          const result = model.safeParse(value, options)
          expect(result).toEqual(parseOutcome(value, options))
        },
      ),
      { numRuns: 2000 },
    )
    // And for values shaped like the schema (so that some are valid, some fail deep inside).
    const shaped = fc.record(
      {
        user_id: fc.oneof(fc.integer(), fc.string(), fc.bigInt(), fc.double()),
        issued_at: fc.oneof(fc.constant('2024-05-01T10:00:00Z'), fc.string()),
        scopes: fc.array(fc.oneof(fc.string(), fc.integer())),
        owner: fc.oneof(fc.record({ id: fc.integer() }), fc.anything()),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(shaped, fc.constantFrom(...OPTIONS), (value, options) => {
        expect(model.safeParse(value, options)).toEqual(parseOutcome(value, options))
      }),
      { numRuns: 2000 },
    )
  })

  it('does not throw for a hostile value (throwing traps, a cycle)', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom')
        },
        has() {
          throw new Error('boom')
        },
        ownKeys() {
          throw new Error('boom')
        },
        getOwnPropertyDescriptor() {
          throw new Error('boom')
        },
      },
    )
    const cyclic: Record<string, unknown> = { user_id: 1, issued_at: '2024-05-01T10:00:00Z' }
    cyclic.owner = cyclic
    for (const options of OPTIONS) {
      expect(model.safeParse(hostile, options).success).toBe(false)
      expect(model.safeParse(cyclic, options).success).toBe(false)
      expect(
        model.safeParse({ user_id: 1, issued_at: '2024-05-01T10:00:00Z', owner: hostile }, options).success,
      ).toBe(false)
    }
  })
})
