import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonLimitError } from '../src/json-errors.js'
import { MAX_INTEGER_DIGITS, numberFromText } from '../src/number-text.js'

/** The limit error's code, or the value. */
function decide(text: string): number | bigint | string {
  try {
    return numberFromText(text)
  } catch (error) {
    if (error instanceof JsonLimitError) return error.code
    throw error
  }
}

const exact = (n: bigint): number | bigint => (Number.isSafeInteger(Number(n)) ? Number(n) : n)

describe('numberFromText: table', () => {
  it.each<[string, number | bigint | string]>([
    ['0', 0],
    ['42', 42],
    ['-17', -17],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['9007199254740993', 9007199254740993n],
    ['-9007199254740993', -9007199254740993n],
    ['9007199254740993.0', 9007199254740993n],
    ['9007199254740993.000e0', 9007199254740993n],
    ['9.007199254740993e15', 9007199254740993n],
    ['9.223372036854775808e18', 9223372036854775808n],
    ['9223372036854775807', 9223372036854775807n],
    ['92233720368547758.07E2', 9223372036854775807n],
    ['1.5e1', 15],
    ['1500e-2', 15],
    ['12.000', 12],
    ['0.0012e4', 12],
    ['1e2', 100],
    ['1E+2', 100],
    ['1e400', 10n ** 400n],
    ['1e999', 10n ** 999n],
    ['1e1000', 'ERR_JSON_NUMBER_TOO_LARGE'],
    ['1e999999999', 'ERR_JSON_NUMBER_TOO_LARGE'],
    ['1e99999999999999999999999', 'ERR_JSON_NUMBER_TOO_LARGE'],
    ['0.5', 0.5],
    ['-2.25', -2.25],
    ['0.30000000000000004', 0.30000000000000004],
    ['1.0000000000000002', 1.0000000000000002],
    ['1.0000000000000000001', 1.0000000000000002],
    ['0.99999999999999999999', 0.9999999999999999],
    ['-1.0000000000000000001', -1.0000000000000002],
    ['2.9999999999999999999', 2.9999999999999996],
    ['1e-400', Number.MIN_VALUE],
    ['-1e-400', -Number.MIN_VALUE],
    ['1e-99999999999999999999', Number.MIN_VALUE],
    ['4503599627370495.5', 4503599627370495.5],
    ['4503599627370495.9999999999', 4503599627370495.5],
    ['4503599627370496.5', 'ERR_JSON_NUMBER_INEXACT'],
    ['9007199254740993.5', 'ERR_JSON_NUMBER_INEXACT'],
    ['1.5e300', 15n * 10n ** 299n],
    ['12345678901234567890.5', 'ERR_JSON_NUMBER_INEXACT'],
  ])('%s', (text, expected) => {
    expect(decide(text)).toBe(expected)
  })

  it('keeps -0 however it is written', () => {
    for (const text of ['-0', '-0.0', '-0e5', '-0.000e-7'])
      expect(Object.is(numberFromText(text), -0)).toBe(true)
    for (const text of ['0', '0.0', '0e5', '0E-400']) expect(Object.is(numberFromText(text), 0)).toBe(true)
  })

  it('refuses text that is not a JSON number, without quoting it', () => {
    for (const text of ['', '01', '+1', '.5', '1.', '1e', 'NaN', 'Infinity', '0x10', ' 1', '1 ', '--1']) {
      expect(() => numberFromText(text)).toThrow(TypeError)
    }
    expect(() => numberFromText('SECRET')).toThrow(/^not the text of a JSON number$/)
  })

  it('limit errors are JsonLimitErrors (an Error, not a RangeError) with a code and no input text', () => {
    const error = (() => {
      try {
        numberFromText('123456789e999')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(JsonLimitError)
    expect(error).not.toBeInstanceOf(RangeError)
    expect((error as JsonLimitError).code).toBe('ERR_JSON_NUMBER_TOO_LARGE')
    expect((error as JsonLimitError).message).not.toMatch(/123456789/)
  })
})

/** One of the ways of writing the integer `n` as JSON number text: plain, with `.000`, with an exponent. */
const writingOfInteger = (n: bigint) =>
  fc
    .record({
      shift: fc.integer({ min: -30, max: 30 }),
      zeros: fc.nat({ max: 3 }),
      upper: fc.boolean(),
      plus: fc.boolean(),
    })
    .map(({ shift, zeros, upper, plus }) => {
      const sign = n < 0n ? '-' : ''
      const digits = (n < 0n ? -n : n).toString()
      const fractionZeros = zeros > 0 ? `.${'0'.repeat(zeros)}` : ''
      const e = upper ? 'E' : 'e'
      if (shift === 0) return `${sign}${digits}${fractionZeros}`
      // digits × 10^-shift' written as (digits followed by zeros) e-shift'
      if (shift < 0)
        return `${sign}${n === 0n ? '0' : digits + '0'.repeat(-shift)}${fractionZeros}${e}${shift}`
      // the point moved `shift` places left, and an exponent that moves it back
      const padded = digits.padStart(shift + 1, '0')
      const point = padded.length - shift
      return `${sign}${padded.slice(0, point)}.${padded.slice(point)}${'0'.repeat(zeros)}${e}${plus ? '+' : ''}${shift}`
    })

describe('numberFromText: properties', () => {
  const integers = fc.oneof(
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    fc.bigInt({ min: -1000n, max: 1000n }),
  )

  it('any integer, however written (plain, .000, exponent), is exactly that integer', () => {
    fc.assert(
      fc.property(
        integers.chain((n) => fc.tuple(fc.constant(n), writingOfInteger(n))),
        ([n, text]) => {
          const value = numberFromText(text)
          if (n === 0n) expect(value === 0).toBe(true)
          else expect(value).toBe(exact(n))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('the writings the generator makes are the integer (self-check of the generator)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1000n, max: 1000n }).chain((n) => fc.tuple(fc.constant(n), writingOfInteger(n))),
        ([n, text]) => {
          expect(text).toMatch(/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/)
          expect(Number(text)).toBe(Number(n))
        },
      ),
    )
  })

  /** A non-integer: an integer part and a fraction with a nonzero digit (possibly far out), in three spellings. */
  const nonInteger = fc
    .record({
      whole: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: 0n, max: 10n })),
      zeros: fc.oneof(fc.nat({ max: 20 }), fc.nat({ max: 400 })),
      tail: fc.bigInt({ min: 1n, max: 10n ** 20n }).filter((t) => t % 10n !== 0n),
      negative: fc.boolean(),
      form: fc.constantFrom('point', 'exponent', 'both'),
    })
    .map(({ whole, zeros, tail, negative, form }) => {
      const sign = negative ? '-' : ''
      const fraction = `${'0'.repeat(zeros)}${tail}`
      const mantissa = `${whole}${fraction}`.replace(/^0+(?=\d)/, '')
      const text =
        form === 'point'
          ? `${sign}${whole}.${fraction}`
          : form === 'exponent'
            ? `${sign}${mantissa}e-${fraction.length}`
            : `${sign}${whole}.${fraction}E+0`
      return { text, whole, negative }
    })

  it('a non-integer never becomes an integer: nearest double, or the adjacent one on the true side', () => {
    fc.assert(
      fc.property(nonInteger, ({ text, whole, negative }) => {
        let value: number | bigint
        try {
          value = numberFromText(text)
        } catch (error) {
          // Only where no non-integral double exists.
          expect((error as JsonLimitError).code).toBe('ERR_JSON_NUMBER_INEXACT')
          expect(whole >= 2n ** 52n).toBe(true)
          return
        }
        expect(typeof value).toBe('number')
        expect(Number.isInteger(value)).toBe(false)
        expect(whole < 2n ** 52n).toBe(true)
        const magnitude = Math.abs(value as number)
        const nearest = Math.abs(Number(text))
        if (!Number.isInteger(nearest)) {
          expect(magnitude).toBe(nearest)
        } else {
          // On the true side of the integer the double rounded to: |value| > nearest iff whole >= nearest.
          expect(magnitude > nearest).toBe(whole >= BigInt(nearest))
        }
        expect(Math.floor(magnitude)).toBe(Number(whole))
        expect(value < 0).toBe(negative)
      }),
      { numRuns: 3000 },
    )
  })

  it('an integer of more than 1000 digits is refused, one of 1000 is kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('', '.0', 'e0'), (length, suffix) => {
        const text = `7${'0'.repeat(length - 1)}${suffix}`
        if (length > MAX_INTEGER_DIGITS) expect(decide(text)).toBe('ERR_JSON_NUMBER_TOO_LARGE')
        else expect(numberFromText(text)).toBe(exact(7n * 10n ** BigInt(length - 1)))
      }),
      { numRuns: 300 },
    )
  })
})
