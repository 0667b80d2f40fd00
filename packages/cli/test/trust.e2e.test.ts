/**
 * The CLI's promises under attack, end to end through the built binary: an empty input never passes,
 * a broken output never ends a run with exit 0 and less output, the exit status reflects every record
 * read (also when the reader stops early), one record never ends the run, an interrupted run leaves no
 * file behind, and input never writes control characters to the terminal.
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, mkdtempSync, openSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, cli, example, root, scratch, spawnCli, VALID_SESSION } from './helpers.js'

const tmp = scratch()
const NITRO = example('netscaler/examples/valid/mpssession/full-current.json')
const bash = (script: string, env: Record<string, string> = {}) =>
  spawnSync('bash', ['-c', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  })

describe.concurrent('an empty input fails unless --allow-empty', () => {
  const empty = tmp.file('empty.ndjson', '')
  const blank = tmp.file('blank.ndjson', '\uFEFF\r\n  \n')
  it.each([
    ['validate', ['validate', '--model', 'netscaler/mpssession']],
    ['validate --model auto', ['validate', '--model', 'auto']],
    ['detect', ['detect']],
    ['convert', ['convert', '--from', 'auto', '--to', 'common/Session']],
    ['claims', ['claims', '--from', 'auto']],
    ['jwt sign', ['jwt', 'sign', '--alg', 'HS256', '--secret-env', 'JWT_SECRET']],
    ['jwt verify', ['jwt', 'verify', '--alg', 'HS256', '--secret-env', 'JWT_SECRET']],
    ['jwt decode', ['jwt', 'decode']],
  ])('%s', async (_name, args) => {
    const env = { JWT_SECRET: 'x'.repeat(32) }
    const piped = await cli(args, { input: '', env })
    expect(piped.code).toBe(1)
    for (const file of [empty, blank]) {
      const refused = await cli([...args, file], { env })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/no records in the input.*--allow-empty/)
      const allowed = await cli([...args, '--allow-empty', file], { env })
      expect(allowed.code).toBe(0)
    }
  })
})

describe('a failed write is exit 2 with a message, never exit 0 with less output', () => {
  const one = tmp.file('one.ndjson', `${NITRO}\n`)
  const many = tmp.file('many.ndjson', `${NITRO}\n`.repeat(5000))
  it.each([
    ['validate (only the final flush writes)', ['validate', '--model', 'netscaler/mpssession', one]],
    ['validate', ['validate', '--model', 'netscaler/mpssession', many]],
    ['detect', ['detect', many]],
    ['convert', ['convert', '--from', 'auto', '--to', 'ocsf', many]],
    ['claims', ['claims', '--from', 'auto', one]],
    ['schemas list', ['schemas', 'list']],
  ])('%s > /dev/full', (_name, args) => {
    const full = openSync('/dev/full', 'w')
    try {
      const result = spawnSync(process.execPath, [bin, ...args], {
        cwd: root,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      })
      expect(result.status).toBe(2)
      expect(result.stderr).toMatch(/cannot write to stdout: .*ENOSPC|no space/i)
    } finally {
      closeSync(full)
    }
  })
})

describe('the reader of stderr going away does not cut the data short', () => {
  const records = 20_000
  const file = tmp.file('secrets.ndjson', `${NITRO}\n`.repeat(records))
  it.each([
    ['convert', `convert --from netscaler/mpssession --to common/Session`],
    ['claims', `claims --from netscaler/mpssession`],
  ])('%s writes every document to stdout', (_name, command) => {
    // Every record has losses (redacted secrets) on stderr, whose reader stops after one line.
    const result = bash(
      `node ${bin} ${command} ${file} 2> >(head -n 1 > /dev/null) | wc -l; echo "status=\${PIPESTATUS[0]}"`,
    )
    expect(result.stdout.trim().split('\n')).toEqual([String(records), 'status=0'])
  })
})

describe('the exit status reflects every record read, also when stdout closes early', () => {
  const file = tmp.file('malformed-first.ndjson', `{"oops"\n${`${NITRO}\n`.repeat(100_000)}`)
  it.each([
    ['validate', `validate --model netscaler/mpssession`],
    ['detect', `detect`],
    ['convert', `convert --from auto --to common/Session`],
    ['claims', `claims --from auto`],
  ])('%s | head -n 1', (_name, command) => {
    const result = bash(
      `node ${bin} ${command} ${file} 2>/dev/null | head -n 1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`,
    )
    expect(result.stdout).toBe('status=1\n')
  })

  it('is 0 when every record read was good', () => {
    const good = tmp.file('good.ndjson', `${NITRO}\n`.repeat(100_000))
    const result = bash(`node ${bin} detect ${good} | head -n 1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`)
    expect(result.stdout).toBe('status=0\n')
  })
})

describe.concurrent('one record never ends the run', () => {
  const deep = `{"username":"deep","x":${'['.repeat(6000)}${']'.repeat(6000)}}`
  const nested = `{"username":"nested","x":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`
  const input = [deep, '{"username":"after"}', nested, VALID_SESSION].join('\n')
  it.each([
    ['convert', ['convert', '--from', 'auto', '--to', 'common/Session']],
    ['convert to ocsf', ['convert', '--from', 'auto', '--to', 'ocsf']],
    ['claims', ['claims', '--from', 'auto']],
    ['validate', ['validate', '--model', 'auto']],
    ['detect', ['detect']],
  ])('%s reads on after deeply nested records', async (_name, args) => {
    const result = await cli(args, { input })
    expect(result.code === 0 || result.code === 1).toBe(true)
    expect(result.stderr).not.toMatch(/internal error|RangeError/i)
    // The records after the deep ones are read and counted.
    const out = result.stdout + result.stderr
    expect(out).toMatch(/after|4 records|record 4|"nested"|vsphere|intersight/)
  })
})

describe('an interrupted run leaves no temporary file', () => {
  it('removes the spilled report of convert --format json on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // In this file's scratch directory, removed after the tests (a failed test too).
      const dir = mkdtempSync(path.join(tmp.dir, 'signal-'))
      const child = spawn(
        process.execPath,
        [bin, 'convert', '--from', 'netscaler/mpssession', '--to', 'common/Session', '--format', 'json'],
        { cwd: root, env: { ...process.env, TMPDIR: dir }, stdio: ['pipe', 'ignore', 'ignore'] },
      )
      child.stdin.on('error', () => {})
      const closed = once(child, 'close')
      // Enough losses to spill (over 64 KiB of report), then wait with stdin open until the file is there.
      child.stdin.write(`${NITRO}\n`.repeat(20_000))
      const deadline = Date.now() + 20_000
      while (readdirSync(dir).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
      expect(readdirSync(dir).length, 'the report spilled to a temporary directory').toBe(1)
      child.kill(signal)
      const [code, killedBy] = (await closed) as [number | null, string | null]
      expect(code ?? killedBy).toBe(signal === 'SIGINT' ? 130 : 143)
      expect(readdirSync(dir)).toEqual([])
    }
  })
})

describe('a report that cannot spill, a record too costly to redact, a peak measured of the CLI alone', () => {
  it('a temporary directory that cannot be made: exit 2 and what could not be written, no crash', async () => {
    const result = await spawnCli(
      ['convert', '--from', 'netscaler/mpssession', '--to', 'common/Session', '--format', 'json'],
      // Enough losses to spill (over 64 KiB of report).
      { input: `${NITRO}\n`.repeat(20_000), env: { TMPDIR: path.join(root, 'no-such-directory', 'tmp') } },
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("cannot write the report's temporary file")
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/)
  })

  it('a record too costly to redact fails alone: the records after it are converted (no record lost)', async () => {
    // 4,200 secret-named keys 990 levels deep (under convert's 1,000-level limit): 4.16 million path segments.
    const keys = Object.fromEntries(Array.from({ length: 4_200 }, (_, i) => [`${i}token`, 'SENTINEL-COSTLY']))
    let drift: unknown = keys
    for (let i = 0; i < 990; i++) drift = { a: drift }
    const costly = JSON.stringify({ username: 'costly', id: '1', drift })
    const after = JSON.stringify({ username: 'after', id: '2' })
    const result = await cli(['convert', '--from', 'netscaler/mpssession', '--to', 'common/Session'], {
      input: `${costly}\n${after}\n`,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('record 1  failed')
    expect(result.stderr).toContain('than can be redacted one by one')
    expect(result.stderr).toContain('done: 1 document written from 2 records')
    expect(result.stdout).toContain('"after"')
    expect(result.stdout + result.stderr).not.toContain('SENTINEL-COSTLY')
  })

  it('the peak it reports is its own, not what the process that started it held', async () => {
    // This process holds 300 MB while it starts the CLI: getrusage's maxRSS would count it for the child.
    const held = Buffer.alloc(300 * 1024 * 1024, 1)
    const child = spawnSync(process.execPath, [bin, 'schemas', 'list'], {
      cwd: root,
      env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1' },
      encoding: 'utf8',
    })
    expect(held[held.length - 1]).toBe(1)
    const peak = Number(/session-schemas: maxRSS (\d+) KiB/.exec(child.stderr)?.[1])
    expect(peak).toBeGreaterThan(10 * 1024)
    expect(peak).toBeLessThan(150 * 1024)
  })
})

describe.concurrent('input never writes control characters to the terminal', () => {
  const evil = '\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202e'
  const record = JSON.stringify({
    ClassId: 'iam.Session',
    ObjectType: 'iam.Session',
    [evil]: 1,
    Status: evil,
  })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/
  it.each([
    ['validate', ['validate', '--model', 'intersight/iam.Session']],
    ['validate auto', ['validate', '--model', 'auto']],
    ['detect', ['detect']],
    ['convert', ['convert', '--from', 'auto', '--to', 'netscaler/mpssession']],
  ])('%s', async (_name, args) => {
    const unknownKey = JSON.stringify({ [evil]: 1 })
    const result = await cli(args, { input: `${record}\n${unknownKey}\n{"${evil}"\n` })
    expect(result.stdout + result.stderr).not.toMatch(raw)
    expect(result.stdout + result.stderr).toMatch(/\\u\{1b\}|\\u001b/)
  })
})

describe.concurrent("a file's name never writes control characters to the terminal", () => {
  // ESC (a colour), a bidirectional override, a line separator: the name is written escaped, as a record's text is.
  const name = 'esc\u001b[31mname\u202eevil\u2028.ndjson'
  const file = tmp.file(name, `${NITRO}\n{"what":"ever"}\n{"oops"\n`)
  const missing = path.join(tmp.dir, `missing-${name}`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
  const escaped = 'esc\\u{1b}[31mname\\u{202e}evil\\u{2028}.ndjson'
  it.each([
    ['validate', ['validate', '--model', 'auto']],
    ['validate --jobs 2', ['validate', '--model', 'auto', '--jobs', '2']],
    ['detect', ['detect']],
    ['detect --jobs 2', ['detect', '--jobs', '2']],
    ['convert', ['convert', '--from', 'auto', '--to', 'common/Session']],
    ['convert --jobs 2', ['convert', '--from', 'auto', '--to', 'common/Session', '--jobs', '2']],
    ['claims', ['claims', '--from', 'auto']],
  ])('%s', async (_name, args) => {
    const result = await cli([...args, file])
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).not.toMatch(raw)
    // Every line about a record names its file (validate also in its verdict): all of them escaped.
    const said = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes('record '))
    expect(said.length).toBeGreaterThanOrEqual(2)
    for (const line of said) expect(line).toContain(`${escaped}:`)
    const gone = await cli([...args, missing])
    expect(gone.code).toBe(2)
    expect(gone.stderr).toBe(
      `session-schemas: cannot read ${path.join(tmp.dir, 'missing-')}${escaped}: no such file\n`,
    )
  })
})

describe.concurrent('a malformed record is never echoed (it may hold a secret)', () => {
  const SECRET = 'SeCrEt-7f3a'
  const records = [
    `{"token":${SECRET}}`,
    `{"token":"${SECRET}}`,
    `{"token":"${SECRET}",}`,
    `{"sessionid":"x" "${SECRET}"}`,
    `["${SECRET}"`,
    `${SECRET}`,
    `{"token":"${SECRET}\u0001"}`,
    `{"a":1e99999999999, "token":"${SECRET}"}`,
  ]
  it.each([
    ['validate', ['validate', '--model', 'netscaler/mpssession']],
    ['validate --format json', ['validate', '--model', 'auto', '--format', 'json']],
    ['detect', ['detect', '--format', 'json']],
    ['convert', ['convert', '--from', 'auto', '--to', 'common/Session']],
    ['convert --format json', ['convert', '--from', 'auto', '--to', 'ocsf', '--format', 'json']],
    ['claims', ['claims', '--from', 'auto']],
    ['jwt decode', ['jwt', 'decode']],
  ])('%s', async (_name, args) => {
    const result = await cli(args, { input: `${records.join('\n')}\n` })
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).not.toContain(SECRET)
    expect(result.stdout + result.stderr).toMatch(/line \d+, column \d+|not a JWT|malformed/)
  })
})
