/** `validate` end to end: the built CLI on files and stdin, its exit status, its reports. */
import { describe, expect, it } from 'vitest'
import { colorEnabled } from '../src/output/style.js'
import { cli, example, INVALID_SESSION, type Report, scratch, VALID_SESSION } from './helpers.js'

const tmp = scratch()
const model = ['--model', 'intersight/iam.Session']
const json = ['--format', 'json']

async function report(
  args: readonly string[],
  input?: string | Buffer,
): Promise<{ code: number | null; report: Report; stderr: string }> {
  const result = await cli(['validate', ...args, ...json], input === undefined ? {} : { input })
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr }
}

describe('validate: verdicts and exit status', () => {
  it('exits 0 and says valid when every record is valid', async () => {
    const file = tmp.file('valid.ndjson', `${VALID_SESSION}\n${VALID_SESSION}\n`)
    const result = await cli(['validate', ...model, file])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${file}: valid (2 records: 2 valid)\n`)
    expect(result.stderr).toBe('')
  })

  it('exits 1 and groups the issues per record when one is invalid', async () => {
    const file = tmp.file('invalid.ndjson', `${VALID_SESSION}\n${INVALID_SESSION}\n`)
    const result = await cli(['validate', ...model, file])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`${file}:2  record 2  invalid (as intersight/iam.Session)\n`)
    expect(result.stdout).toMatch(
      /^ {4}\/Status {2}enum {2}must be one of "Active", "Ended", "Terminated"; got "Expired"$/m,
    )
    expect(result.stdout).toContain(`${file}: invalid (2 records: 1 valid, 1 invalid)`)
  })

  it('prints the JSON report with exactly the contract keys', async () => {
    const { code, report: r } = await report(model, `${VALID_SESSION}\n${INVALID_SESSION}\n`)
    expect(code).toBe(1)
    expect(Object.keys(r).sort()).toEqual(['invalid', 'issues', 'malformed', 'model', 'total', 'valid'])
    expect(r).toEqual({
      model: 'intersight/iam.Session',
      total: 2,
      valid: 1,
      invalid: 1,
      malformed: 0,
      issues: [
        {
          source: '-',
          record: 2,
          line: 2,
          model: 'intersight/iam.Session',
          path: '/Status',
          keyword: 'enum',
          message: expect.stringContaining('"Expired"'),
        },
      ],
    })
  })

  it('reports a malformed line with its number and reads on: no record is lost', async () => {
    const input = [
      VALID_SESSION,
      '{"ClassId": "iam.Session",',
      INVALID_SESSION,
      'not json at all',
      VALID_SESSION,
    ].join('\n')
    const { code, report: r } = await report(model, `${input}\n`)
    expect(code).toBe(1)
    expect(r).toMatchObject({ total: 5, valid: 2, invalid: 1, malformed: 2 })
    expect(r.issues.map((issue) => [issue.record, issue.line, issue.keyword])).toEqual([
      [2, 2, 'json'],
      [3, 3, 'enum'],
      [4, 4, 'json'],
    ])
    expect(r.issues[0]!.message).toMatch(/\(line 2, column \d+\)$/)
  })

  it('takes a BOM, CRLF line ends, blank lines and no final newline', async () => {
    const input = `\ufeff${VALID_SESSION}\r\n\r\n   \r\n${INVALID_SESSION}\r\n\n${VALID_SESSION}`
    const { code, report: r } = await report(model, input)
    expect(code).toBe(1)
    expect(r).toMatchObject({ total: 3, valid: 2, invalid: 1, malformed: 0 })
    expect(r.issues.map((issue) => issue.line)).toEqual([4])
  })

  it('fails an empty input (exit 1, with a message) unless --allow-empty, from stdin and from a file', async () => {
    const empty = await report(model, '')
    expect(empty.code).toBe(1)
    expect(empty.report).toMatchObject({ total: 0, valid: 0, invalid: 0, malformed: 0, issues: [] })
    const file = tmp.file('empty.json', '\n\n')
    const result = await cli(['validate', ...model, file])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(`${file}: no records\n`)
    expect(result.stderr).toMatch(/no records in the input.*--allow-empty/)
    const allowed = await cli(['validate', ...model, '--allow-empty', file])
    expect(allowed).toMatchObject({ code: 0, stderr: '' })
    const bom = await cli(['validate', ...model], { input: '\uFEFF\r\n' })
    expect(bom.code).toBe(1)
  })

  it('reports a line that is not UTF-8 as malformed and keeps its neighbours', async () => {
    const input = Buffer.concat([
      Buffer.from(`${VALID_SESSION}\n{"ClassId":"iam.Session","ObjectType":"iam.Session","Role":"`),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(`"}\n${VALID_SESSION}\n`),
    ])
    const { code, report: r } = await report(model, input)
    expect(code).toBe(1)
    expect(r).toMatchObject({ total: 3, valid: 2, malformed: 1 })
    expect(r.issues).toEqual([
      {
        source: '-',
        record: 2,
        line: 2,
        model: null,
        path: '',
        keyword: 'json',
        message: 'the line is not valid UTF-8',
      },
    ])
  })

  it('reports NUL bytes as malformed', async () => {
    const { report: r } = await report(model, `${VALID_SESSION}\n{"ClassId":\u0000"iam.Session"}\n\u0000\n`)
    expect(r).toMatchObject({ total: 3, valid: 1, malformed: 2 })
    expect(r.issues.map((issue) => issue.line)).toEqual([2, 3])
  })

  it('reports a truncated last line as malformed, with its line number', async () => {
    const { code, report: r } = await report(model, `${VALID_SESSION}\n${VALID_SESSION}\n{"ClassId":"iam.Ses`)
    expect(code).toBe(1)
    expect(r).toMatchObject({ total: 3, valid: 2, malformed: 1 })
    expect(r.issues[0]).toMatchObject({ record: 3, line: 3, keyword: 'json' })
  })
})

describe('validate: JSON documents and arrays', () => {
  it('reads a pretty-printed document as one record', async () => {
    const file = tmp.file('one.json', JSON.stringify(JSON.parse(VALID_SESSION), null, 2))
    const { code, report: r } = await report([...model, file])
    expect(code).toBe(0)
    expect(r).toMatchObject({ total: 1, valid: 1 })
  })

  it('reads a top-level array record by record, each with the line it starts on', async () => {
    const array = `[\n  ${VALID_SESSION},\n  ${INVALID_SESSION},\n  {"ClassId": oops},\n  ${VALID_SESSION}\n]\n`
    const { code, report: r } = await report(model, array)
    expect(code).toBe(1)
    expect(r).toMatchObject({ total: 4, valid: 2, invalid: 1, malformed: 1 })
    expect(r.issues.map((issue) => [issue.record, issue.line, issue.keyword])).toEqual([
      [2, 3, 'enum'],
      [3, 4, 'json'],
    ])
  })

  it('reports an array that is cut off, and a missing comma, without losing the records before', async () => {
    const { report: cut } = await report(model, `[${VALID_SESSION},${VALID_SESSION},{"ClassId":"iam`)
    expect(cut).toMatchObject({ total: 4, valid: 2, malformed: 2 })
    const { report: comma } = await report(model, `[${VALID_SESSION} ${VALID_SESSION}]`)
    expect(comma).toMatchObject({ total: 2, valid: 1, malformed: 1 })
    expect(comma.issues[0]!.message).toMatch(/comma is missing/)
  })

  it('reads several concatenated documents (cat a.json b.json)', async () => {
    const doc = JSON.stringify(JSON.parse(VALID_SESSION), null, 2)
    const { report: r } = await report(model, `${doc}\n${doc}\n`)
    expect(r).toMatchObject({ total: 2, valid: 2 })
  })

  it('obeys --input: ndjson reads an array line as one record, json reads lines as documents', async () => {
    const { report: asLine } = await report([...model, '--input', 'ndjson'], `[${VALID_SESSION}]\n`)
    expect(asLine).toMatchObject({ total: 1, invalid: 1 })
    const { report: asDocuments } = await report(
      [...model, '--input', 'json'],
      `${VALID_SESSION}\n${VALID_SESSION}\n`,
    )
    expect(asDocuments).toMatchObject({ total: 2, valid: 2 })
  })

  it('reads an NDJSON stream whose first lines are malformed as NDJSON', async () => {
    const { report: r } = await report(model, `{"ClassId":\n${VALID_SESSION}\n${VALID_SESSION}\n`)
    expect(r).toMatchObject({ total: 3, valid: 2, malformed: 1 })
    const cut = '{"ClassId":"iam.Session","Obj'
    const { report: two } = await report(model, `${cut}\n${cut}\n${VALID_SESSION}\n`)
    expect(two).toMatchObject({ total: 3, valid: 1, malformed: 2 })
  })

  it('counts a record over --max-record-size as malformed', async () => {
    const big = `{"ClassId":"iam.Session","ObjectType":"iam.Session","Role":"${'x'.repeat(5000)}"}`
    const { report: r } = await report(
      [...model, '--max-record-size', '4KiB'],
      `${VALID_SESSION}\n${big}\n${VALID_SESSION}\n`,
    )
    expect(r).toMatchObject({ total: 3, valid: 2, malformed: 1 })
    expect(r.issues[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('larger than the record size limit'),
    })
  })
})

describe('validate: --model auto, files, usage errors', () => {
  it('validates each record against its detected model', async () => {
    const input = [
      example('intersight/examples/valid/iam.Session/select-subset.json'),
      example('netscaler/examples/valid/mpssession.Response/get-all.json'),
      'null',
      '{"foo":1}',
      example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json'),
    ].join('\n')
    const { code, report: r } = await report(['--model', 'auto'], input)
    expect(code).toBe(1)
    expect(r).toMatchObject({ model: 'auto', total: 5, valid: 4, invalid: 1 })
    expect(r.issues).toEqual([
      {
        source: '-',
        record: 4,
        line: 4,
        model: 'unknown',
        path: '',
        keyword: 'model',
        message: expect.stringMatching(/^unknown: no model declares/),
      },
    ])
  })

  it('numbers records across files and lines within each file', async () => {
    const a = tmp.file('a.ndjson', `${VALID_SESSION}\n${INVALID_SESSION}\n`)
    const b = tmp.file('b.ndjson', `${INVALID_SESSION}\n`)
    const result = await cli(['validate', ...model, a, b])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`${a}:2  record 2  invalid`)
    expect(result.stdout).toContain(`${b}:1  record 3  invalid`)
    expect(result.stdout).toContain('total: invalid (3 records: 1 valid, 2 invalid)')
  })

  it('exits 2 for a missing file, a directory, or a file among good ones, before any output', async () => {
    const good = tmp.file('good.ndjson', `${VALID_SESSION}\n`)
    for (const args of [[tmp.dir], ['/no/such/file.json'], [good, '/no/such/file.json']]) {
      const result = await cli(['validate', ...model, ...args])
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^session-schemas: cannot read .*(no such file|it is a directory)\n$/)
    }
  })

  it('exits 2 for an unknown model, and suggests close ids', async () => {
    const result = await cli(['validate', '--model', 'intersight/iam.session'], { input: VALID_SESSION })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'unknown model id "intersight/iam.session"; did you mean intersight/iam.Session',
    )
  })

  it('exits 2 without --model, or with a bad --format', async () => {
    expect((await cli(['validate'], { input: VALID_SESSION })).code).toBe(2)
    const result = await cli(['validate', ...model, '--format', 'xml'], { input: VALID_SESSION })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Allowed choices are text, json/)
  })
})

describe('validate: colour only for people', () => {
  it('colours with FORCE_COLOR, never with NO_COLOR, and not in pipes', async () => {
    const input = `${INVALID_SESSION}\n`
    const plain = await cli(['validate', ...model], { input })
    expect(plain.stdout).not.toContain('\u001b[')
    const forced = await cli(['validate', ...model], { input, env: { FORCE_COLOR: '1' } })
    expect(forced.stdout).toContain('\u001b[31minvalid\u001b[39m')
    const vetoed = await cli(['validate', ...model], { input, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })
    expect(vetoed.stdout).toBe(plain.stdout)
  })

  it('takes FORCE_COLOR=0 (or false) as no, even on a terminal, as Node does', () => {
    for (const value of ['0', 'false'])
      expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: value })).toBe(false)
    expect(colorEnabled({ isTTY: true }, {})).toBe(true)
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false)
  })
})
