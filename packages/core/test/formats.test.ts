import { describe, expect, it } from 'vitest'
import { isDateTime, isIPv4, isIPv6, parseDateTime } from '../src/index.js'

describe('formats (the suite runs in tools/conformance; these are our own edge cases)', () => {
  it.each([
    ['0001-01-01T00:00:00Z', true],
    ['2023-02-14T22:12:48.753169Z', true],
    ['1963-06-19t08:30:06.283185z', true],
    ['1998-12-31T23:59:60Z', true],
    ['1998-12-31T15:59:60.123-08:00', true],
    ['2021-03-08T19:34:34.012+05:45', true],
    ['2021-02-29T00:00:00Z', false],
    ['2021-01-01T24:00:00Z', false],
    ['2021-01-01T10:00:00+01', false],
    ['2021-01-01 10:00:00Z', false],
    ['2021-01-01T10:00:00', false],
    ['2021-01-01T10:00:00.Z', false],
    ['1998-12-31T23:58:60Z', false],
    ['2021-01-01T10:00:00Z\n', false],
    ['２０２１-01-01T10:00:00Z', false],
  ])('date-time %s is %s', (value, valid) => {
    expect(isDateTime(value)).toBe(valid)
  })

  it('parses the written parts of a date-time', () => {
    expect(parseDateTime('2021-03-08T19:34:34.012+05:45')).toEqual({
      year: 2021,
      month: 3,
      day: 8,
      hour: 19,
      minute: 34,
      second: 34,
      fraction: '012',
      offsetMinutes: 345,
      zulu: false,
    })
    expect(parseDateTime('nope')).toBeUndefined()
  })

  it('knows IPs', () => {
    expect([isIPv4('10.93.153.94'), isIPv4('10.93.153'), isIPv6('fe80::1'), isIPv6('/var/run/pipe')]).toEqual(
      [true, false, true, false],
    )
  })
})
