/**
 * No input shape ever loses a record: for generated sources that mix compact lines, pretty-printed
 * documents (indented, or not), malformed lines, garbage, indented documents cut off anywhere, documents with a
 * byte that is not UTF-8, blank lines, CRLF, BOMs and arrays, read in
 * random chunks, `--input auto` hands over exactly one record (or one malformed report) per record
 * written, in order, and every well-formed record comes out as the value that was written.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { OutputFlow, RecordHandler } from '../src/input/handler.js'
import { readRecords } from '../src/input/records.js'
import type { Source } from '../src/input/sources.js'

/** One record as written, and the value it must come out as (undefined: malformed, only counted). */
interface Written {
  readonly text: string
  readonly value?: unknown
}

/** Mostly ASCII (most chunks are all ASCII), sometimes any Unicode (a chunk that is not takes the bytes path). */
const text = (maxLength: number, minLength = 0) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
  )
const key = text(6, 1)
const scalar = fc.oneof(
  text(8),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).value
/** Records are objects (a source that starts with `[` is an array of records, not a line). */
const object = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 })
/** What a value reads back as (`-0` is written `0`). */
const read = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

const pretty = (v: unknown, indent: number | string) => JSON.stringify(v, null, indent)
/** Python's `json.dumps(v, indent=0)`: newlines without indentation. */
const unindented = (v: unknown) =>
  JSON.stringify(v, null, 1)
    .split('\n')
    .map((line) => line.replace(/^ +/, ''))
    .join('\n')

/** A compact record made malformed without a newline and without looking like a continuation line. */
const broken = fc
  .tuple(object, fc.nat(), fc.constantFrom('cut', 'garbage', 'drop'))
  .map(([v, at, how]): Written => {
    const text = JSON.stringify(v)
    const i = 1 + (at % (text.length - 1))
    if (how === 'cut') return { text: text.slice(0, i) }
    if (how === 'garbage') return { text: `${text.slice(0, i)}\u0007#${text.slice(i)}` }
    return { text: text.slice(0, i) + text.slice(i + 1) }
  })

const garbage = fc
  .string({ minLength: 1, maxLength: 30 })
  .map((s) => s.replace(/[\r\n]/g, ''))
  .filter((s) => s.trim() !== '' && !/^[\s}\]"[]/.test(s))
  .map((text): Written => ({ text }))

/**
 * Where a written record holds a byte that is not UTF-8 (0xFF): the text keeps this character in its place, and
 * `bytesOf` writes the byte (so a generated record never holds the character itself: it is a private-use one).
 */
const NOT_UTF8 = '\uE000'
const bytesOf = (text: string) =>
  Buffer.concat(
    text
      .split(NOT_UTF8)
      .flatMap((part, i) => (i === 0 ? [] : [Buffer.from([0xff])]).concat(Buffer.from(part))),
  )

/** An indented document cut off anywhere (a writer killed, then another one), followed by other records. */
const cutPretty = fc
  .tuple(object, fc.constantFrom<number | string>(2, '\t'), fc.nat())
  .map(([v, indent, at]): Written => {
    const full = pretty(v, indent)
    return { text: full.slice(0, 1 + (at % (full.length - 1))).replace(/\s+$/, '') }
  })

