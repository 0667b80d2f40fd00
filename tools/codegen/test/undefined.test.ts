/**
 * One rule for `undefined`, the one ajv follows (our independent cross-check): a property whose value
 * is undefined is absent for `properties`, `required` and `dependentRequired`, while the keywords that
 * look at an object's keys (additionalProperties, patternProperties, propertyNames, min/maxProperties)
 * still see it; an array item that is undefined, or a hole, is checked as the value undefined. Keyword by
 * keyword, ajv's answer is the expected one, and the generated check and the explaining evaluator must
 * both give it. (dependentRequired and a required property whose schema lets undefined through are
 * evaluator-only: the generator refuses them, see bad-schemas.test.ts.)
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import { Evaluator, SchemaIndex } from '@session-schemas/core/internal'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { bundle, emitCheck, instantiateCheck } from '../src/index.js'

const ajv = new Ajv2020({ strict: false })

/** `items` with a hole at `at` (JSON cannot have one; a JavaScript caller's array can). */
function holed(items: unknown[], at: number): unknown[] {
  const copy = [...items]
  delete copy[at]
  return copy
}

interface Row {
  readonly name: string
  readonly schema: Record<string, unknown>
  /** Each value with ajv's verdict, written out so that a change in ajv shows. */
  readonly values: readonly [value: unknown, valid: boolean][]
  /** The generator refuses the schema: only the evaluator is compared with ajv. */
  readonly evaluatorOnly?: boolean
}

const rows: Row[] = [
  {
    name: 'properties: an optional property that is undefined is absent',
    schema: { type: 'object', properties: { a: { type: 'string' }, b: { const: 'x' }, c: { enum: [1] } } },
    values: [
      [{ a: undefined }, true],
      [{ b: undefined, c: undefined }, true],
      [{ a: undefined, b: 'y' }, false],
    ],
  },
  {
    name: 'required: a required property that is undefined is missing',
    schema: {
      type: 'object',
      properties: { a: { type: 'string' }, toString: { type: 'integer' } },
      required: ['a', 'toString'],
    },
    values: [
      [{ a: undefined, toString: 1 }, false],
      [{ a: 'x', toString: undefined }, false],
      [{ a: 'x', toString: 1 }, true],
    ],
  },
  {
    name: 'required through $ref and anyOf',
    schema: {
      type: 'object',
      properties: { a: { $ref: '#/$defs/A' }, b: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      required: ['a', 'b'],
      $defs: { A: { type: 'string' } },
    },
    values: [
      [{ a: undefined, b: null }, false],
      [{ a: 'x', b: undefined }, false],
      [{ a: 'x', b: null }, true],
    ],
  },
  {
    name: 'required, untyped (evaluator only)',
    schema: { type: 'object', properties: { a: {} }, required: ['a'] },
    values: [
      [{ a: undefined }, false],
      [{ a: null }, true],
    ],
    evaluatorOnly: true,
  },
  {
    name: 'dependentRequired (evaluator only)',
    schema: { type: 'object', dependentRequired: { a: ['b'] } },
    values: [
      [{ a: undefined }, true],
      [{ a: 1, b: undefined }, false],
      [{ a: 1, b: 2 }, true],
    ],
    evaluatorOnly: true,
  },
  {
    name: 'additionalProperties false still sees an undefined key',
    schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
    values: [
      [{ b: undefined }, false],
      [{ a: undefined }, true],
    ],
  },
  {
    name: 'an additionalProperties schema checks the undefined value',
    schema: { type: 'object', properties: {}, additionalProperties: { type: 'string' } },
    values: [[{ b: undefined }, false]],
  },
  {
    name: 'patternProperties checks the undefined value',
    schema: { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
    values: [
      [{ 'x-a': undefined }, false],
      [{ y: undefined }, true],
    ],
  },
  {
    name: 'propertyNames sees an undefined key',
    schema: { type: 'object', propertyNames: { maxLength: 1 } },
    values: [[{ bb: undefined }, false]],
  },
  {
    name: 'min/maxProperties count an undefined key',
    schema: { type: 'object', minProperties: 1, maxProperties: 1 },
    values: [
      [{ a: undefined }, true],
      [{ a: undefined, b: undefined }, false],
    ],
  },
  {
    name: 'items: an undefined item or a hole is checked as undefined',
    schema: { type: 'array', items: { type: 'string' } },
    values: [
      [['a', undefined], false],
      [holed(['a', 'b', 'c'], 1), false],
      [new Array(2), false],
      [['a', 'b'], true],
    ],
  },
  {
    name: 'items without a type let undefined and holes through',
    schema: { type: 'array', items: {} },
    values: [
      [[undefined], true],
      [holed([1, 2], 0), true],
    ],
  },
  {
    name: 'prefixItems, enum and const items',
    schema: { type: 'array', prefixItems: [{ const: 'x' }], items: { enum: ['y'] } },
    values: [
      [[undefined], false],
      [['x', undefined], false],
      [holed(['x', 'y'], 1), false],
      [['x', 'y'], true],
    ],
  },
  {
    name: 'uniqueItems: two undefined items are equal',
    schema: { type: 'array', uniqueItems: true },
    values: [
      [[undefined, undefined], false],
      [[undefined, 1], true],
    ],
  },
  {
    name: 'anyOf and oneOf over objects',
    schema: {
      oneOf: [
        { type: 'object', properties: { kind: { const: 'a' } }, required: ['kind'] },
        {
          type: 'object',
          properties: { kind: { const: 'b' }, n: { type: 'integer' } },
          required: ['kind', 'n'],
        },
      ],
    },
    values: [
      [{ kind: 'a', n: undefined }, true],
      [{ kind: 'b', n: undefined }, false],
      [{ kind: undefined }, false],
    ],
  },
]

const label = (value: unknown) =>
  Array.isArray(value)
    ? `[${Array.from({ length: value.length }, (_, i) => (i in value ? String(value[i]) : '<hole>')).join(', ')}]`
    : `{ ${Object.entries(value as object)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(', ')} }`

describe('undefined: check, errors() and ajv agree, keyword by keyword', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_, row) => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://session-schemas.dev/schemas/test/Undefined',
      ...row.schema,
    } as JsonSchemaObject
    const { schema: flat, recursive } = bundle(new SchemaIndex(), schema)
    const evaluator = new Evaluator(flat)
    const aot = row.evaluatorOnly
      ? undefined
      : instantiateCheck(emitCheck(flat, recursive, { typescript: false }))
    const reference = ajv.compile(row.schema)
    for (const [value, valid] of row.values) {
      expect(reference(value), `ajv: ${label(value)}`).toBe(valid)
      expect(evaluator.errors(value).length === 0, `errors(): ${label(value)}`).toBe(valid)
      if (aot) expect(aot(value), `check: ${label(value)}`).toBe(valid)
    }
  })
})
