/**
 * errors(), parse() (ValidationError) and Standard Schema list at most `maxIssues` issues (default 100)
 * and count the rest in one last issue `{ path: '', keyword: 'maxIssues', message: '<n> more issues not
 * listed' }`. The capped list is the start of the full list, and the count is exact: the same total for
 * any cap.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MAX_ISSUES,
  type Issue,
  type JsonSchemaObject,
  MORE_ISSUES_KEYWORD,
  type StandardSchemaV1,
  ValidationError,
} from '../src/index.js'
import { defineModel, Evaluator } from '../src/internal.js'

/** Intersight-like: a list of relationships, each a reference, an expanded object or null (oneOf). */
const schema: JsonSchemaObject = {
  $id: 'https://session-schemas.dev/schemas/test/Capped',
  type: 'object',
  properties: {
    Ancestors: { anyOf: [{ type: 'array', items: { $ref: '#/$defs/Relationship' } }, { type: 'null' }] },
    Tags: { type: 'array', items: { type: 'string', minLength: 2 } },
  },
  additionalProperties: true,
  $defs: {
    Relationship: {
      oneOf: [
        {
          type: 'object',
          properties: { ClassId: { const: 'mo.MoRef' }, ObjectType: { type: 'string', minLength: 1 } },
          required: ['ClassId', 'ObjectType'],
        },
        {
          type: 'object',
          properties: { ClassId: { type: 'string', not: { const: 'mo.MoRef' } }, Moid: { type: 'string' } },
          required: ['ClassId', 'Moid'],
        },
        { type: 'null' },
      ],
    },
  },
}
const evaluator = new Evaluator(schema)
const model = defineModel<unknown>({ id: 'test/Capped', schema, check: (v) => evaluator.check(v) })

/** How many issues a (possibly capped) list stands for. */
function total(issues: readonly Issue[]): number {
  const last = issues[issues.length - 1]
  if (last?.keyword !== MORE_ISSUES_KEYWORD) return issues.length
  return issues.length - 1 + Number(/^(\d+) more issues? not listed$/.exec(last.message)![1])
}

const relationship = fc.oneof(
  fc.constant({}),
  fc.constant(null),
  fc.record({
    ClassId: fc.constantFrom('mo.MoRef', 'iam.User', ''),
    ObjectType: fc.constantFrom('', 'iam.User'),
  }),
  fc.record({ ClassId: fc.constantFrom('iam.User', 'mo.MoRef'), Moid: fc.oneof(fc.string(), fc.integer()) }),
  fc.string(),
)
const record = fc.record({
  Ancestors: fc.oneof(fc.array(relationship, { maxLength: 60 }), fc.constant('x'), fc.constant(null)),
  Tags: fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 60 }),
})

describe('errors() caps its list and counts the rest', () => {
  it(`lists ${DEFAULT_MAX_ISSUES} issues by default, then counts the rest in a maxIssues issue`, () => {
    const value = { Ancestors: Array.from({ length: 1000 }, () => ({})) }
    const issues = model.errors(value)
    expect(issues).toHaveLength(101)
    expect(issues.slice(0, 3)).toEqual([
      { path: '/Ancestors/0/ClassId', keyword: 'required', message: 'missing required property "ClassId"' },
      {
        path: '/Ancestors/0/ObjectType',
        keyword: 'required',
        message: 'missing required property "ObjectType"',
      },
      expect.objectContaining({ path: '/Ancestors/0', keyword: 'oneOf' }),
    ])
    // 3 per item (two required, one oneOf), and the anyOf of Ancestors.
    expect(issues[100]).toEqual({ path: '', keyword: 'maxIssues', message: '2901 more issues not listed' })
    expect(model.errors(value, { maxIssues: Number.POSITIVE_INFINITY })).toHaveLength(3001)
    expect(model.errors(value, { maxIssues: 1 })).toEqual([
      issues[0],
      { path: '', keyword: 'maxIssues', message: '3000 more issues not listed' },
    ])
    expect(model.errors(value, { maxIssues: 0 })).toEqual([
      { path: '', keyword: 'maxIssues', message: '3001 more issues not listed' },
    ])
  })

  it('the capped list is the start of the full list, and its count is exact (any value, any cap)', () => {
    fc.assert(
      fc.property(record, fc.nat({ max: 40 }), (value, cap) => {
        const all = model.errors(value, { maxIssues: Number.POSITIVE_INFINITY })
        const capped = model.errors(value, { maxIssues: cap })
        expect(total(capped)).toBe(all.length)
        if (all.length <= cap) expect(capped).toEqual(all)
        else {
          expect(capped).toHaveLength(cap + 1)
          expect(capped.slice(0, cap)).toEqual(all.slice(0, cap))
          expect(capped[cap]).toEqual({
            path: '',
            keyword: 'maxIssues',
            message: `${all.length - cap} more issue${all.length - cap === 1 ? '' : 's'} not listed`,
          })
        }
      }),
      { numRuns: 500 },
    )
  })

  it('refuses a cap that is not a non-negative integer (or Infinity), without quoting input', () => {
    for (const maxIssues of [-1, 1.5, Number.NaN, '3' as unknown as number])
      expect(() => model.errors({}, { maxIssues })).toThrow(RangeError)
  })
})

