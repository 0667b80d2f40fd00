/**
 * One row per supported keyword: the generated module is kept as a file snapshot, and its AOT check
 * and the explaining evaluator must both accept the valid samples and reject the invalid ones. The
 * generated explanation behind errors() must list exactly the evaluator's issues, whatever `maxIssues`;
 * the keywords it does not generate leave the whole model on the evaluator.
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import { Evaluator, IssueSink, SchemaIndex } from '@session-schemas/core/internal'
import { describe, expect, it } from 'vitest'
import {
  bundle,
  emitCheck,
  emitErrors,
  generate,
  instantiateCheck,
  instantiateExplain,
} from '../src/index.js'
import { repoRoot, schemaSource } from './helpers.js'

interface Row {
  keyword: string
  schema: Record<string, unknown>
  valid: unknown[]
  invalid: unknown[]
}

const rows: Row[] = [
  { keyword: 'type', schema: { type: ['string', 'null'] }, valid: ['a', null], invalid: [1, {}, []] },
  {
    keyword: 'enum',
    schema: { enum: ['Active', 'Ended', null] },
    valid: ['Active', null],
    invalid: ['active', 1],
  },
  {
    keyword: 'const',
    schema: { const: 'iam.Session' },
    valid: ['iam.Session'],
    invalid: ['iam.session', null],
  },
  {
    keyword: 'properties',
    schema: {
      type: 'object',
      properties: { a: { type: 'integer' }, __proto__x: { type: 'string' } },
      additionalProperties: true,
    },
    valid: [{ a: 1 }, { b: 'drift' }, JSON.parse('{"__proto__": 1}')],
    invalid: [{ a: '1' }, { __proto__x: 2 }],
  },
  {
    keyword: 'required',
    schema: {
      type: 'object',
      // Typed: a required property must reject undefined by its own schema (see presence.ts).
      properties: { ClassId: { type: 'string' }, toString: { type: 'integer' } },
      required: ['ClassId', 'toString'],
      additionalProperties: true,
    },
    valid: [{ ClassId: 'x', toString: 1 }],
    invalid: [{}, { ClassId: 'x' }, { class_id: 'x', toString: 1 }, { ClassId: undefined, toString: 1 }],
  },
  {
    keyword: 'additionalProperties',
    schema: { type: 'object', properties: { a: {} }, additionalProperties: { type: 'string' } },
    valid: [{ a: 1, b: 'x' }],
    invalid: [{ b: 2 }],
  },
  {
    keyword: 'patternProperties',
    schema: { type: 'object', patternProperties: { '^x-': { type: 'string' } }, additionalProperties: true },
    valid: [{ 'x-a': 'b', y: 1 }],
    invalid: [{ 'x-a': 1 }],
  },
  {
    keyword: 'propertyNames',
    schema: { type: 'object', propertyNames: { type: 'string', maxLength: 3 } },
    valid: [{ abc: 1 }],
    invalid: [{ abcd: 1 }],
  },
  {
    keyword: 'minProperties',
    schema: { type: 'object', minProperties: 1 },
    valid: [{ a: 1 }],
    invalid: [{}],
  },
  {
    keyword: 'maxProperties',
    schema: { type: 'object', maxProperties: 1 },
    valid: [{ a: 1 }],
    invalid: [{ a: 1, b: 2 }],
  },
  {
    keyword: 'items',
    schema: { type: 'array', items: { type: 'string' } },
    valid: [[], ['a']],
    invalid: [[1], 'a'],
  },
  {
    keyword: 'prefixItems',
    schema: { type: 'array', prefixItems: [{ type: 'integer' }], items: false, minItems: 1 },
    valid: [[1]],
    invalid: [['a'], [1, 2]],
  },
  { keyword: 'minItems', schema: { type: 'array', minItems: 1 }, valid: [[1]], invalid: [[]] },
  { keyword: 'maxItems', schema: { type: 'array', maxItems: 1 }, valid: [[1]], invalid: [[1, 2]] },
  {
    keyword: 'uniqueItems',
    schema: { type: 'array', uniqueItems: true },
    valid: [[1, 2]],
    invalid: [
      [1, 1],
      [{ a: 1 }, { a: 1 }],
    ],
  },
  {
    keyword: 'minLength',
    schema: { type: 'string', minLength: 2 },
    valid: ['ab', '😀😀'],
    invalid: ['a', '😀'],
  },
  { keyword: 'maxLength', schema: { type: 'string', maxLength: 2 }, valid: ['ab', '😀😀'], invalid: ['abc'] },
  {
    keyword: 'pattern',
    schema: { type: 'string', pattern: '^[0-9a-f]{24}$' },
    valid: ['5be4b2ce67626c6d661ca38d'],
    invalid: ['5be4'],
  },
  {
    keyword: 'minimum',
    schema: { type: 'integer', minimum: 0 },
    valid: [0, 2n ** 64n],
    invalid: [-1, -(2n ** 64n)],
  },
  { keyword: 'maximum', schema: { type: 'integer', maximum: 65535 }, valid: [65535], invalid: [65536] },
  { keyword: 'exclusiveMinimum', schema: { type: 'number', exclusiveMinimum: 0 }, valid: [1], invalid: [0] },
  {
    keyword: 'exclusiveMaximum',
    schema: { type: 'number', exclusiveMaximum: 10 },
    valid: [9.5],
    invalid: [10],
  },
  { keyword: 'multipleOf', schema: { type: 'number', multipleOf: 0.01 }, valid: [19.99], invalid: [19.999] },
  {
    keyword: 'anyOf',
    schema: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    valid: ['a', null],
    invalid: [1],
  },
  {
    keyword: 'oneOf',
    schema: { type: 'number', oneOf: [{ type: 'integer' }, { type: 'number', minimum: 2 }] },
    valid: [1, 2.5],
    invalid: [3],
  },
  {
    keyword: 'allOf',
    schema: { type: 'string', allOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] },
    valid: ['a'],
    invalid: ['', 1],
  },
  {
    keyword: 'not',
    schema: { type: 'string', not: { const: 'mo.MoRef' } },
    valid: ['iam.User'],
    invalid: ['mo.MoRef'],
  },
  {
    keyword: 'if-then-else',
    // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword under test
    schema: { if: { type: 'string' }, then: { type: 'string', minLength: 1 }, else: { type: 'null' } },
    valid: ['a', null],
    invalid: ['', 1],
  },
  {
    keyword: '$ref',
    schema: {
      type: 'object',
      properties: { next: { $ref: '#/$defs/Node' } },
      $defs: { Node: { type: ['object', 'null'], properties: { next: { $ref: '#/$defs/Node' } } } },
    },
    valid: [{ next: { next: null } }],
    invalid: [{ next: { next: 1 } }],
  },
  {
    keyword: 'format-date-time',
    schema: { type: 'string', format: 'date-time' },
    valid: ['0001-01-01T00:00:00Z', '1998-12-31T23:59:60Z'],
    invalid: ['2021-02-30T10:00:00Z', '2021-01-01T24:00:00Z', '2021-01-01T10:00:00+01'],
  },
  {
    keyword: 'format-date',
    schema: { type: 'string', format: 'date' },
    valid: ['2020-02-29'],
    invalid: ['2021-02-29'],
  },
  {
    keyword: 'format-ipv4',
    schema: { type: 'string', format: 'ipv4' },
    valid: ['198.51.100.24'],
    invalid: ['198.51.100.024'],
  },
  {
    keyword: 'format-ipv6',
    schema: { type: 'string', format: 'ipv6' },
    valid: ['2001:db8::1', '::ffff:192.0.2.1'],
    invalid: ['fe80::1%eth0'],
  },
  {
    keyword: 'format-uuid',
    schema: { type: 'string', format: 'uuid' },
    valid: ['4b1f9d8e-6f0a-4c6e-9f3a-2d8b7c1e5a90'],
    invalid: ['4b1f9d8e6f0a4c6e9f3a2d8b7c1e5a90'],
  },
  {
    keyword: 'format-int64',
    schema: { type: 'integer', format: 'int64', minimum: -(2 ** 63), maximum: 2 ** 63 },
    valid: [1, 9007199254740993n],
    invalid: [1.5, '1'],
  },
  {
    keyword: 'format-password',
    schema: { type: 'string', format: 'password' },
    valid: ['s3cr3t'],
    invalid: [1],
  },
  {
    keyword: 'annotations',
    schema: {
      type: 'object',
      description: 'd',
      $comment: 'c',
      properties: {
        a: {
          type: 'integer',
          examples: [1],
          default: 1,
          readOnly: true,
          writeOnly: false,
          deprecated: true,
          title: 'A',
        },
      },
      additionalProperties: true,
    },
    valid: [{ a: 1 }, {}],
    invalid: [{ a: 'x' }],
  },
]

/** Keywords the generated errors() does not explain: a model using one keeps the evaluator's. */
const NOT_GENERATED = new Set(['patternProperties', 'propertyNames', 'if-then-else'])

