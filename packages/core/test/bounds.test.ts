/**
 * No "Maximum call stack size exceeded" from check, errors, parse, unknownProperties or secrets: deep
 * nesting that a recursive schema follows ends in the evaluator's `maxDepth` issue (and check agrees),
 * and huge arrays are never spread into a call (`push(...list)`), whatever branch they sit under.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Issue, type JsonSchemaObject, type StandardSchemaV1, ValidationError } from '../src/index.js'
import { defineModel, Evaluator, nestedWithin } from '../src/internal.js'

const noStackOverflow = (issues: readonly Issue[]) =>
  expect(JSON.stringify(issues)).not.toMatch(/call stack|cannot be read/)

describe('deep nesting under a recursive schema', () => {
  const schema: JsonSchemaObject = {
    $id: 'https://session-schemas.dev/schemas/test/Chain',
    $ref: '#/$defs/Node',
    $defs: {
      Node: {
        type: 'object',
        properties: { next: { $ref: '#/$defs/Node' }, token: { type: 'string', format: 'password' } },
        additionalProperties: true,
      },
    },
  }
  // Like the generated code of a recursive schema: one call per level, no depth limit of its own.
  const aot = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
    const { next, token } = value as { next?: unknown; token?: unknown }
    return (token === undefined || typeof token === 'string') && (next === undefined || aot(next))
  }
  const model = defineModel<unknown>({ id: 'test/Chain', schema, check: aot, recursive: true })
  const chain = (levels: number) => {
    let node: Record<string, unknown> = { token: 's', drift: 1 }
    for (let i = 1; i < levels; i++) node = { next: node }
    return node
  }

  it('a chain 100,000 deep: a maxDepth issue, everywhere, and no stack overflow', () => {
    const value = chain(100_000)
    expect(model.check(value)).toBe(false)
    const issues = model.errors(value)
    noStackOverflow(issues)
    expect(issues).toEqual([
      {
        path: `/${Array(512).fill('next').join('/')}`,
        keyword: 'maxDepth',
        message: 'nested deeper than 512 levels',
      },
    ])
    expect(() => model.parse(value)).toThrow(ValidationError)
    expect(() => model.parse(value)).toThrow(/nested deeper than 512 levels/)
    expect(() => model.parse(value, { coerce: true, unknownProperties: 'strip' })).toThrow(ValidationError)
    expect(model.unknownProperties(value)).toEqual([])
    expect(model.secrets(value)).toEqual([])
    const standard = model['~standard'].validate(value) as StandardSchemaV1.FailureResult
    expect(standard.issues[0]?.message).toBe('nested deeper than 512 levels')
  })

  it('check stops at the same depth as errors(), so the two agree on either side of it', () => {
    for (const levels of [100, 512, 513, 600, 2_000]) {
      const value = chain(levels)
      expect(aot(value), 'the generated-like check alone accepts it').toBe(true)
      const valid = levels <= 512
      expect(model.check(value), `${levels} levels`).toBe(valid)
      expect(model.errors(value).length === 0, `${levels} levels`).toBe(valid)
      const standard = model['~standard'].validate(value) as StandardSchemaV1.Result<unknown>
      expect(standard.issues === undefined, `${levels} levels`).toBe(valid)
    }
    // Within the limit, drift and secrets are found at any depth.
    expect(model.unknownProperties(chain(500))).toEqual([
      { path: `/${Array(499).fill('next').join('/')}/drift`, key: 'drift' },
    ])
    expect(model.secrets(chain(500))).toEqual([`/${Array(499).fill('next').join('/')}/token`])
  })
})

describe('huge arrays under anyOf (no spread of a list into a call)', () => {
  const schema: JsonSchemaObject = {
    $id: 'https://session-schemas.dev/schemas/test/Huge',
    type: 'object',
    properties: {
      list: {
        anyOf: [
          {
            type: 'array',
            items: {
              type: 'object',
              properties: { n: { type: 'integer' }, token: { type: 'string', format: 'password' } },
              additionalProperties: true,
            },
          },
          { type: 'null' },
        ],
      },
    },
    additionalProperties: true,
  }
  const evaluator = new Evaluator(schema)
  const model = defineModel<{ list: { n: number }[] }>({
    id: 'test/Huge',
    schema,
    check: (v) => evaluator.check(v),
  })
  const N = 200_000
  const list = (item: (i: number) => Record<string, unknown>) => ({
    list: Array.from({ length: N }, (_, i) => item(i)),
  })

  it('errors(): the explained branch holds 200,000 issues', () => {
    const issues = model.errors(list(() => ({ n: 'x' })))
    noStackOverflow(issues)
    expect(issues).toHaveLength(101)
    expect(issues[100]!.message).toBe(`${N + 1 - 100} more issues not listed`)
  })

  it('parse({ coerce: true }): 200,000 coercions, kept from the passing branch', () => {
    const parsed = model.parse(
      list((i) => ({ n: String(i) })),
      { coerce: true },
    )
    expect(parsed.list[N - 1]!.n).toBe(N - 1)
  })

  it('secrets() and unknownProperties(): 200,000 each', () => {
    const value = list((i) => ({ token: `t${i}`, drift: i }))
    expect(model.secrets(value)).toHaveLength(N)
    expect(model.unknownProperties(value)).toHaveLength(N)
    const stripped = model.parse(value, { unknownProperties: 'strip' })
    expect(Object.keys(stripped.list[N - 1]!)).toEqual(['token'])
  })
})

describe('nestedWithin', () => {
  /** The depth of a value, recursively: a container is one level more than its deepest item. */
  const depthOf = (value: unknown): number =>
    typeof value !== 'object' || value === null
      ? 0
      : 1 + Math.max(0, ...(Array.isArray(value) ? value : Object.values(value)).map(depthOf))

  it('says whether no container is nested deeper than the limit, for any JSON value and limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.nat({ max: 14 }), (value, limit) => {
        expect(nestedWithin(value, limit)).toBe(depthOf(value) <= limit)
      }),
      { numRuns: 2000 },
    )
  })

  it('walks any depth and any width (a cycle is too deep)', () => {
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep }
    expect(nestedWithin(deep, 100_000)).toBe(true)
    expect(nestedWithin(deep, 99_999)).toBe(false)
    expect(
      nestedWithin(
        Array.from({ length: 300_000 }, () => ({})),
        2,
      ),
    ).toBe(true)
    expect(nestedWithin([[], [{}], 1, [[[]]]], 3)).toBe(false)
    const cycle: Record<string, unknown> = {}
    cycle.self = [cycle]
    expect(nestedWithin(cycle, 1_000)).toBe(false)
  })
})
