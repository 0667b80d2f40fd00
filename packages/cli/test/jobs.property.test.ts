/**
 * `validate --jobs N`, `detect --jobs N`, `convert --jobs N` and `claims --jobs N` say exactly what `--jobs 1`
 * says: the same stdout (text or JSON report, the detected models, or the converted documents), the same stderr (report, losses, failures, with
 * every record's number, line and source), the same losses file and the same exit status, for generated
 * NDJSON that mixes valid, invalid and malformed records, blank lines, CRLF, a BOM, lines that are not
 * UTF-8, pretty-printed documents, lines over 1 MiB and lines over the record size limit, cut into tiny
 * parts so that records straddle every kind of part boundary.
 */

import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cli, example, INVALID_SESSION, scratch, VALID_SESSION } from './helpers.js'

const tmp = scratch()

const XIQ = example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json')
const NITRO = example('netscaler/examples/valid/mpssession.Response/get-all.json')
/**
 * A valid session of 1.5 MiB (a long string): read on the main thread (no boundary within 1 MiB), and
 * malformed in the runs that set a 1 MiB limit.
 */
const HUGE = VALID_SESSION.replace('"Status"', `"Name":"${'x'.repeat(1536 * 1024)}","Status"`)

const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(VALID_SESSION, XIQ, NITRO) },
  { weight: 3, arbitrary: fc.constantFrom(INVALID_SESSION, '{"Status":"Active"}', '[1,2]', '{}') },
  // Malformed: cut off, garbage, a bare word.
  { weight: 2, arbitrary: fc.constantFrom(VALID_SESSION.slice(0, 40), '{"a":1}}', 'nope', '{"a":') },
  { weight: 2, arbitrary: fc.constantFrom('', '   ', '\t', '\u00a0') },
  // A pretty-printed document: joined into one record by --input auto, a malformed line each by ndjson.
  {
    weight: 1,
    arbitrary: fc.constantFrom(JSON.stringify(JSON.parse(VALID_SESSION), null, 2), '{\n  "a": [\n1,'),
  },
  { weight: 1, arbitrary: fc.constant(HUGE) },
  // A line that is not UTF-8 (it sends its whole read down the splitter's byte-by-byte path).
  { weight: 1, arbitrary: fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])) },
)

const input = fc
  .record({
    lines: fc.array(fc.tuple(line, fc.boolean()), { maxLength: 40 }),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ lines, bom, finalNewline }) => {
    const parts: Buffer[] = bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : []
    lines.forEach(([text, crlf], i) => {
      parts.push(Buffer.from(text))
      if (i < lines.length - 1 || finalNewline) parts.push(Buffer.from(crlf ? '\r\n' : '\n'))
    })
    return Buffer.concat(parts)
  })

const run = fc.record({
  jobs: fc.constantFrom(2, 3),
  partSize: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 200_000 })),
  model: fc.constantFrom('auto', 'intersight/iam.Session'),
  format: fc.constantFrom('text', 'json'),
  level: fc.constantFrom([], ['--quiet'], ['--summary']),
  input: fc.constantFrom('auto', 'ndjson'),
  /** Under HUGE's size: such a line is malformed. (Any line over 1 MiB is read on the main thread.) */
  limit: fc.constantFrom([], ['--max-record-size', '1MiB']),
  /** Two files, or stdin. */
  files: fc.boolean(),
  /** An invalid record's report is worded (and coloured) on the workers. */
  color: fc.boolean(),
})

/** How a run is split: threads, part size, two files or stdin, colours. */
interface Split {
  readonly jobs: number
  readonly partSize: number
  readonly files: boolean
  readonly color: boolean
}

let inputs = 0

/** `args` run with `--jobs 1` and with `--jobs N` in parts of `partSize`, on two files (or stdin: `first`). */
async function oneAndMany(args: readonly string[], split: Split, first: Buffer, second: Buffer) {
  const run = inputs++
  const files = split.files
    ? [tmp.file(`in-${run}-a.ndjson`, first), tmp.file(`in-${run}-b.ndjson`, second)]
    : []
  const input = split.files ? undefined : first
  const env = split.color ? { FORCE_COLOR: '1' } : {}
  const one = await cli([...args, '--jobs', '1', ...files], { input, env })
  const many = await cli(
    [...args, '--jobs', String(split.jobs), '--job-part-size', String(split.partSize), ...files],
    { input, env },
  )
  return { one, many }
}

describe('validate --jobs N', () => {
  it('says exactly what --jobs 1 says, for any NDJSON and any cut into parts', async () => {
    await fc.assert(
      fc.asyncProperty(input, input, run, async (first, second, options) => {
        const args = [
          'validate',
          '--model',
          options.model,
          '--format',
          options.format,
          '--input',
          options.input,
          ...options.level,
          ...options.limit,
        ]
        const { one, many } = await oneAndMany(args, options, first, second)
        expect(one.stderr).not.toMatch(/internal error/)
        expect(many).toEqual(one)
      }),
      { numRuns: 40 },
    )
  }, 240_000)
})

