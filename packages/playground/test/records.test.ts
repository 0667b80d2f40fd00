/** How the playground cuts an input into records (the CLI's `--input auto` rules, on text). */
import { describe, expect, it } from 'vitest'
import { type Piece, splitRecords } from '../src/records.js'

function split(text: string): (Piece & { text: string })[] {
  const pieces: (Piece & { text: string })[] = []
  splitRecords(text, (piece) => pieces.push({ ...piece, text: text.slice(piece.start, piece.end) }))
  return pieces
}

describe('splitRecords', () => {
  it('reads NDJSON line by line, with line and column', () => {
    expect(split('{"a":1}\n\n  {"b":2}\r\nnull\n')).toEqual([
      { start: 0, end: 7, line: 1, column: 1, text: '{"a":1}' },
      { start: 11, end: 18, line: 3, column: 3, text: '{"b":2}' },
      { start: 20, end: 24, line: 4, column: 1, text: 'null' },
    ])
  })

  it('keeps a pretty-printed document whole', () => {
    const doc = '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "}"\n}'
    expect(split(`${doc}\n{"c":3}`).map((p) => [p.text, p.line])).toEqual([
      [doc, 1],
      ['{"c":3}', 8],
    ])
  })

  it('does not let a record cut off swallow the records after it', () => {
    expect(split('{"a": 1,\nnull\n{"b":\n{"c": 2}\n').map((p) => p.text)).toEqual([
      '{"a": 1,',
      'null',
      '{"b":',
      '{"c": 2}',
    ])
    // A document cut off inside: the next line at column 1 that opens a record starts the next one.
    expect(split('{\n  "a": {\n{"c": 2}').map((p) => p.text)).toEqual(['{\n  "a": {', '{"c": 2}'])
  })

  it('reads a top-level array element by element, with where each starts', () => {
    expect(split(' [ {"a":"]"},\n  2, "x" ,[3] ]').map((p) => [p.text, p.line, p.column])).toEqual([
      ['{"a":"]"}', 1, 4],
      ['2', 2, 3],
      ['"x"', 2, 6],
      ['[3]', 2, 11],
    ])
    expect(split('[]')).toEqual([])
  })

  it('reports what is wrong around array elements in their place', () => {
    expect(split('[1 2]').map((p) => [p.text, p.problem])).toEqual([
      ['1', undefined],
      ['2', "expected ',' or ']' after the previous array item"],
    ])
    expect(split('[1, {"a": 2').map((p) => [p.text, p.problem])).toEqual([
      ['1', undefined],
      ['{"a": 2', undefined],
      ['', 'the array is not closed'],
    ])
    expect(split('[1] x').map((p) => [p.text, p.problem])).toEqual([
      ['1', undefined],
      ['x', 'unexpected data after the array'],
    ])
  })

  it('takes time linear in the input, however many records are cut off', () => {
    // As packages/core/test/json-scaling.test.ts measures: CPU time (other processes do not count), the
    // fastest of several runs, up to five attempts. Linear gives about 8; quadratic about 64.
    const cpuTime = (text: string) => {
      const start = process.cpuUsage()
      let records = 0
      splitRecords(text, () => records++)
      const used = process.cpuUsage(start)
      expect(records).toBeGreaterThan(0)
      return (used.user + used.system) / 1000
    }
    const fastest = (text: string) => Math.min(...Array.from({ length: 5 }, () => cpuTime(text)))
    const small = '{"a": {\n'.repeat(20_000)
    const large = '{"a": {\n'.repeat(160_000)
    fastest(large)
    let best = Number.POSITIVE_INFINITY
    for (let attempt = 0; attempt < 5 && best >= 30; attempt++)
      best = Math.min(best, fastest(large) / Math.max(fastest(small), 0.5))
    expect(best).toBeLessThan(30)
  })
})
