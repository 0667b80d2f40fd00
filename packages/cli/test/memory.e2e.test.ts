/**
 * Bounded memory for any input with the default limits: records just under the default 8 MiB limit, each
 * built to blow up one stage (parsing, exact int64 re-reading, syntax errors, the explaining evaluator,
 * detection, conversion), one after another in one stream, through every command, its output into a pipe.
 * The bound is SECURITY.md's: peak RSS under 150 MB. A record too costly to parse is refused as malformed,
 * not parsed.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { bin, example, root, scratch } from './helpers.js'

const tmp = scratch()
const MAX_RSS_KIB = 150 * 1024
/** Just under the default --max-record-size (8 MiB), leaving room for the record's frame. */
const SIZE = 8 * 1024 * 1024 - 4096

const repeat = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / unit.length))
const list = (unit: string, bytes: number) => {
  const n = Math.floor(bytes / (unit.length + 1))
  return `${`${unit},`.repeat(n - 1)}${unit}`
}
const session = (extra: string) => `{"ClassId":"iam.Session","ObjectType":"iam.Session",${extra}}`

/** The hostile records, one per file, each with one ordinary record after it (which must still be read). */
const RECORDS: Readonly<Record<string, string>> = {
  'millions of empty objects': session(`"Ancestors":[${list('{}', SIZE)}]`),
  'millions of empty arrays': session(`"Tags":[${list('[]', SIZE)}]`),
  'a million one-member objects': session(`"Ancestors":[${list('{"a":1}', SIZE)}]`),
  'deeply nested objects': session(
    `"x":${repeat('{"a":', SIZE / 2)}1${'}'.repeat(Math.floor(SIZE / 2 / 5))}`,
  ),
  'a malformed line': `{"a":${list('1', SIZE)}`,
  'one integer beyond 2^53 among millions of numbers': session(
    `"FailedLogins":9007199254740993,"x":[${list('1', SIZE)}]`,
  ),
  'many integers beyond 2^53': session(`"x":[${list('9007199254740993', SIZE)}]`),
  'a wide object': `{${Array.from({ length: 400_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
  'many invalid items': session(`"Ancestors":[${list('{"ClassId":1}', SIZE)}]`),
  'a long string': session(`"UserIdOrEmail":"${'x'.repeat(SIZE)}"`),
  'a million short strings': session(`"x":[${list('"abcd"', SIZE)}]`),
  'millions of small numbers': session(`"x":[${list('1', SIZE)}]`),
  'millions of fractions': session(`"x":[${list('1.5', SIZE)}]`),
  'many secret-named drift keys': `{"username":"a","x":[${list('{"Token":"s"}', SIZE)}]}`,
}

/** An ordinary record, last in every stream: it must still be read. */
const ORDINARY = example('intersight/examples/valid/iam.Session/select-subset.json').replace(/\s*\n\s*/g, '')

/**
 * The hostile records one after another in one stream, then the long string again eight times (large records
 * in a row: each one's garbage must be collected before the next one is parsed, or the peak is two records'
 * worth, 195-235 MB before the CLI collected it), then the ordinary record.
 */
const STREAM = [...Object.values(RECORDS), ...Array<string>(8).fill(RECORDS['a long string']!), ORDINARY]
const ndjson = tmp.file('hostile.ndjson', `${STREAM.join('\n')}\n`)
/** The long string eight times as a JSON array, then the ordinary record: read record by record too. */
const ARRAY = [...Array<string>(8).fill(RECORDS['a long string']!), ORDINARY]
const array = tmp.file('long-strings.json', `[${ARRAY.join(',\n')}]\n`)

/** How much of each end of an output a test keeps (a report can be hundreds of MB). */
const END_BYTES = 64 * 1024

/**
 * The first and last END_BYTES of a stream's output, joined by `\n…\n` when the middle is left out. This
 * process keeps no more: a test runner that holds hundreds of MB swells the peak its children report
 * where they report `maxRSS` (getrusage keeps it across exec).
 */
function ends(stream: NodeJS.ReadableStream): () => string {
  let head = Buffer.alloc(0)
  let tail = Buffer.alloc(0)
  let total = 0
  stream.on('data', (chunk: Buffer) => {
    total += chunk.length
    if (head.length < END_BYTES) head = Buffer.concat([head, chunk]).subarray(0, END_BYTES)
    tail = Buffer.concat([tail, chunk])
    if (tail.length > END_BYTES) tail = Buffer.from(tail.subarray(-END_BYTES))
  })
  return () =>
    total <= END_BYTES ? head.toString('utf8') : `${head.toString('utf8')}\n…\n${tail.toString('utf8')}`
}

/** Runs the CLI on `file`, its stdout a pipe that is read as fast as it comes. */
async function run(args: readonly string[], file: string) {
  const child = spawn(process.execPath, [bin, ...args, file], {
    cwd: root,
    env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout = ends(child.stdout)
  const stderr = ends(child.stderr)
  const [code] = (await once(child, 'close')) as [number | null]
  const match = /session-schemas: maxRSS (\d+) KiB/.exec(stderr())
  if (!match) throw new Error(`no maxRSS report (status ${code}): ${stderr().slice(0, 500)}`)
  return { code, stdout: stdout(), stderr: stderr(), maxRssKiB: Number(match[1]) }
}

/**
 * Real lists near the record size limit, in a row: 7.5 MiB Intersight lists of 1,803 sessions each (the
 * example `full-current` session), converted into a pipe. A list writes megabytes of documents at once, so the
 * conversion waits between two sessions while the output is congested (without: 152 MB for one list, 161 MB for
 * ten, found by a second review).
 */
describe('Intersight lists near 8 MiB in a row', () => {
  const session = JSON.stringify(
    JSON.parse(example('intersight/examples/valid/iam.Session/full-current.json')),
  )
  const count = Math.floor((7.5 * 1024 * 1024) / (session.length + 1))
  const list = `{"ObjectType":"iam.Session.List","Count":${count},"Results":[${Array(count).fill(session).join(',')}]}`
  const lists = tmp.file('lists.ndjson', `${list}\n`.repeat(10))

  it('convert: every session written, peak RSS under 150 MB', async () => {
    const result = await run(['convert', '--from', 'auto', '--to', 'common/Session', '--summary'], lists)
    console.info(
      `convert, 10 lists of ${count} sessions: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`,
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`done: ${10 * count} documents written from 10 records`)
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })

  /**
   * A list of 148,000 tiny sessions (an 8 MiB record): to common/Session each is written, to OCSF each fails (it has no
   * time). Made one at a time (all at once: 161 MB). Failing, each left a few KiB of garbage that V8 promoted, and
   * the heap grew to the end of the record: 243 MB with `--format json`, 157 MB with text, until the heap was looked
   * at between sessions, the record's bytes let go before it is handled, and the errors made without stacks.
   */
  const tiny = '{"ClassId":"iam.Session","ObjectType":"iam.Session"}'
  const many = Math.floor((7.5 * 1024 * 1024) / (tiny.length + 1))
  const tinySessions = tmp.file(
    'tiny-sessions.ndjson',
    `{"ObjectType":"iam.Session.List","Count":${many},"Results":[${Array(many).fill(tiny).join(',')}]}\n`,
  )
  it.each([
    ['common/Session', 'text', `done: ${many} documents written from 1 record`],
    ['ocsf', 'text', `done: 0 documents written from 1 record, 2 losses, ${many} failed`],
    ['ocsf', 'json', `"failed": ${many}`],
  ])(
    'convert --to %s --format %s: a list of 148,000 tiny sessions, under 150 MB',
    async (to, format, done) => {
      const result = await run(['convert', '--from', 'auto', '--to', to, '--format', format], tinySessions)
      console.info(
        `convert --to ${to} --format ${format}, a list of ${many} tiny sessions: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`,
      )
      expect(result.code).toBe(to === 'ocsf' ? 1 : 0)
      expect(result.stderr).toContain(done)
      expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
    },
  )
})

/**
 * Records of tiny objects just under 1 MiB, in a row (a review: 225 MB for validate and detect, 333 MB for convert).
 * Such a record is not measured before it is parsed (it cannot reach the 8 x --max-record-size bound), yet takes
 * 25 MB once parsed: the heap is looked at before a record of 256 KiB or more is parsed, and convert's depth check
 * keeps one entry per open container, not one per object waiting to be looked at.
 */
describe('records of tiny objects just under 1 MiB, in a row', () => {
  const record = `[${Array(346_000).fill('{}').join(',')}]`
  const file = tmp.file('tiny-objects.ndjson', `{}\n${`${record}\n`.repeat(15)}`)

  it.each([
    ['validate', '--model', 'auto', '--summary'],
    ['detect'],
    ['convert', '--from', 'auto', '--to', 'common/Session', '--summary'],
  ])('%s: under 150 MB', async (...args) => {
    const result = await run(args, file)
    console.info(`${args[0]}, 15 records of 346,000 {}: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`)
    expect(result.code).toBe(1)
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })
})

/**
 * Keys that are long and all different (a review found 505 MB for 200 records of one 2 MiB drift key each, and
 * 575 MB for 60 of a 4 MiB key): the answers the CLI remembers for keys (a key's secret-name answer, its
 * folded form for the casing hint) are kept only for short keys.
 */
describe('records whose keys are long and all different', () => {
  const session =
    '"ClassId":"iam.Session","ObjectType":"iam.Session","Moid":"60467a7a6176752d35d3a1b2","Status":"Active","CreateTime":"2024-05-01T12:00:00Z"'
  const key = (i: number) => `k${i}_${'a'.repeat(1024 * 1024)}`
  const lines = (record: (i: number) => string) =>
    Array.from({ length: 120 }, (_, i) => `${record(i)}\n`).join('')

  it('convert: a drift key of 1 MiB in each of 120 sessions, under 150 MB', async () => {
    const file = tmp.file(
      'drift-keys.ndjson',
      lines((i) => `{${session},"${key(i)}":1}`),
    )
    const result = await run(
      ['convert', '--from', 'intersight/iam.Session', '--to', 'common/Session', '--summary'],
      file,
    )
    console.info(
      `convert, 120 distinct 1 MiB drift keys: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`,
    )
    expect(result.stderr).toContain('done: 120 documents written from 120 records')
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })

  it('validate: 120 objects of one 1 MiB key that lack the required ones (casing hints), under 150 MB', async () => {
    const file = tmp.file(
      'long-keys.ndjson',
      lines((i) => `{"${key(i)}":1}`),
    )
    const result = await run(['validate', '--model', 'intersight/iam.Session', '--summary'], file)
    console.info(`validate, 120 distinct 1 MiB keys: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`)
    expect(result.stdout).toContain('120 records: 0 valid, 120 invalid')
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })
})

/**
 * `validate --model auto` does what `detect` and `validate --model X` do (detection, check, errors) and
 * more; `convert` adds the conversion and writing JSON back.
 */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  'validate --model auto': ['validate', '--model', 'auto'],
  // Worker threads: the hostile records are read on the main thread (lines over 1 MiB), never twice over.
  'validate --model auto --jobs 2': ['validate', '--model', 'auto', '--jobs', '2'],
  convert: ['convert', '--from', 'auto', '--to', 'common/Session'],
}

/** Every record was read and counted: the summary's total is the stream's. */
function expectAllRead(command: string, output: string, records: number): void {
  if (command === 'convert') expect(output).toMatch(new RegExp(`documents? written from ${records} records`))
  else expect(output).toMatch(new RegExp(`\\(${records} records: `))
}

describe.concurrent.each(Object.keys(COMMANDS))('%s: peak RSS under 150 MB', (command) => {
  it('for the hostile records and large records in a row, in one NDJSON stream', async () => {
    const result = await run(COMMANDS[command]!, ndjson)
    console.info(
      `${command}, ${STREAM.length} hostile records in a row: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`,
    )
    expect([0, 1], result.stderr.slice(0, 300)).toContain(result.code)
    expect(result.stderr).not.toMatch(/internal error|call stack|heap out of memory/i)
    expectAllRead(command, result.stdout + result.stderr, STREAM.length)
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })

  it('for large records in a row in a JSON array', async () => {
    const result = await run(COMMANDS[command]!, array)
    console.info(
      `${command}, ${ARRAY.length} array elements: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`,
    )
    expect([0, 1], result.stderr.slice(0, 300)).toContain(result.code)
    expect(result.stderr).not.toMatch(/internal error|call stack|heap out of memory/i)
    expectAllRead(command, result.stdout + result.stderr, ARRAY.length)
    expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })
})

/**
 * A report many times its input: 100,000 `{}` records make 137 MB of `validate --format json` issues (seven
 * missing properties each) and 51 MB of text. Into a pipe, what the reader has not taken waits in memory, so
 * reading stops between records while the output is congested (a 64 KiB chunk of input made 11 MB of text
 * at once: 190-250 MB, 340-390 MB for a million records). A JSON report spills to a temporary file as it
 * grows, written at once (written asynchronously, a chunk's 30 MB of report was held: 260-280 MB).
 */
describe('a report hundreds of times its input, into a pipe', () => {
  const records = 100_000
  const empty = tmp.file('empty-objects.ndjson', '{}\n'.repeat(records))
  const convert = ['convert', '--from', 'extremecloudiq/XiqApiTokenInfo', '--to', 'common/Session']
  const validate = ['validate', '--model', 'extremecloudiq/XiqApiTokenInfo']
  const REPORTS: Readonly<Record<string, readonly string[]>> = {
    validate: validate,
    'validate --format json': [...validate, '--format', 'json'],
    convert: convert,
    'convert --format json': [...convert, '--format', 'json'],
  }
  it.concurrent.each(Object.keys(REPORTS))(
    '%s: peak RSS under 150 MB, every record reported',
    async (name) => {
      const result = await run(REPORTS[name]!, empty)
      console.info(`${name}, ${records} records of {}: peak RSS ${(result.maxRssKiB / 1024).toFixed(1)} MiB`)
      expect(result.code).toBe(1)
      if (name === 'validate') {
        expect(result.stdout).toContain(`(${records} records: 0 valid, ${records} invalid)`)
        expect(result.stdout).toContain(`empty-objects.ndjson:${records}  record ${records}  invalid`)
      } else if (name === 'convert') {
        expect(result.stderr).toContain(`from ${records} records`)
        expect(result.stderr).toContain(`empty-objects.ndjson:${records}`)
      } else {
        // The report's counts (at its head) and its last item (at its tail): nothing was lost on the way
        // through the temporary file.
        const report = name.startsWith('validate') ? result.stdout : result.stderr
        const count = name.startsWith('validate') ? 'invalid' : 'failed'
        expect(report).toMatch(new RegExp(`"${count}": ${records},`))
        expect(report).toContain(`"record":${records},"line":${records},`)
      }
      expect(result.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
    },
  )
})
