import { describe, expect, it } from 'vitest'
import { type JsonSchemaObject, JsonSyntaxError, readJson, ValidationError, writeJson } from '../src/index.js'
import { defineModel, Evaluator } from '../src/internal.js'

const schema: JsonSchemaObject = {
  $id: 'https://session-schemas.dev/schemas/test/Session',
  type: 'object',
  required: ['ClassId', 'user_id'],
  properties: {
    ClassId: { const: 'iam.Session' },
    user_id: { type: 'integer', format: 'int64' },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    is_self: { type: 'boolean' },
    SessionId: { type: 'string', format: 'password' },
    Status: { enum: ['Active', 'Ended'] },
    Owners: { type: 'array', items: { type: 'string' } },
    User: { type: 'object', properties: { Moid: { type: 'string' } }, additionalProperties: true },
  },
  additionalProperties: true,
}
const evaluator = new Evaluator(schema)
const model = defineModel<{ ClassId: string; user_id: number }>({
  id: 'test/Session',
  schema,
  check: (v) => evaluator.check(v),
})

describe('errors()', () => {
  it('gives every issue with a JSON Pointer, the keyword and a message', () => {
    expect(model.errors({ ClassId: 'iam.Session', user_id: 'x', port: 70000, Owners: [1] })).toEqual([
      { path: '/user_id', keyword: 'type', message: 'expected integer, got string' },
      { path: '/port', keyword: 'maximum', message: 'must be <= 65535; got 70000' },
      { path: '/Owners/0', keyword: 'type', message: 'expected string, got integer' },
    ])
  })

  it('points at a missing required key and names the likely casing mistake', () => {
    const issues = model.errors({ class_id: 'iam.Session', user_id: 1 })
    expect(issues).toEqual([
      {
        path: '/ClassId',
        keyword: 'required',
        message: 'missing required property "ClassId" (found "class_id": a likely casing mistake)',
      },
    ])
  })

  it('says the wrong top-level type plainly', () => {
    for (const value of [[], 'x', null, 1]) expect(model.errors(value)[0]?.keyword).toBe('type')
    expect(model.errors(null)[0]?.message).toBe('expected object, got null')
  })

  it('hints at case-insensitive enum matches and never quotes a secret', () => {
    expect(model.errors({ ClassId: 'iam.Session', user_id: 1, Status: 'active' })[0]?.message).toMatch(
      /did you mean "Active"/,
    )
    const message = model.errors({ ClassId: 'iam.Session', user_id: 1, SessionId: 12345678 })[0]?.message
    expect(message).toBe('expected string, got a secret integer')
  })

  it('returns issues for values that are not JSON, and never throws', () => {
    const cyclic: Record<string, unknown> = { ClassId: 'iam.Session', user_id: 1 }
    cyclic.User = cyclic
    expect(model.check(cyclic)).toBe(true) // the open User object is not walked into its own keys
    expect(model.errors(() => 1)[0]?.message).toMatch(/function/)
    expect(model.errors(Symbol('x'))[0]?.message).toMatch(/symbol/)
    expect(model.errors({ ClassId: 'iam.Session', user_id: Number.NaN })[0]?.message).toMatch(
      /not a JSON number/,
    )
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
      },
    )
    expect(() => model.errors(hostile)).not.toThrow()
    expect(model.check(hostile)).toBe(false)
    expect(model.errors(hostile)[0]?.message).toMatch(/cannot be read: a getter or a Proxy threw/)
    // What was thrown is the caller's text: never repeated, and never a second exception while it is read.
    expect(JSON.stringify(model.errors(hostile))).not.toMatch(/boom/)
    for (const thrown of [
      Object.create(null),
      {
        toString: () => {
          throw new Error('inner')
        },
      },
      new Proxy(new Error('x'), {
        getPrototypeOf: () => {
          throw new Error('trap')
        },
      }),
    ]) {
      const getter = { ClassId: 'iam.Session' }
      Object.defineProperty(getter, 'user_id', {
        enumerable: true,
        get: () => {
          throw thrown
        },
      })
      expect(() => model.errors(getter)).not.toThrow()
      expect(model.errors(getter).length).toBeGreaterThan(0)
      expect(model.safeParse(getter).success).toBe(false)
    }
  })
})