describe('parse() and ValidationError follow the same cap', () => {
  const value = { Tags: Array.from({ length: 500 }, () => 1) }

  it('lists the capped issues and says how many more there are', () => {
    const error = (() => {
      try {
        model.parse(value)
      } catch (e) {
        return e as ValidationError
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect(error!.issues).toHaveLength(101)
    expect(error!.issues[100]!.message).toBe('400 more issues not listed')
    expect(error!.message).toBe(
      'test/Capped: /Tags/0: expected string, got integer (and 99 more issues; 400 more issues not listed)',
    )
    expect(() => model.parse(value, { maxIssues: 2 })).toThrow(
      'test/Capped: /Tags/0: expected string, got integer (and 1 more issue; 498 more issues not listed)',
    )
  })

  it("caps unknownProperties: 'reject' too", () => {
    const drift = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`x${i}`, i]))
    try {
      model.parse(drift, { unknownProperties: 'reject', maxIssues: 10 })
      expect.unreachable()
    } catch (error) {
      const { issues } = error as ValidationError
      expect(issues).toHaveLength(11)
      expect(issues[0]).toEqual({
        path: '/x0',
        keyword: 'unknownProperties',
        message: 'property "x0" is not in the schema',
      })
      expect(issues[10]).toEqual({ path: '', keyword: 'maxIssues', message: '240 more issues not listed' })
    }
  })
})

describe("Standard Schema's issues follow errors()", () => {
  it('the same capped list; the count is an issue with an empty path; libraryOptions.maxIssues', () => {
    const value = { Tags: Array.from({ length: 500 }, () => 1) }
    const result = model['~standard'].validate(value) as StandardSchemaV1.FailureResult
    expect(result.issues).toHaveLength(101)
    expect(result.issues[0]).toEqual({ message: 'expected string, got integer', path: ['Tags', 0] })
    expect(result.issues[100]).toEqual({ message: '400 more issues not listed', path: [] })
    const few = model['~standard'].validate(value, { libraryOptions: { maxIssues: 3 } })
    expect((few as StandardSchemaV1.FailureResult).issues.map((i) => i.message)).toEqual([
      'expected string, got integer',
      'expected string, got integer',
      'expected string, got integer',
      '497 more issues not listed',
    ])
  })
})

describe('a branch whose issue cannot be worded (a hostile value)', () => {
  // Wording `required` reads the object's keys: this Proxy throws there, after the branches were explained.
  const hostile = () =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys')
        },
      },
    )
  const branches: JsonSchemaObject = {
    anyOf: [
      { type: 'object', required: ['a'] },
      { type: 'object', required: ['b'] },
    ],
  }

  it('is reported as unreadable, and nothing is counted that was not listed', () => {
    const issues = new Evaluator(branches).errors(hostile())
    expect(issues.map((issue) => issue.keyword)).toEqual(['value'])
    expect(issues[0]!.message).toMatch(/^cannot be read: /)
    expect(issues.some((issue) => issue.keyword === MORE_ISSUES_KEYWORD)).toBe(false)
  })
})
