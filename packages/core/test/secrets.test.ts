/**
 * A value under a secret schema (`format: "password"`, also reached through $ref, allOf, anyOf, oneOf
 * or items) is never quoted: not by any keyword's message, not in ValidationError.message, not in
 * Standard Schema issues. Messages name its type and size instead.
 *
 * Sentinel values go through every keyword that fails on them; none may show up. The control run uses
 * the same schemas without `format: "password"` and shows that the quoting keywords DO quote the
 * sentinel there, so this test can fail.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type JsonSchemaObject, type StandardSchemaV1, ValidationError } from '../src/index.js'
import { defineModel, Evaluator } from '../src/internal.js'

/** Marks every sentinel: no message may contain it when the value is a secret. */
const MARK = 'S3NT1NEL'

interface KeywordCase {
  /** What the failing keyword adds to the secret's schema. */
  readonly schema: JsonSchemaObject
  readonly sentinel: 'string' | 'number' | 'bigint'
  /** Its message shows the value when it is not a secret (the control run checks that it does). */
  readonly quotes: boolean
}

const KEYWORDS: Record<string, KeywordCase> = {
  pattern: { schema: { type: 'string', pattern: '^[0-9]+$' }, sentinel: 'string', quotes: true },
  enum: { schema: { enum: ['alpha', 'beta'] }, sentinel: 'string', quotes: true },
  'enum, near miss': { schema: { enum: ['alpha'] }, sentinel: 'string', quotes: true },
  const: { schema: { const: 'alpha' }, sentinel: 'string', quotes: true },
  format: { schema: { allOf: [{ type: 'string', format: 'date-time' }] }, sentinel: 'string', quotes: true },
  'type (string)': { schema: { type: 'integer' }, sentinel: 'string', quotes: false },
  'type (number)': { schema: { type: 'string' }, sentinel: 'number', quotes: false },
  minLength: { schema: { type: 'string', minLength: 100 }, sentinel: 'string', quotes: false },
  maxLength: { schema: { type: 'string', maxLength: 2 }, sentinel: 'string', quotes: false },
  minimum: { schema: { type: 'number', minimum: 1e15 }, sentinel: 'number', quotes: true },
  maximum: { schema: { type: 'number', maximum: 1 }, sentinel: 'number', quotes: true },
  exclusiveMinimum: { schema: { type: 'number', exclusiveMinimum: 1e15 }, sentinel: 'number', quotes: true },
  exclusiveMaximum: { schema: { type: 'number', exclusiveMaximum: 1 }, sentinel: 'number', quotes: true },
  multipleOf: { schema: { type: 'number', multipleOf: 1e9 }, sentinel: 'number', quotes: true },
  'maximum (int64, bigint)': {
    schema: { allOf: [{ type: 'integer', format: 'int64' }] },
    sentinel: 'bigint',
    quotes: true,
  },
}

/** Where the secret sits, and how its schema is reached. */
const PLACES = ['property', '$ref', 'allOf', 'anyOf', 'oneOf', 'items'] as const
type Place = (typeof PLACES)[number]

/** A model schema with the failing keyword on a field that is secret (or, for the control, not). */
function schemaFor(place: Place, keyword: JsonSchemaObject, secret: boolean): JsonSchemaObject {
  const field: JsonSchemaObject = secret ? { format: 'password', ...keyword } : { ...keyword }
  // Two alternatives that fail alike read as one message that shows the value: the strictest case.
  const alternatives = [field, { ...field, description: 'the same, again' }]
  const shapes: Record<Place, JsonSchemaObject> = {
    property: field,
    $ref: { $ref: '#/$defs/Token' },
    allOf: { allOf: [secret ? { format: 'password' } : {}, keyword] },
    anyOf: { anyOf: alternatives },
    oneOf: { oneOf: alternatives },
    items: { type: 'array', items: field },
  }
  return {
    $id: `https://session-schemas.dev/schemas/test/Secret-${place}-${secret}`,
    type: 'object',
    properties: { token: shapes[place] },
    $defs: { Token: field },
  }
}