/** A document (indented or not) with a byte that is not UTF-8 just after one of its quotes: one malformed record. */
const notUtf8Document = fc.tuple(object, fc.boolean(), fc.nat()).map(([v, indented, at]): Written => {
  const full = indented ? pretty(v, 2) : unindented(v)
  const quotes = [...full.matchAll(/"/g)].map((match) => match.index!)
  const after = quotes[at % quotes.length]! + 1
  return { text: `${full.slice(0, after)}${NOT_UTF8}${full.slice(after)}` }
})

const line: fc.Arbitrary<Written> = fc.oneof(
  object.map((v) => ({ text: JSON.stringify(v), value: read(v) })),
  fc
    .tuple(object, fc.constantFrom<number | string>(2, 4, '\t'))
    .map(([v, indent]) => ({ text: pretty(v, indent), value: read(v) })),
  object.map((v) => ({ text: unindented(v), value: read(v) })),
  broken,
  garbage,
  cutPretty,
  notUtf8Document,
)

interface Shaped {
  readonly text: string
  readonly records: readonly Written[]
}

/** Records one per line (or per pretty-printed document), blank lines between some, the last one maybe cut. */
const lineSource: fc.Arbitrary<Shaped> = fc
  .tuple(
    fc.array(line, { minLength: 1, maxLength: 12 }),
    fc.array(fc.boolean(), { maxLength: 12 }),
    fc.option(fc.nat()),
  )
  .map(([records, blanks, cutLast]) => {
    let list = records
    if (cutLast !== null) {
      // The input may end anywhere inside its last record (a killed writer).
      const last = list[list.length - 1]!
      const at = 1 + (cutLast % Math.max(1, last.text.length - 1))
      const text = last.text.slice(0, at).replace(/\s+$/, '')
      if (text !== '') list = [...list.slice(0, -1), text === last.text ? last : { text }]
    }
    const text = list.map((r, i) => `${r.text}\n${blanks[i] ? '\n' : ''}`).join('')
    return { text, records: list }
  })

/** A JSON array of records: any JSON values, compact or pretty, some elements malformed but balanced. */
const arraySource: fc.Arbitrary<Shaped> = fc
  .array(
    fc.oneof(
      value.map((v): Written => ({ text: JSON.stringify(v), value: read(v) })),
      object.map((v): Written => ({ text: pretty(v, 2), value: read(v) })),
      fc.constantFrom<Written>(
        { text: '{"a": tru}' },
        { text: '[1, 2,]' },
        { text: '{"a" 1}' },
        { text: 'nul' },
      ),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((records) => ({ text: `[\n${records.map((r) => r.text).join(',\n')}\n]\n`, records }))

const source = fc
  .tuple(fc.oneof(lineSource, arraySource), fc.boolean(), fc.boolean())
  .map(([shaped, crlf, bom]) => ({
    records: shaped.records,
    bytes: bytesOf(`${bom ? '\uFEFF' : ''}${crlf ? shaped.text.replace(/\n/g, '\r\n') : shaped.text}`),
  }))

/** The bytes cut into chunks at the given fractions. */
function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let from = 0
  for (const to of at) {
    chunks.push(bytes.subarray(from, to))
    from = to
  }
  chunks.push(bytes.subarray(from))
  return chunks
}

function sourceOf(name: string, chunks: readonly Buffer[]): Source {
  return {
    name,
    size: undefined,
    async *open() {
      yield* chunks
    },
  }
}

describe('--input auto loses no record, whatever the shape', () => {
  it('hands over one record or one malformed report per record written, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(source, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 })), {
          minLength: 1,
          maxLength: 3,
        }),
        async (sources) => {
          const seen: { value?: unknown; malformed?: string }[] = []
          const handler: RecordHandler = {
            record(text) {
              let parsed: unknown
              try {
                parsed = JSON.parse(text)
              } catch {
                seen.push({ malformed: text })
                return
              }
              seen.push({ value: parsed })
            },
            malformed(_line, message) {
              seen.push({ malformed: message })
            },
          }
          await readRecords(
            sources.map(([s, cuts], i) => sourceOf(`s${i}`, chunked(s.bytes, cuts))),
            { input: 'auto', maxRecordBytes: 1 << 20 },
            handler,
          )
          const written = sources.flatMap(([s]) => s.records)
          expect(seen.length).toBe(written.length)
          written.forEach((record, i) => {
            if (record.value !== undefined) expect(seen[i]).toEqual({ value: record.value })
          })
        },
      ),
      { numRuns: 1500 },
    )
  })
})

describe('reading waits while the output is congested, and loses nothing by it', () => {
  it('hands over the same records with the same lines, none while it waits', async () => {
    await fc.assert(
      fc.asyncProperty(
        source,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        async (s, cuts, pattern) => {
          /** Every record and malformed report with its line, as a reader hands them over. */
          const read = async (flow?: OutputFlow) => {
            const seen: string[] = []
            const handler: RecordHandler = {
              record(text, line) {
                if (waiting) throw new Error(`record on line ${line} handed over while the output drains`)
                seen.push(`${line}: ${text}`)
              },
              malformed(line, message) {
                if (waiting) throw new Error(`line ${line} reported while the output drains`)
                seen.push(`${line}: malformed: ${message}`)
              },
            }
            await readRecords(
              [sourceOf('s', chunked(s.bytes, cuts))],
              { input: 'auto', maxRecordBytes: 1 << 20, flow },
              handler,
            )
            return seen
          }
          let waiting = false
          let checks = 0
          let waits = 0
          // Congested after some records (the pattern, cycled), drained a few ticks later.
          const flow: OutputFlow = {
            congested: () => pattern[checks++ % pattern.length]!,
            drained() {
              waits++
              waiting = true
              return new Promise((resolve) =>
                setImmediate(() => {
                  waiting = false
                  resolve()
                }),
              )
            },
          }
          expect(await read(flow)).toEqual(await read())
          // Always congested, in one chunk of two records or more: it waited.
          if (cuts.length === 0 && pattern.every(Boolean) && s.records.length >= 2)
            expect(waits).toBeGreaterThan(0)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