const label = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))

describe('generator: one row per supported keyword', () => {
  it.each(rows.map((row) => [row.keyword, row] as const))('%s', async (keyword, row) => {
    const name = `Keyword${keyword.replace(/[^A-Za-z0-9]/g, '')}`
    const [file, text] = schemaSource(name, row.schema)
    const outputs = await generate(repoRoot, new Map([[file, text]]))
    const module = outputs.find((o) => o.path.endsWith(`src/generated/${name}.gen.ts`))!
    await expect(module.content).toMatchFileSnapshot(`__snapshots__/keywords/${keyword}.gen.ts`)

    const schema = JSON.parse(text) as JsonSchemaObject
    const { schema: flat, recursive } = bundle(new SchemaIndex(), schema)
    const aot = instantiateCheck(emitCheck(flat, recursive, { typescript: false }))
    const evaluator = new Evaluator(flat)
    const emitted = emitErrors(flat, recursive, { typescript: false })
    expect(emitted === undefined, 'explained by the evaluator').toBe(NOT_GENERATED.has(keyword))
    if (emitted) {
      const explain = instantiateExplain(emitted)
      for (const value of [...row.valid, ...row.invalid]) {
        for (const maxIssues of [100, 1, 0]) {
          const sink = new IssueSink(maxIssues)
          if (!evaluator.check(value)) explain(value, sink)
          expect(sink.result(), `explained: ${label(value)}`).toEqual(evaluator.errors(value, { maxIssues }))
        }
      }
    }
    for (const value of row.valid) {
      expect({ aot: aot(value), errors: evaluator.errors(value) }, `valid: ${label(value)}`).toEqual({
        aot: true,
        errors: [],
      })
    }
    for (const value of row.invalid) {
      expect(aot(value), `invalid (aot): ${label(value)}`).toBe(false)
      expect(evaluator.errors(value).length, `invalid (errors): ${label(value)}`).toBeGreaterThan(0)
    }
  })
})
