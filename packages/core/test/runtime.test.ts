/** The run-time helpers the generated checks and the explaining evaluator share, so that they agree. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { equalsInteger, isMultipleOf } from '../src/runtime.js'

describe('isMultipleOf', () => {
  it.each([
    [10n ** 308n, 0.5, true],
    [10n ** 308n, 0.123456789, false],
    [9007199254740993n, 3, true],
    [9007199254740993n, 2, false],
    [9007199254740993n, 1e-8, true],
    [9007199254740994n, 0.3, false],
    [0.0075, 0.0001, true],
    [1999999998.5, 1e9, false],
    [4.5, 1.5, true],
    [35, 1.5, false],
    [-0, 7, true],
  ])('%s multipleOf %s is %s', (value, divisor, expected) => {
    expect(isMultipleOf(value, divisor)).toBe(expected)
  })

  it('is exact for any bigint and any decimal divisor', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 6 }),
        (n, digits, scale) => {
          const divisor = digits / 10 ** scale
          // n is a multiple of digits/10^scale exactly when n * 10^scale is a multiple of digits.
          const exact = (n * 10n ** BigInt(scale)) % BigInt(digits) === 0n
          expect(isMultipleOf(n, Number(divisor.toPrecision(15)))).toBe(exact)
        },
      ),
    )
  })

  it('leaves values that are not numbers to the type keywords', () => {
    expect(isMultipleOf('12', 5)).toBe(true)
  })
})

describe('equalsInteger', () => {
  it('finds the exact bigint that reading JSON gives equal to a const beyond 2^53', () => {
    expect(equalsInteger(9007199254740992n, 9007199254740992)).toBe(true)
    expect(equalsInteger(9007199254740992, 9007199254740992)).toBe(true)
    expect(equalsInteger(9007199254740993n, 9007199254740992)).toBe(false)
    expect(equalsInteger('9007199254740992', 9007199254740992)).toBe(false)
  })
})
