/**
 * readJson: exact numbers on both paths, one duplicate-key rule, typed limit errors, any depth.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonLimitError, readJson, writeJson } from '../src/index.js'
import { Evaluator } from '../src/internal.js'
import { hasUnsafeInteger, needsExactRead } from '../src/json.js'
import { numberFromText } from '../src/number-text.js'

function limitError(run: () => unknown): JsonLimitError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(JsonLimitError)
    return error as JsonLimitError
  }
  throw new Error('no JsonLimitError')
}

describe('readJson decides every number on its exact value', () => {
  it.each<[string, unknown]>([
    ['9007199254740993.0', 9007199254740993n],
    ['9.223372036854775808e18', 9223372036854775808n],
    ['[9007199254740993.000, 1]', [9007199254740993n, 1]],
    ['{"n":1.0000000000000000001}', { n: 1.0000000000000002 }],
    ['[0.99999999999999999999]', [0.9999999999999999]],
    ['[12345678.0000000001]', [12345678.000000002]],
    ['[10000000000000001e-16]', [1.0000000000000002]],
    ['[1e-400, -1e-400]', [Number.MIN_VALUE, -Number.MIN_VALUE]],
    [`[0.${'0'.repeat(400)}1]`, [Number.MIN_VALUE]],
    ['[1e400]', [10n ** 400n]],
    ['[-0, -0.0, 0]', [-0, -0, 0]],
    ['[1.5, 1e5, 0.30000000000000004, 1e-5]', [1.5, 1e5, 0.30000000000000004, 1e-5]],
  ])('%s', (text, expected) => {
    expect(readJson(text)).toEqual(expected)
  })

  it('so that integer and int64 checks see the true value', () => {
    const int64 = new Evaluator({ type: 'integer', format: 'int64' })
    const integer = new Evaluator({ type: 'integer', minimum: 1, maximum: 1 })
    // 2^63 written with an exponent was a double 2^63, which passed as int64
    expect(int64.errors(readJson('9.223372036854775808e18'))).toHaveLength(1)
    expect(int64.errors(readJson('9.223372036854775807e18'))).toEqual([])
    expect(integer.errors(readJson('1.0000000000000000001')).map((i) => i.keyword)).toEqual([
      'type',
      'maximum',
    ])
    expect(integer.errors(readJson('0.99999999999999999999')).map((i) => i.keyword)).toEqual([
      'type',
      'minimum',
    ])
    expect(new Evaluator({ type: 'integer' }).errors(readJson('1e-400'))).toHaveLength(1)
  })

  it('int64: "string" gives the decimal text of every exact integer beyond 2^53', () => {
    expect(
      readJson('{"a":9.223372036854775808e18,"b":[9007199254740993],"c":1}', { int64: 'string' }),
    ).toEqual({
      a: '9223372036854775808',
      b: ['9007199254740993'],
      c: 1,
    })
  })

  it('refuses, with a typed error and no number text, what cannot be exact', () => {
    const inexact = limitError(() => readJson('{\n "a": 4503599627370496.5}'))
    expect(inexact.code).toBe('ERR_JSON_NUMBER_INEXACT')
    expect([inexact.line, inexact.column]).toEqual([2, 7])
    expect(inexact.message).not.toMatch(/4503599627370496/)
    expect(inexact).not.toBeInstanceOf(RangeError)

    const huge = limitError(() => readJson('[1e999999999]'))
    expect(huge.code).toBe('ERR_JSON_NUMBER_TOO_LARGE')
    expect(huge.message).not.toMatch(/999/)
    expect(readJson('1e999')).toBe(10n ** 999n)
    // exponents may not turn a small text into many large integers (memory)
    expect(readJson(`[${'1e999,'.repeat(1000)}1]`)).toHaveLength(1001)
    const many = limitError(() => readJson(`[${'1e999,'.repeat(1001)}1]`))
    expect([many.code, many.line, many.column]).toEqual(['ERR_JSON_NUMBER_TOO_LARGE', 1, 6002])
    expect(readJson(`[${'1e100,'.repeat(9900)}1]`)).toHaveLength(9901)
    expect(limitError(() => readJson(`[${'1e100,'.repeat(9901)}1]`)).code).toBe('ERR_JSON_NUMBER_TOO_LARGE')
  })

  /** JSON number text whose exact value a double may miss, and ordinary numbers. */
  const numberText = fc
    .oneof(
      fc.integer().map(String),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc
        .tuple(
          fc.bigInt({ min: 1n - 2n ** 52n, max: 2n ** 52n - 1n }),
          fc.nat({ max: 30 }),
          fc.constantFrom('1', '9', '5'),
        )
        .map(([n, zeros, last]) => `${n}.${(last === '9' ? '9' : '0').repeat(zeros)}${last}`),
      // a near-integer with digits on both sides of the point
      fc
        .tuple(fc.bigInt({ min: 10n ** 4n, max: 10n ** 11n }), fc.integer({ min: 4, max: 12 }), fc.boolean())
        .map(([n, k, up]) => (up ? `${n}.${'0'.repeat(k)}1` : `${n}.${'9'.repeat(k + 1)}`)),
      fc
        .tuple(fc.bigInt({ min: 0n, max: 2n ** 70n }), fc.nat({ max: 25 }))
        .map(([n, k]) => `${n}${'0'.repeat(k)}e-${k}`),
      fc
        .tuple(fc.bigInt({ min: 1n, max: 2n ** 64n }), fc.integer({ min: -40, max: 20 }))
        .map(([n, e]) => `${n}e${e}`),
      fc.tuple(fc.nat({ max: 99 }), fc.integer({ min: 90, max: 400 })).map(([n, e]) => `${n}.5e-${e}`),
      fc
        .tuple(fc.bigInt({ min: 1n, max: 2n ** 64n }), fc.nat({ max: 20 }))
        .map(([n, k]) => `${n}.${'0'.repeat(k)}E+${k}`),
    )
    .filter((text) => {
      try {
        numberFromText(text)
        return true
      } catch {
        return false // a fraction beyond 2^52: refused, tested above
      }
    })

  /** What JSON allows between tokens: a number ends before any of them (the exponent look relies on it). */
  const blank = fc.constantFrom('', ' ', '\t', '\n', '\r\n', ' \n\t ')

  /** A document of numbers (unique keys) and the value it stands for, number by number. */
  const { document } = fc.letrec<{ document: { text: string; value: unknown } }>((tie) => ({
    document: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      numberText.map((text) => ({ text, value: numberFromText(text) })),
      fc.string().map((s) => ({ text: JSON.stringify(s), value: s })),
      fc.tuple(fc.array(tie('document'), { maxLength: 5 }), blank).map(([items, b]) => ({
        text: `[${b}${items.map((i) => i.text).join(`${b},${b}`)}${b}]`,
        value: items.map((i) => i.value),
      })),
      fc
        .tuple(
          fc.uniqueArray(fc.tuple(fc.string({ maxLength: 3 }), tie('document')), {
            selector: ([k]) => k,
            maxLength: 5,
          }),
          blank,
        )
        .map(([entries, b]) => ({
          text: `{${b}${entries.map(([k, v]) => `${JSON.stringify(k)}${b}:${b}${v.text}`).join(`${b},${b}`)}${b}}`,
          value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
        })),
    ),
  }))

  it('on both paths: each number is what its text says (a missed rounding fails here)', () => {
    fc.assert(
      fc.property(document, ({ text, value }) => {
        expect(readJson(text)).toEqual(value)
      }),
      { numRuns: 2000 },
    )
  })

  it('the text test flags no record of the repo’s examples but those with an integer beyond 2^53', () => {
    const root = fileURLToPath(new URL('../../../examples', import.meta.url))
    const texts: string[] = []
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name)
        if (statSync(file).isDirectory()) walk(file)
        else texts.push(...readFileSync(file, 'utf8').split('\n'))
      }
    }
    walk(root)
    const records = texts.filter((t) => {
      try {
        JSON.parse(t)
        return true
      } catch {
        return false
      }
    })
    expect(records.length).toBeGreaterThan(10)
    const flagged = records.filter((t) => needsExactRead(t))
    expect(flagged.length).toBeGreaterThan(0)
    expect(flagged).toEqual(records.filter((t) => hasUnsafeInteger(JSON.parse(t))))
    // nor a UUID with an "e-" followed by digits, fractional seconds, epoch seconds or microseconds
    expect(needsExactRead('{"key":"5293f8a1-3c2e-8b1d-6f0a-9e4d7c2b1a55"}')).toBe(false)
    expect(needsExactRead('{"key":"1234567e-1234-4123-8123-123456789abc"}')).toBe(false)
    expect(
      needsExactRead('{"t":"2024-05-06T07:58:12.104233123Z","s":1715000000.123,"us":1715000000123456}'),
    ).toBe(false)
  })
})