describe('parse()', () => {
  it('returns the value, or throws a ValidationError with every issue', () => {
    const value = { ClassId: 'iam.Session', user_id: 1 }
    expect(model.parse(value)).toBe(value)
    const error = (() => {
      try {
        model.parse({ user_id: 'x' })
      } catch (e) {
        return e as ValidationError
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect(error?.issues.map((i) => i.path)).toEqual(['/ClassId', '/user_id'])
    expect(error?.message).toBe(
      'test/Session: /ClassId: missing required property "ClassId" (and 1 more issue)',
    )
  })

  it('coerces string-encoded scalars when asked, and only then', () => {
    const wire = { ClassId: 'iam.Session', user_id: '9223372036854775807', port: '53122', is_self: 'true' }
    expect(() => model.parse(wire)).toThrow(ValidationError)
    expect(model.parse(wire, { coerce: true })).toEqual({
      ClassId: 'iam.Session',
      user_id: 9223372036854775807n,
      port: 53122,
      is_self: true,
    })
    expect(wire.port).toBe('53122') // the input is not mutated
    expect(() =>
      model.parse({ ClassId: 'iam.Session', user_id: 1, port: '70000' }, { coerce: true }),
    ).toThrow(/<= 65535/)
    expect(() =>
      model.parse({ ClassId: 'iam.Session', user_id: 1, is_self: 'yes' }, { coerce: true }),
    ).toThrow(/boolean/)
  })

  // Found by an adversarial review: coercion read a number's text with Number(), so '1.0000000000000000001'
  // became the integer 1.
  it("coerces a number's text exactly: a non-integral text never becomes an integer", () => {
    const session = (user_id: string, port?: string) => ({ ClassId: 'iam.Session', user_id, port })
    for (const fraction of ['1.0000000000000000001', '1e-400', '4503599627370496.5', '0.5'])
      expect(() => model.parse(session(fraction), { coerce: true }), fraction).toThrow(/expected integer/)
    expect(() => model.parse(session('1', '65535.0000000000000001'), { coerce: true })).toThrow(
      /expected integer/,
    )
    // Integral however written, exact beyond 2^53: the int64 maximum, and one beyond it (its bound fails).
    expect(model.parse(session('9.223372036854775807e18'), { coerce: true }).user_id).toBe(
      9223372036854775807n,
    )
    expect(model.parse(session('12.000', '1e3'), { coerce: true })).toMatchObject({ user_id: 12, port: 1000 })
    expect(() => model.parse(session('1e400'), { coerce: true })).toThrow(/<= 9223372036854775807 \(int64\)/)
  })

  it('coerces only what is invalid as it is: a value the alternatives take unchanged stays so', () => {
    const eitherSchema: JsonSchemaObject = {
      $id: 'https://session-schemas.dev/schemas/test/Either',
      type: 'object',
      properties: {
        id: {
          anyOf: [
            { type: 'integer', maximum: 10 },
            { type: 'string', pattern: '^[0-9]+$' },
          ],
        },
        n: { type: 'integer' },
      },
    }
    const reference = new Evaluator(eitherSchema)
    const either = defineModel<{ id: unknown }>({
      id: 'test/Either',
      schema: eitherSchema,
      check: (v) => reference.check(v),
    })
    const value = { id: '99' }
    expect(either.check(value)).toBe(true)
    expect(either.parse(value, { coerce: true })).toBe(value)
    expect(either.safeParse(value, { coerce: true }).success).toBe(true)
    // Also when another member needs its coercion: the alternatives take '99' as it is first.
    expect(either.parse({ id: '99', n: '5' }, { coerce: true })).toEqual({ id: '99', n: 5 })
    // And a value that only its coerced form satisfies is coerced.
    expect(either.parse({ id: '7.0', n: '5' }, { coerce: true })).toEqual({ id: 7, n: 5 })
  })

  // Found by an adversarial review: the copy that applies the coercions read the getter again, outside
  // any try, and safeParse threw its error.
  it('safeParse with coerce: a value that throws while it is read gives issues, not the error', () => {
    const hostile = {
      ClassId: 'iam.Session',
      user_id: '1',
      get port(): number {
        throw new Error('boom')
      },
    }
    const result = model.safeParse(hostile, { coerce: true })
    expect(result.success).toBe(false)
    if (!result.success)
      expect(result.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/cannot be read/))
  })

  it('coerces under if/then/else only what the value as it is does not pass', () => {
    const schema: JsonSchemaObject = {
      $id: 'https://session-schemas.dev/schemas/test/Conditional',
      type: 'object',
      properties: {
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword under test
        x: { if: { type: 'integer' }, then: { minimum: 5 }, else: { type: 'string' } },
        y: { type: 'integer' },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword under test
        z: { if: { type: 'integer' }, then: { minimum: 5 }, else: false },
      },
    }
    const reference = new Evaluator(schema)
    const conditional = defineModel<Record<string, unknown>>({
      id: 'test/Conditional',
      schema,
      check: (v) => reference.check(v),
    })
    // 'y' needs coercion; 'x' passes as the string it is (its else branch) and stays one.
    expect(conditional.parse({ x: '3', y: '2' }, { coerce: true })).toEqual({ x: '3', y: 2 })
    // Only the coerced 'z' passes (the else branch takes nothing): coerced.
    expect(conditional.parse({ z: '7', y: '2' }, { coerce: true })).toEqual({ z: 7, y: 2 })
  })

  it('keeps, strips or rejects unknown properties', () => {
    const value = JSON.parse(
      '{"ClassId":"iam.Session","user_id":1,"Drift":1,"User":{"Moid":"a","New":2},"__proto__":{"x":1}}',
    )
    expect(model.unknownProperties(value)).toEqual([
      { path: '/Drift', key: 'Drift' },
      { path: '/User/New', key: 'New' },
      { path: '/__proto__', key: '__proto__' },
    ])
    expect(model.parse(value)).toBe(value)
    const stripped = model.parse(value, { unknownProperties: 'strip' }) as Record<string, unknown>
    expect(Object.keys(stripped)).toEqual(['ClassId', 'user_id', 'User'])
    expect(Object.keys(stripped.User as object)).toEqual(['Moid'])
    expect(() => model.parse(value, { unknownProperties: 'reject' })).toThrow(/"Drift" is not in the schema/)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('parseJson() and exact int64', () => {
  it('reads integers beyond 2^53 exactly, as bigint or decimal string', () => {
    const text = '{"ClassId":"iam.Session","user_id":9223372036854775807}'
    expect(model.parseJson(text)).toEqual({ ClassId: 'iam.Session', user_id: 9223372036854775807n })
    expect(model.parseJson(text, { int64: 'string' })).toEqual({
      ClassId: 'iam.Session',
      user_id: '9223372036854775807',
    })
    expect(model.parseJson('{"ClassId":"iam.Session","user_id":-9223372036854775808}').user_id).toBe(
      -9223372036854775808n,
    )
    expect(model.parseJson('{"ClassId":"iam.Session","user_id":42}').user_id).toBe(42)
  })

  it('ignores a BOM, and reports malformed JSON with its line and column', () => {
    expect(readJson('\uFEFF{"a":1}')).toEqual({ a: 1 })
    expect(() => readJson('{\n  "a": 1,\n}')).toThrow(JsonSyntaxError)
    expect(() => readJson('{\n  "a": 1,\n}')).toThrow(/line 3, column 1/)
    expect(() => readJson('')).toThrow(/empty input/)
  })

  it('keeps digits that only look like big integers inside strings', () => {
    expect(readJson('{"id":"12345678901234567890"}')).toEqual({ id: '12345678901234567890' })
    expect(readJson('{"d":1.5}')).toEqual({ d: 1.5 })
    // 1e300 is an integer: exact, like any other integer beyond 2^53
    expect(readJson('{"d":1e300}')).toEqual({ d: 10n ** 300n })
  })

  it('writes exact integers back as numbers or strings', () => {
    const value = { user_id: 9223372036854775807n, n: 1 }
    expect(writeJson(value)).toBe('{"user_id":9223372036854775807,"n":1}')
    expect(writeJson(value, { int64: 'string' })).toBe('{"user_id":"9223372036854775807","n":1}')
  })
})

describe('secrets() and Standard Schema', () => {
  it('lists the JSON Pointers of secret values', () => {
    expect(model.secrets({ ClassId: 'iam.Session', user_id: 1, SessionId: 'tok' })).toEqual(['/SessionId'])
  })

  it('implements Standard Schema v1', () => {
    const std = model['~standard']
    expect(std.version).toBe(1)
    expect(std.vendor).toBe('session-schemas')
    expect(std.validate({ ClassId: 'iam.Session', user_id: 1 })).toEqual({
      value: { ClassId: 'iam.Session', user_id: 1 },
    })
    expect(std.validate({ ClassId: 'iam.Session', user_id: 1, Owners: ['a', 2] })).toEqual({
      issues: [{ message: 'expected string, got integer', path: ['Owners', 1] }],
    })
  })

  // Found by an adversarial review: validate() checked, then asked errors(), which checked again and found
  // the value valid: a failure with `issues: []`, which Standard Schema does not allow.
  it('never fails without issues, nor throws a ValidationError without any, for a value that changes as it is read', () => {
    // Invalid for the first `bad` reads, valid from then on: whichever read decides, a failure has issues.
    for (let bad = 1; bad <= 8; bad++) {
      let reads = 0
      const flipping = {
        ClassId: 'iam.Session',
        get user_id() {
          return reads++ < bad ? 'x' : 1
        },
      }
      const result = model['~standard'].validate(flipping) as { value?: unknown; issues?: unknown[] }
      if (result.issues !== undefined) expect(result.issues.length, `bad ${bad}`).toBeGreaterThan(0)
      reads = 0
      try {
        model.parse(flipping)
      } catch (error) {
        expect((error as ValidationError).issues.length, `bad ${bad}`).toBeGreaterThan(0)
      }
    }
  })
})

describe('Standard JSON Schema', () => {
  it('hands out the draft 2020-12 schema and refuses other targets', () => {
    expect(model['~standard'].jsonSchema.output({ target: 'draft-2020-12' })).toBe(schema)
    expect(() => model['~standard'].jsonSchema.input({ target: 'draft-07' })).toThrow(
      /only the draft-2020-12/,
    )
  })
})
