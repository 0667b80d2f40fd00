/**
 * The splitters and the format sniffer, fed in every possible pair of chunks: a record must come out
 * the same wherever a chunk boundary falls (inside a multi-byte character, a CRLF, a string, an escape).
 */
import { describe, expect, it } from 'vitest'
import { DocumentSplitter } from '../src/input/documents.js'
import type { RecordHandler, Splitter } from '../src/input/handler.js'
import { LineSplitter } from '../src/input/lines.js'
import { sniff } from '../src/input/records.js'

type Event = readonly ['record', string, number] | readonly ['malformed', number, string]

function collect(make: (handler: RecordHandler) => Splitter, chunks: readonly Buffer[]): Event[] {
  const events: Event[] = []
  const splitter = make({
    record: (text, line) => events.push(['record', text, line]),
    malformed: (line, message) => events.push(['malformed', line, message]),
  })
  for (const chunk of chunks) splitter.push(chunk)
  splitter.end()
  return events
}

/** The input whole, and cut in two at every byte (and in three at a few more places). */
function everySplit(input: Buffer): Buffer[][] {
  const splits: Buffer[][] = [[input]]
  for (let i = 0; i <= input.length; i++) splits.push([input.subarray(0, i), input.subarray(i)])
  for (let i = 1; i < input.length; i += 7)
    splits.push([input.subarray(0, i), input.subarray(i, i + 3), input.subarray(i + 3)])
  return splits
}

const lines = (handler: RecordHandler) => new LineSplitter(handler, 1024)
const documents = (handler: RecordHandler) => new DocumentSplitter(handler, 1024)

describe('LineSplitter', () => {
  const input = Buffer.from('{"a":"é€😀"}\r\n\n  \r\n{"b":[1,2]}\nnot json\n{"c":"\\n"}')
  const expected: Event[] = [
    ['record', '{"a":"é€😀"}\r', 1],
    ['record', '{"b":[1,2]}', 4],
    ['record', 'not json', 5],
    ['record', '{"c":"\\n"}', 6],
  ]

  it('gives the same lines wherever the chunks are cut', () => {
    for (const chunks of everySplit(input)) expect(collect(lines, chunks)).toEqual(expected)
  })

  it('reports a line that is not UTF-8, and one over the size limit, in their places', () => {
    const bad = Buffer.concat([
      Buffer.from('{"a":1}\n{"b":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
      Buffer.from(`"${'x'.repeat(2000)}"\n{"c":3}`),
    ])
    for (const chunks of everySplit(bad).filter((_, i) => i % 50 === 0)) {
      expect(collect(lines, chunks)).toEqual([
        ['record', '{"a":1}', 1],
        ['malformed', 2, 'the line is not valid UTF-8'],
        ['malformed', 3, 'the line is larger than the record size limit (1024 bytes)'],
        ['record', '{"c":3}', 4],
      ])
    }
  })
})

describe('DocumentSplitter', () => {
  it('gives the records of a top-level array wherever the chunks are cut', () => {
    const input = Buffer.from(
      '\n[\n  {"a": "]}\\"[{"},\n  [1, {"b": 2}],\n  "s\\"",\n  null, 12.5e3 ,true\n]\n',
    )
    const expected: Event[] = [
      ['record', '{"a": "]}\\"[{"}', 3],
      ['record', '[1, {"b": 2}]', 4],
      ['record', '"s\\""', 5],
      ['record', 'null', 6],
      ['record', '12.5e3', 6],
      ['record', 'true', 6],
    ]
    for (const chunks of everySplit(input)) expect(collect(documents, chunks)).toEqual(expected)
  })

  it('gives concatenated pretty-printed documents, and scalars at the end of the input', () => {
    const input = Buffer.from('{\n  "a": 1\n}\n{\n  "b": "😀"\n}\nnull')
    for (const chunks of everySplit(input))
      expect(collect(documents, chunks)).toEqual([
        ['record', '{\n  "a": 1\n}', 1],
        ['record', '{\n  "b": "😀"\n}', 4],
        ['record', 'null', 7],
      ])
  })

  it('reports empty elements, a trailing comma, a missing comma, a cut-off record and an unclosed array', () => {
    expect(collect(documents, [Buffer.from('[1,,2,]')])).toEqual([
      ['record', '1', 1],
      ['malformed', 1, 'an empty array element (two commas in a row)'],
      ['record', '2', 1],
      ['malformed', 1, 'a comma before "]" (JSON has no trailing commas)'],
    ])
    expect(collect(documents, [Buffer.from('[{"a":1}\n{"b":2}]')])).toEqual([
      ['record', '{"a":1}', 1],
      ['malformed', 2, 'a comma is missing before this array element'],
    ])
    expect(collect(documents, [Buffer.from('[{"a":1},\n{"b":')])).toEqual([
      ['record', '{"a":1}', 1],
      ['malformed', 2, 'the input ends inside this record (it is cut off)'],
      ['malformed', 1, 'the input ends before the array opened on line 1 is closed'],
    ])
    expect(collect(documents, [Buffer.from('{"a":1}}')])).toEqual([
      ['record', '{"a":1}', 1],
      ['malformed', 1, 'unexpected "}" between records'],
    ])
  })

  it('reports a record over the size limit without keeping it', () => {
    const input = Buffer.from(`[{"a":"${'x'.repeat(3000)}"},{"b":1}]`)
    for (const chunks of everySplit(input).filter((_, i) => i % 97 === 0))
      expect(collect(documents, chunks)).toEqual([
        ['malformed', 1, 'the record is larger than the record size limit (1024 bytes)'],
        ['record', '{"b":1}', 1],
      ])
  })
})

describe('sniff', () => {
  const of = (text: string, done = true) => sniff(Buffer.from(text), done)

  it.each([
    ['NDJSON', '{"a":1}\n{"a":2}\n', 'ndjson'],
    ['one compact document', '{"a":1}', 'ndjson'],
    ['NDJSON whose first line is malformed', '{"a":\n{"a":2}\n', 'ndjson'],
    ['NDJSON whose first two lines are cut off', '{"a":"x\n{"a":"y\n{"a":1}\n', 'ndjson'],
    ['a pretty-printed document', '{\n  "a": 1\n}\n', 'json'],
    ['a pretty-printed document without indentation', '{\n"a": 1\n}\n', 'json'],
    ['an array', '  \n [1]', 'json'],
    ['an array of NDJSON-like lines', '[{"a":1},\n{"a":2}]', 'json'],
    ['blank input', ' \n\n', 'ndjson'],
  ])('%s', (_name, text, format) => {
    expect(of(text)).toBe(format)
  })

  it('waits for more bytes while it cannot tell', () => {
    expect(of('{\n', false)).toBeUndefined()
    expect(of('  ', false)).toBeUndefined()
    expect(of('{"a":1}\n{"b"', false)).toBe('ndjson')
  })
})