const sentinels = {
  string: fc.string({ maxLength: 24 }).map((s) => `${MARK}${s}`),
  // Digits that no schema bound has, so that finding them in a message means the value was quoted.
  // (Below 1.5e9: the evaluator's multipleOf tolerance is relative, and calls 1999999998.5 a multiple of 1e9.)
  number: fc.integer({ min: 1_000_000_007, max: 1_499_999_999 }).map((n) => n + 0.5),
  bigint: fc.bigInt({ min: 2n ** 64n, max: 2n ** 65n }),
}

/** Every message a user can see for `value`: errors(), ValidationError.message, Standard Schema issues. */
function messages(schema: JsonSchemaObject, value: unknown): string[] {
  const evaluator = new Evaluator(schema)
  const model = defineModel({ id: 'test/Secret', schema, check: (v) => evaluator.check(v) })
  expect(model.check(value), 'the keyword fails on the sentinel').toBe(false)
  const issues = model.errors(value).map((issue) => issue.message)
  let thrown = ''
  try {
    model.parse(value)
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    thrown = (error as ValidationError).message
  }
  const standard = model['~standard'].validate(value) as StandardSchemaV1.FailureResult
  return [...issues, thrown, ...standard.issues.map((issue) => issue.message)]
}

const cases = fc.record({
  keyword: fc.constantFrom(...Object.keys(KEYWORDS)),
  place: fc.constantFrom(...PLACES),
  string: sentinels.string,
  number: sentinels.number,
  bigint: sentinels.bigint,
})

function sentinelOf(c: { keyword: string; string: string; number: number; bigint: bigint }) {
  const kind = KEYWORDS[c.keyword]!.sentinel
  const value = kind === 'string' ? c.string : kind === 'number' ? c.number : c.bigint
  // What a message would contain if it quoted the value.
  const quoted = kind === 'string' ? MARK : String(value)
  return { value, quoted }
}

describe('secrets are never quoted', () => {
  it('by any keyword, wherever the secret sits (sentinel values)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { value, quoted } = sentinelOf(c)
        const instance = { token: c.place === 'items' ? [value] : value }
        const seen = messages(schemaFor(c.place, KEYWORDS[c.keyword]!.schema, true), instance)
        for (const message of seen) expect(message).not.toContain(quoted)
      }),
      { numRuns: 500 },
    )
  })

  it('control: the same keywords on a field that is not secret do quote the sentinel', () => {
    fc.assert(
      fc.property(
        cases.filter((c) => KEYWORDS[c.keyword]!.quotes),
        (c) => {
          const { value, quoted } = sentinelOf(c)
          const instance = { token: c.place === 'items' ? [value] : value }
          const seen = messages(schemaFor(c.place, KEYWORDS[c.keyword]!.schema, false), instance)
          expect(seen.some((message) => message.includes(quoted))).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('names the type and size instead', () => {
    const schema = schemaFor('property', KEYWORDS.pattern!.schema, true)
    expect(new Evaluator(schema).errors({ token: `${MARK}-123` })).toEqual([
      {
        path: '/token',
        keyword: 'pattern',
        message: 'must match the pattern "^[0-9]+$"; got a secret string of 12 characters',
      },
    ])
    const typed = schemaFor('property', { type: 'string' }, true)
    // Not even "(a string-encoded number?)", which would say what the secret looks like.
    expect(new Evaluator(typed).errors({ token: 12345678 })[0]?.message).toBe(
      'expected string, got a secret integer',
    )
    const near = schemaFor('property', { enum: ['Alpha'] }, true)
    expect(new Evaluator(near).errors({ token: 'alpha' })[0]?.message).toBe(
      'must be one of "Alpha"; got a secret string of 5 characters',
    )
  })
})
