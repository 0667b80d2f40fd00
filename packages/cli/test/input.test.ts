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

describe('LineSplitter, whatever else shares a chunk', () => {
  // A line that is not UTF-8 sends its whole chunk down the byte-by-byte path: no line may read otherwise there.
  const NOT_UTF8 = Buffer.from([0x7b, 0xff, 0x7d, 0x0a])
  const alone = (line: Buffer) => collect(lines, [line, NOT_UTF8]).slice(0, -1)
  const together = (line: Buffer) => collect(lines, [Buffer.concat([line, NOT_UTF8])]).slice(0, -1)
  const inPieces = (line: Buffer) => {
    const half = Math.floor(line.length / 2)
    return collect(lines, [line.subarray(0, half), line.subarray(half), NOT_UTF8]).slice(0, -1)
  }

  it.each([
    ['a line of a no-break space (not JSON whitespace: a record)', Buffer.from('\u00a0\n'), 1],
    ['a line of a form feed (blank, as String.trim says)', Buffer.from('\f\n'), 0],
    ['a blank line over the size limit', Buffer.from(`${' '.repeat(2000)}\n`), 1],
    [
      'a line that is not UTF-8 and over the size limit',
      Buffer.concat([Buffer.alloc(2000, 0xff), Buffer.from('\n')]),
      1,
    ],
  ])('reads %s the same in a chunk with a line that is not UTF-8', (_name, line, events) => {
    expect(together(line)).toEqual(alone(line))
    expect(inPieces(line)).toEqual(alone(line))
    expect(alone(line)).toHaveLength(events)
  })

  it('numbers lines from the first line it is given (a worker reads a part of the input)', () => {
    const events = collect(
      (handler) => new LineSplitter(handler, 1024, true, 41),
      [Buffer.from('\n{"a":1}\n')],
    )
    expect(events).toEqual([['record', '{"a":1}', 42]])
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

  it('ends strings right after runs of backslashes, and counts line feeds inside strings, wherever the chunks are cut', () => {
    // Strings are skipped with a native search for the closing quote: an escaped quote (odd run of
    // backslashes) must not end one, an even run must; a raw line feed inside one (malformed JSON, but
    // the parser's to say) still moves the line count of the records after it.
    const input = Buffer.from(
      '[{"a":"\\\\"},{"b":"\\\\\\"x\\\\\\\\"},\n{"c":"one\ntwo"},\n{"d":"]}\\"\\\\"},\n{"e":1}]',
    )
    const expected: Event[] = [
      ['record', '{"a":"\\\\"}', 1],
      ['record', '{"b":"\\\\\\"x\\\\\\\\"}', 1],
      ['record', '{"c":"one\ntwo"}', 2],
      ['record', '{"d":"]}\\"\\\\"}', 4],
      ['record', '{"e":1}', 5],
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
    ['NDJSON', '{"a":1}\n{"a":2}\n', 'lines'],
    ['one compact document', '{"a":1}', 'lines'],
    ['a pretty-printed document', '{\n  "a": 1\n}\n', 'lines'],
    ['garbage', 'not json', 'lines'],
    ['an array', '  \n [1]', 'array'],
    ['an array of NDJSON-like lines', '[{"a":1},\n{"a":2}]', 'array'],
    ['blank input', ' \n\n', 'lines'],
  ])('%s', (_name, text, format) => {
    expect(of(text)).toBe(format)
  })

  it('waits for more bytes only while it has seen nothing but blanks', () => {
    expect(of('  \n', false)).toBeUndefined()
    expect(of('{', false)).toBe('lines')
    expect(of('[', false)).toBe('array')
  })
})

describe('LineSplitter joining pretty-printed documents', () => {
  const joining = (handler: RecordHandler) => new LineSplitter(handler, 1024, true)

  it.each([
    [
      'a pretty document between NDJSON lines',
      '{"a":1}\n{\n  "b": [\n    1\n  ]\n}\n{"c":3}\n',
      [
        ['record', '{"a":1}', 1],
        ['record', '{\n  "b": [\n    1\n  ]\n}', 2],
        ['record', '{"c":3}', 7],
      ],
    ],
    [
      'a document without indentation (members start at column 0)',
      '{\n"a": [\n{\n"b": 1\n},\n{\n"c": 2\n}\n]\n}\n',
      [['record', '{\n"a": [\n{\n"b": 1\n},\n{\n"c": 2\n}\n]\n}', 1]],
    ],
    [
      // An adversarial review: the indented records were joined to the cut-off line, and lost in it.
      'a line cut off after a name or a member, then indented records: each is a record',
      '{"user":"cut","id":\n {"a":1}\n {"b":2}\n{"user":"cut",\n  {"c":3}\n\t[4]\n{"d":5}\n',
      [
        ['record', '{"user":"cut","id":', 1],
        ['record', ' {"a":1}', 2],
        ['record', ' {"b":2}', 3],
        ['record', '{"user":"cut",', 4],
        ['record', '  {"c":3}', 5],
        ['record', '\t[4]', 6],
        ['record', '{"d":5}', 7],
      ],
    ],
    [
      'an indented list of objects in a pretty document still joins',
      '{\n  "list": [\n    {\n      "a": 1\n    },\n    {\n      "b": [\n        [1],\n        [2]\n      ]\n    }\n  ]\n}\n',
      [
        [
          'record',
          '{\n  "list": [\n    {\n      "a": 1\n    },\n    {\n      "b": [\n        [1],\n        [2]\n      ]\n    }\n  ]\n}',
          1,
        ],
      ],
    ],
    [
      'NDJSON whose lines are cut off after an opening bracket, a comma or a colon',
      '{"a":[\n{"b":1,\n{"c":\n{"d":4}\n',
      [
        ['record', '{"a":[', 1],
        ['record', '{"b":1,', 2],
        ['record', '{"c":', 3],
        ['record', '{"d":4}', 4],
      ],
    ],
    [
      'a pretty document cut off by a record in the first column',
      '{\n  "a": 1,\n  "b": \n{"c":3}\n',
      [
        ['record', '{\n  "a": 1,\n  "b": ', 1],
        ['record', '{"c":3}', 4],
      ],
    ],
    [
      'a pretty document whose string is cut at the end of a line',
      '{\n  "a": "unterminated\n  "b": 2\n}\n{"c":3}\n',
      [
        ['record', '{\n  "a": "unterminated', 1],
        ['record', '  "b": 2', 3],
        ['record', '}', 4],
        ['record', '{"c":3}', 5],
      ],
    ],
    [
      'a pretty document at the end of the input without its closing bracket',
      '{"a":1}\n{\n  "b": 2\n',
      [
        ['record', '{"a":1}', 1],
        ['record', '{\n  "b": 2', 2],
      ],
    ],
    [
      'a line that ends in a comma but closes its value',
      '{"a":1},\n  {"b":2}\n',
      [
        ['record', '{"a":1},', 1],
        ['record', '  {"b":2}', 2],
      ],
    ],
    [
      // A review: the record on line 3 was taken for an element of the array, and lost in the cut document.
      'an indented document cut off inside an array, then compact records in the first column',
      '{\n  "scopes": [\n{"a":1}\n{"b":2}\n',
      [
        ['record', '{\n  "scopes": [', 1],
        ['record', '{"a":1}', 3],
        ['record', '{"b":2}', 4],
      ],
    ],
    [
      'an indented document cut off inside an array, then an indented document',
      '{\n  "a": [\n{\n  "b": 1\n}\n',
      [
        ['record', '{\n  "a": [', 1],
        ['record', '{\n  "b": 1\n}', 3],
      ],
    ],
    [
      'an indented document cut off after a member, then garbage and a record',
      '{\n  "a": 1,\nnot json\n{"b":2}\n',
      [
        ['record', '{\n  "a": 1,', 1],
        ['record', 'not json', 3],
        ['record', '{"b":2}', 4],
      ],
    ],
    [
      'a document without indentation cut off inside an array, then a compact record',
      '{\n"a": [\n{"b":1}\n',
      [
        ['record', '{\n"a": [', 1],
        ['record', '{"b":1}', 3],
      ],
    ],
    [
      'a document without indentation whose elements are {} and [] in the first column still joins',
      '{\n"a": [\n{},\n[],\n{}\n]\n}\n',
      [['record', '{\n"a": [\n{},\n[],\n{}\n]\n}', 1]],
    ],
  ] as const)('%s', (_name, text, expected) => {
    for (const chunks of everySplit(Buffer.from(text))) expect(collect(joining, chunks)).toEqual(expected)
  })

  it('reports a document with a line that is not UTF-8 as one malformed record, and goes on', () => {
    for (const indent of ['  ', '']) {
      const input = Buffer.concat([
        Buffer.from(`{\n${indent}"ClassId": "iam.Session",\n${indent}"Role": "Adm`),
        Buffer.from([0xff]),
        Buffer.from(`in",\n${indent}"Owners": [\n${indent}${indent}"a"\n${indent}]\n}\n{"c":3}\n`),
      ])
      for (const chunks of everySplit(input))
        expect(collect(joining, chunks)).toEqual([
          ['malformed', 1, 'the record is not valid UTF-8 (its line 3)'],
          ['record', '{"c":3}', 8],
        ])
    }
    // Not in a document: the line alone, as before.
    expect(
      collect(joining, [
        Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}\n{"b":1}\n')]),
      ]),
    ).toEqual([
      ['malformed', 1, 'the line is not valid UTF-8'],
      ['record', '{"b":1}', 2],
    ])
  })

  it('reports a document with a line over the size limit as one malformed record, and goes on', () => {
    const big = `"${'x'.repeat(2000)}"`
    const tooLarge = 'the record is larger than the record size limit (1024 bytes)'
    const cases: [string, Event[]][] = [
      // A review: each line after the large one was a record of its own.
      [
        `{\n  "a": 1,\n  "big": ${big},\n  "c": [\n    1\n  ]\n}\n{"after":1}\n`,
        [
          ['malformed', 1, tooLarge],
          ['record', '{"after":1}', 8],
        ],
      ],
      // The large line right after the opening one.
      [
        `{\n  "big": ${big},\n  "c": 1\n}\n{"after":1}\n`,
        [
          ['malformed', 1, tooLarge],
          ['record', '{"after":1}', 5],
        ],
      ],
      // Followed through the large line, the document still ends where a record starts in the first column.
      [
        `{\n  "big": ${big},\n  "c": 1\n{"after":1}\n`,
        [
          ['malformed', 1, tooLarge],
          ['record', '{"after":1}', 4],
        ],
      ],
      // A second review: without indentation (Python's indent=0), a closing line in the first column inside the
      // document ended it, and the sessions after it came out as records of their own.
      [
        `{\n"a": [\n{\n"big": ${big}\n},\n{\n"b": 1\n}\n],\n"c": 2\n}\n{"after":1}\n`,
        [
          ['malformed', 1, tooLarge],
          ['record', '{"after":1}', 12],
        ],
      ],
      // The large line is the document's first: it opens it (it ends with a comma, a bracket left open).
      [
        `{"big": ${big},\n  "c": 1\n}\n{"after":1}\n`,
        [
          ['malformed', 1, tooLarge],
          ['record', '{"after":1}', 4],
        ],
      ],
      // A large first line that nothing continues is one record too.
      [
        `{"big": ${big},\n{"after":1}\n`,
        [
          ['malformed', 1, tooLarge],
          ['record', '{"after":1}', 2],
        ],
      ],
      // A large line in the first column is a record of its own.
      [
        `{\n  "a": 1\n}\n{"big": ${big}}\n{"after":1}\n`,
        [
          ['record', '{\n  "a": 1\n}', 1],
          ['malformed', 4, 'the line is larger than the record size limit (1024 bytes)'],
          ['record', '{"after":1}', 5],
        ],
      ],
    ]
    for (const [text, expected] of cases) {
      const input = Buffer.from(text)
      // Cut at a few places (every byte of 2 KB lines would be slow): whole, in the large line, around it.
      const at = [0, 10, 20, 1000, 1500, 2030, 2040, input.length - 5]
      for (const cut of at)
        expect(collect(joining, [input.subarray(0, cut), input.subarray(cut)])).toEqual(expected)
    }
  })

  it('reports a joined document over the size limit once, and goes on', () => {
    const big = `{\n${Array.from({ length: 100 }, (_, i) => `  "k${i}": "${'x'.repeat(20)}",`).join('\n')}\n  "z": 1\n}\n{"after":1}\n`
    expect(collect(joining, [Buffer.from(big)])).toEqual([
      ['malformed', 1, 'the record is larger than the record size limit (1024 bytes)'],
      ['record', '{"after":1}', 104],
    ])
  })

  it('keeps every NDJSON line a record when joining is off (--input ndjson)', () => {
    expect(collect(lines, [Buffer.from('{\n  "a": 1\n}\n')])).toEqual([
      ['record', '{', 1],
      ['record', '  "a": 1', 2],
      ['record', '}', 3],
    ])
  })
})