/** Sessions of every vendor, lists and envelopes of them, and records that fail to convert. */
const SESSIONS = [
  VALID_SESSION,
  XIQ,
  NITRO,
  example('intersight/examples/valid/iam.Session.List/full-current.json'),
  example('intersight/examples/valid/iam.Session.List/empty-results.json'),
  example('vsphere/examples/valid/vim25.UserSession/full-current.json'),
  example('vsphere/examples/valid/vim25.SessionManager.currentSession/null.json'),
  example('vsphere/examples/valid/cis.Session.Info/full-current.json'),
  example('netscaler/examples/valid/login.Response/error-login-failed.json'),
]

const sessionLine = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...SESSIONS) },
  { weight: 4, arbitrary: line },
)

const sessionInput = fc
  .array(fc.tuple(sessionLine, fc.boolean()), { maxLength: 30 })
  .map((lines) =>
    Buffer.concat(lines.flatMap(([text, crlf]) => [Buffer.from(text), Buffer.from(crlf ? '\r\n' : '\n')])),
  )

const conversion = fc.record({
  command: fc.constantFrom(
    ['convert', '--to', 'common/Session'],
    ['convert', '--to', 'ocsf'],
    ['convert', '--to', 'intersight/iam.Session', '--default', 'Moid=000000000000000000000000'],
    ['convert', '--to', 'common/Session', '--include-secrets', '--reference-time', '2024-05-01T12:00:00Z'],
    ['claims', '--issuer', 'https://example.com'],
  ),
  from: fc.constantFrom('auto', 'intersight/iam.Session'),
  jobs: fc.constantFrom(2, 3),
  partSize: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 200_000 })),
  format: fc.constantFrom('text', 'json'),
  level: fc.constantFrom([], ['--quiet'], ['--summary'], ['--no-losses'], ['--losses']),
  input: fc.constantFrom('auto', 'ndjson'),
  limit: fc.constantFrom([], ['--max-record-size', '1MiB']),
  files: fc.boolean(),
})

describe('convert and claims --jobs N', () => {
  it('say exactly what --jobs 1 says, for any NDJSON and any cut into parts', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(sessionInput, sessionInput, conversion, async (first, second, options) => {
        const run = n++
        const losses = (jobs: number) =>
          options.level[0] === '--losses' ? ['--losses', `${tmp.dir}/losses-${run}-${jobs}.ndjson`] : []
        const args = (jobs: number) => [
          ...options.command,
          '--from',
          options.from,
          '--format',
          options.format,
          '--input',
          options.input,
          ...(options.level[0] === '--losses' ? losses(jobs) : options.level),
          ...options.limit,
          '--jobs',
          String(jobs),
          ...(jobs > 1 ? ['--job-part-size', String(options.partSize)] : []),
        ]
        const files = options.files
          ? [tmp.file(`c${run}.ndjson`, first), tmp.file(`d${run}.ndjson`, second)]
          : []
        const stdin = options.files ? undefined : first
        const one = await cli([...args(1), ...files], { input: stdin })
        const many = await cli([...args(options.jobs), ...files], { input: stdin })
        expect(one.stderr).not.toMatch(/internal error/)
        expect(many.stdout).toEqual(one.stdout)
        expect(many.stderr.replaceAll(`-${options.jobs}.ndjson`, '-1.ndjson')).toEqual(one.stderr)
        expect(many.code).toEqual(one.code)
        if (options.level[0] === '--losses')
          expect(readFileSync(losses(options.jobs)[1]!, 'utf8')).toEqual(readFileSync(losses(1)[1]!, 'utf8'))
      }),
      { numRuns: 40 },
    )
  }, 240_000)
})

const detection = fc.record({
  jobs: fc.constantFrom(2, 3),
  partSize: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 200_000 })),
  format: fc.constantFrom('text', 'json'),
  input: fc.constantFrom('auto', 'ndjson'),
  limit: fc.constantFrom([], ['--max-record-size', '1MiB']),
  files: fc.boolean(),
  /** Colours are chosen on the main thread, which has the terminal, and painted on the workers. */
  color: fc.boolean(),
})

describe('detect --jobs N', () => {
  it('says exactly what --jobs 1 says, for any NDJSON and any cut into parts', async () => {
    await fc.assert(
      fc.asyncProperty(sessionInput, sessionInput, detection, async (first, second, options) => {
        const args = ['detect', '--format', options.format, '--input', options.input, ...options.limit]
        const { one, many } = await oneAndMany(args, options, first, second)
        expect(many).toEqual(one)
      }),
      { numRuns: 40 },
    )
  }, 240_000)
})