describe('duplicate keys: the last one wins, whatever else the document holds', () => {
  it('the audit case', () => {
    expect(readJson('{"a":1,"a":2}')).toEqual({ a: 2 })
    expect(readJson('{"a":1,"a":2,"n":9007199254740993}')).toEqual({ a: 2, n: 9007199254740993n })
    expect(readJson('{"a":{"x":1},"b":0,"a":[9007199254740993]}')).toEqual({ a: [9007199254740993n], b: 0 })
  })

  it('__proto__ stays an own data key, also duplicated, on both paths', () => {
    for (const tail of ['', ',"n":9007199254740993']) {
      const value = readJson(`{"__proto__":{"polluted":1},"__proto__":{"x":2}${tail}}`) as Record<
        string,
        unknown
      >
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
      expect(Object.hasOwn(value, '__proto__')).toBe(true)
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: 2 })
      expect(Object.keys(value)[0]).toBe('__proto__')
      expect((value as { x?: unknown }).x).toBeUndefined()
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  const key = fc.constantFrom('a', 'b', '__proto__', 'constructor', 'toString', '0', '10')
  const { document } = fc.letrec<{ document: string }>((tie) => ({
    document: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer().map(String),
      fc.constantFrom('"s"', 'null', 'true', '1.5', '-0'),
      fc.array(tie('document'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      fc
        .array(fc.tuple(key, tie('document')), { maxLength: 6 })
        .map((entries) => `{${entries.map(([k, v]) => `"${k}":${v}`).join(',')}}`),
    ),
  }))

  it('readJson gives the value JSON.parse gives, with or without an exact re-read', () => {
    fc.assert(
      fc.property(document, (text) => {
        const expected = JSON.stringify(JSON.parse(text))
        expect(JSON.stringify(readJson(text))).toBe(expected)
        const [exact, big] = readJson(`[${text},9007199254740993]`) as [unknown, bigint]
        expect(big).toBe(9007199254740993n)
        expect(JSON.stringify(exact)).toBe(expected)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('depth', () => {
  const deep = (n: number, inner: string) => '['.repeat(n) + inner + ']'.repeat(n)

  it('the exact re-read reads any depth; writing it back is a JsonLimitError, not a stack overflow', () => {
    const value = readJson(deep(200_000, '9007199254740993'))
    let item = value
    for (let level = 0; level < 200_000; level++) item = (item as unknown[])[0]
    expect(item).toBe(9007199254740993n)
    const error = limitError(() => writeJson(value))
    expect(error.code).toBe('ERR_JSON_TOO_DEEP')
    expect(error).not.toBeInstanceOf(RangeError)
    expect(limitError(() => writeJson(JSON.parse(deep(200_000, '1')))).code).toBe('ERR_JSON_TOO_DEEP')
  })
})

describe('writeJson', () => {
  it('writes bigints exactly, and a cyclic value is a TypeError, not a hang', () => {
    expect(writeJson({ a: [9007199254740993n], b: 1 })).toBe('{"a":[9007199254740993],"b":1}')
    const cyclic: Record<string, unknown> = { n: 1 }
    cyclic.self = cyclic
    expect(() => writeJson(cyclic)).toThrow(TypeError)
    const shared = { n: 9007199254740993n }
    expect(writeJson([shared, shared], { int64: 'string' })).toBe(
      '[{"n":"9007199254740993"},{"n":"9007199254740993"}]',
    )
  })
})
