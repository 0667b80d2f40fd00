/**
 * How much `convert`, `claims` and `validate` report, for pipelines: `--quiet` (only what fails),
 * `--summary` (only the counts), `--losses FILE` / `--no-losses`, and the JSON report's attribution of
 * every item to its source file and model. What goes to stdout never changes with these options.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, openSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, cli, example, INVALID_SESSION, parseJsonLines, root, scratch, spawnCli } from './helpers.js'

const MIXED = path.join(root, 'examples/mixed.ndjson')
const tmp = scratch()
const LOSS_LINE = /^ {4}(redacted|dropped|derived|precision|relative|invalid) +/

interface Item {
  source: string
  record: number
  line: number
  model: string | null
  [key: string]: unknown
}

interface PipelineReport {
  records: number
  outputs: number
  failed: number
  malformed: number
  empty: number
  lossCount: number
  errors?: Item[]
  losses?: Item[]
  notes?: Item[]
}

const convertArgs = ['convert', '--from', 'auto', '--to', 'common/Session']

describe('convert --quiet, --summary, --losses', () => {
  it('--quiet reports only the failures; stdout and the exit status do not change', async () => {
    const full = await cli([...convertArgs, MIXED])
    const quiet = await cli([...convertArgs, '--quiet', MIXED])
    expect(quiet.code).toBe(full.code)
    expect(full.code).toBe(1)
    expect(quiet.stdout).toBe(full.stdout)
    const lines = quiet.stderr.trimEnd().split('\n')
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.filter((line) => LOSS_LINE.test(line))).toEqual([])
    expect(quiet.stderr).not.toContain('done:')
    expect(quiet.stderr).not.toContain('no session (')
    // Every failure of the full run is still there, line for line.
    const failures = full.stderr
      .split('\n')
      .filter((line) => / {2}record \d+ {2}(failed|malformed)\b/.test(line))
    expect(failures.length).toBeGreaterThan(1)
    for (const line of failures) expect(lines).toContain(line)
  })

  it('--summary reports only the counts', async () => {
    const full = await cli([...convertArgs, MIXED])
    const summary = await cli([...convertArgs, '--summary', MIXED])
    expect(summary.code).toBe(1)
    expect(summary.stdout).toBe(full.stdout)
    expect(summary.stderr.trimEnd().split('\n')).toEqual([full.stderr.trimEnd().split('\n').at(-1)])
    expect(summary.stderr).toMatch(/^done: \d+ documents written from 11 records, .*\d+ losses, /)
  })

  it('--quiet and --summary together is a usage error', async () => {
    const result = await cli([...convertArgs, '--quiet', '--summary', MIXED])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
  })

  it('--losses FILE writes every loss there, attributed, and none to stderr', async () => {
    const file = path.join(tmp.dir, 'losses.ndjson')
    const report = await cli([...convertArgs, '--format', 'json', MIXED])
    const expected = (JSON.parse(report.stderr) as PipelineReport).losses!
    const result = await cli([...convertArgs, '--losses', file, MIXED])
    expect(result.stderr.split('\n').filter((line) => LOSS_LINE.test(line))).toEqual([])
    expect(result.stderr).toContain(`${expected.length} losses (in ${file})`)
    const written = parseJsonLines(readFileSync(file, 'utf8')) as Item[]
    expect(written.length).toBeGreaterThan(3)
    expect(written).toEqual(expected)
    for (const loss of written) {
      expect(loss).toMatchObject({ source: MIXED, to: 'common/Session' })
      expect(Object.keys(loss).slice(0, 5)).toEqual(['source', 'record', 'line', 'model', 'to'])
      expect(loss.model).toMatch(/^[a-z]+\/\S+$/)
    }
  })

  it('--losses with --quiet still writes the file: it was asked for by name', async () => {
    const file = path.join(tmp.dir, 'quiet-losses.ndjson')
    const result = await cli([...convertArgs, '--quiet', '--losses', file, MIXED])
    expect(result.code).toBe(1)
    expect(parseJsonLines(readFileSync(file, 'utf8')).length).toBeGreaterThan(3)
  })

  it('--no-losses leaves them out of the JSON report, and still counts them', async () => {
    const with_ = JSON.parse(
      (await cli([...convertArgs, '--format', 'json', MIXED])).stderr,
    ) as PipelineReport
    const without = JSON.parse(
      (await cli([...convertArgs, '--format', 'json', '--no-losses', MIXED])).stderr,
    ) as PipelineReport
    expect(with_.lossCount).toBe(with_.losses!.length)
    expect(without.lossCount).toBe(with_.lossCount)
    expect(without).not.toHaveProperty('losses')
    expect(without.errors).toEqual(with_.errors)
  })

  it('--losses never empties an input: the same path, a link to it, or stdin redirected from it (exit 2)', async () => {
    const text = readFileSync(path.join(root, 'examples/netscaler/mpssession.json'), 'utf8')
    for (const command of [convertArgs, ['claims', '--from', 'auto']]) {
      const input = tmp.file('same.json', text)
      const link = path.join(tmp.dir, `link-${command[0]}.json`)
      symlinkSync(input, link)
      for (const losses of [input, link]) {
        const result = await spawnCli([...command, '--losses', losses, input])
        expect(result.code).toBe(2)
        expect(result.stderr).toContain(`--losses: ${losses} is also an input (${input})`)
        expect(readFileSync(input, 'utf8')).toBe(text)
      }
      const redirected = spawnSync(process.execPath, [bin, ...command, '--losses', input], {
        stdio: [openSync(input, 'r'), 'pipe', 'pipe'],
        encoding: 'utf8',
      })
      expect(redirected.status).toBe(2)
      expect(redirected.stderr).toContain(`--losses: ${input} is also the input on stdin`)
      expect(readFileSync(input, 'utf8')).toBe(text)
    }
  })

  it('--losses never writes over stdout or stderr redirected to the same file, and takes one file (exit 2)', async () => {
    const input = path.join(root, 'examples/netscaler/mpssession.json')
    for (const stream of ['stdout', 'stderr'] as const) {
      const out = path.join(tmp.dir, `redirected-${stream}.ndjson`)
      const fd = openSync(out, 'w')
      const result = spawnSync(process.execPath, [bin, ...convertArgs, '--losses', out, input], {
        stdio: stream === 'stdout' ? ['ignore', fd, 'pipe'] : ['ignore', 'pipe', fd],
        encoding: 'utf8',
      })
      expect(result.status).toBe(2)
      const message = `session-schemas: --losses: ${out} is also where ${stream} goes`
      if (stream === 'stdout') expect(result.stderr).toContain(message)
      else expect(readFileSync(out, 'utf8')).toContain(message)
    }
    const [a, b] = [path.join(tmp.dir, 'a.ndjson'), path.join(tmp.dir, 'b.ndjson')]
    const twice = await cli([...convertArgs, '--losses', a, '--losses', b, input])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain(`is invalid. one file (${a} is given already)`)
    // With --no-losses, in either order (the last one won).
    for (const order of [
      ['--losses', a, '--no-losses'],
      ['--no-losses', '--losses', a],
    ]) {
      const both = await cli([...convertArgs, ...order, input])
      expect(both.code).toBe(2)
      expect(both.stderr).toContain('a file, or --no-losses: not both')
    }
  })

  it('--losses - is refused (it would make a file named "-"; stdout holds the documents)', async () => {
    const result = await cli([...convertArgs, '--losses', '-', MIXED], { cwd: tmp.dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--losses <file>' argument '-' is invalid\. a file name/)
    expect(existsSync(path.join(tmp.dir, '-'))).toBe(false)
  })

  it('a --losses file that cannot be opened fails the run before any input is read (exit 2)', async () => {
    const result = await cli([...convertArgs, '--losses', path.join(tmp.dir, 'missing-dir/l.ndjson'), MIXED])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/--losses: cannot write .*missing-dir\/l\.ndjson: ENOENT/)
  })

  it('a --losses file that cannot be written fails the run (exit 2)', async () => {
    const result = await cli([...convertArgs, '--losses', '/dev/full', MIXED])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/cannot write to \/dev\/full: .*ENOSPC/)
  })

  it('--summary --format json: the counts only', async () => {
    const result = await cli([...convertArgs, '--format', 'json', '--summary', MIXED])
    const report = JSON.parse(result.stderr) as PipelineReport
    expect(Object.keys(report)).toEqual([
      'from',
      'to',
      'records',
      'outputs',
      'failed',
      'malformed',
      'empty',
      'lossCount',
    ])
    expect(report.records).toBe(11)
    expect(report.lossCount).toBeGreaterThan(0)
  })
})

describe('the JSON report attributes every item to its source and model', () => {
  it('items from several files and stdin name the file, the record and the model they came from', async () => {
    const a = tmp.file(
      'a.ndjson',
      `${INVALID_SESSION}\n${example('netscaler/examples/valid/mpssession/full-current.json')}\n`,
    )
    const b = tmp.file('b.ndjson', '{"user_name":\n[]\n')
    const stdin = `${example('vsphere/examples/valid/vim25.SessionManager.currentSession/null.json')}\n`
    const result = await cli([...convertArgs, '--format', 'json', a, '-', b], { input: stdin })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stderr) as PipelineReport
    const brief = (items: Item[] | undefined) =>
      (items ?? []).map((item) => [item.source, item.record, item.line, item.model])
    expect(brief(report.errors)).toEqual([
      [a, 1, 1, 'intersight/iam.Session'],
      [b, 4, 1, null], // malformed: no model
      [b, 5, 2, null], // [] has no model's evidence
    ])
    expect(new Set(brief(report.losses).map((item) => JSON.stringify(item)))).toEqual(
      new Set([JSON.stringify([a, 2, 2, 'netscaler/mpssession'])]),
    )
    expect(brief(report.notes)).toEqual([['-', 3, 1, 'vsphere/vim25.SessionManager.currentSession']])
  })
})

describe('claims shares the reporting options', () => {
  it('--summary and --losses FILE', async () => {
    const file = path.join(tmp.dir, 'claims-losses.ndjson')
    const args = ['claims', '--from', 'auto', '--summary', '--losses', file, MIXED]
    const result = await cli(args)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    const losses = parseJsonLines(readFileSync(file, 'utf8')) as Item[]
    expect(losses.length).toBeGreaterThan(0)
    for (const loss of losses) expect(loss).toMatchObject({ source: MIXED, to: 'jwt/Claims' })
  })
})

describe('validate --quiet and --summary', () => {
  const input = `${INVALID_SESSION}\nnot json\n`
  const model = ['validate', '--model', 'intersight/iam.Session']

  it('--quiet prints the failing records only', async () => {
    const full = await cli([...model, '-'], { input })
    const quiet = await cli([...model, '--quiet', '-'], { input })
    expect(quiet.code).toBe(1)
    expect(full.stdout).toContain('<stdin>: invalid (2 records: 0 valid, 1 invalid, 1 malformed)')
    expect(quiet.stdout).toBe(full.stdout.replace(/<stdin>: invalid \(2 records.*\n$/, ''))
    expect(quiet.stdout).toContain('record 1  invalid')
    expect(quiet.stdout).toContain('record 2  malformed')
  })

  it('--summary prints the verdicts only, per source and in total', async () => {
    const file = tmp.file('two.ndjson', input)
    const result = await cli([...model, '--summary', file, '-'], { input })
    expect(result.code).toBe(1)
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${file}: invalid (2 records: 0 valid, 1 invalid, 1 malformed)`,
      '<stdin>: invalid (2 records: 0 valid, 1 invalid, 1 malformed)',
      'total: invalid (4 records: 0 valid, 2 invalid, 2 malformed)',
    ])
  })

  it('--summary --format json: the counts, no issues', async () => {
    const result = await cli([...model, '--summary', '--format', 'json', '-'], { input })
    expect(JSON.parse(result.stdout)).toEqual({
      model: 'intersight/iam.Session',
      total: 2,
      valid: 0,
      invalid: 1,
      malformed: 1,
    })
  })
})

describe('CLI messages speak in flags', () => {
  it('no loss or error of convert or claims names an API option', async () => {
    const nitroMs = JSON.stringify({
      ...(JSON.parse(example('netscaler/examples/valid/mpssession/full-current.json')) as object),
      login_time: 1_700_000_000_000,
    })
    const file = tmp.file('words.ndjson', `${readFileSync(MIXED, 'utf8')}${nitroMs}\n`)
    const stderr: string[] = []
    for (const to of [
      'common/Session',
      'ocsf',
      'vsphere/vim25.UserSession',
      'extremecloudiq/XiqApiTokenInfo',
    ])
      for (const extra of [[], ['--reference-time', '2024-05-01T12:00:00Z']])
        stderr.push((await cli(['convert', '--from', 'auto', '--to', to, ...extra, file])).stderr)
    stderr.push((await cli(['claims', '--from', 'auto', file])).stderr)
    const all = stderr.join('\n')
    expect(all).not.toMatch(/includeSecrets|referenceTime|nitroTimeUnit|defaults option/)
    // And the messages that name an option are there, in the CLI's words.
    for (const flag of [
      '--include-secrets',
      '--reference-time',
      '--default KEY=VALUE',
      '--nitro-time-unit milliseconds',
    ])
      expect(all).toContain(flag)
  })
})
