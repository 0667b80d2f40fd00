/**
 * `validate --jobs N` (and `detect`/`convert`/`claims --jobs N`) as a process: its option parsed like the others, the
 * threads started only when asked for or worth it, and every way a run can end (a reader that goes away, a
 * full disk, Ctrl-C, a slow reader) ending it as `--jobs 1` would, with memory flat and no thread left to
 * keep the process alive.
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, mkdtempSync, openSync, readdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { jobsFor, MAX_JOBS, parseJobs } from '../src/options.js'
import { bin, cli, example, INVALID_SESSION, root, scratch, spawnCli, VALID_SESSION } from './helpers.js'

const tmp = scratch()
const MODEL = ['validate', '--model', 'intersight/iam.Session']

const bash = (script: string) =>
  spawnSync('bash', ['-c', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  })

/**
 * `args --jobs 2 --format json` on stdin: enough failures to spill (over 64 KiB of report), stdin kept open until
 * the spill file is there, then SIGINT: exit 130, and the temporary directory is left empty.
 */
async function interruptedWhileSpilling(args: readonly string[]): Promise<void> {
  // In this file's scratch directory, removed after the tests (a failed test too).
  const dir = mkdtempSync(path.join(tmp.dir, 'jobs-signal-'))
  const child = spawn(process.execPath, [bin, ...args, '--jobs', '2', '--format', 'json'], {
    cwd: root,
    env: { ...process.env, TMPDIR: dir },
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  child.stdin.on('error', () => {})
  const closed = once(child, 'close')
  child.stdin.write(`${INVALID_SESSION}\n`.repeat(20_000))
  const deadline = Date.now() + 20_000
  while (readdirSync(dir).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  expect(readdirSync(dir).length, 'the report spilled to a temporary directory').toBe(1)
  child.kill('SIGINT')
  const [code, signal] = (await closed) as [number | null, string | null]
  expect(code ?? signal).toBe(130)
  expect(readdirSync(dir)).toEqual([])
}

/**
 * Runs the CLI with `args` whose stdout is not read for two seconds, then read as fast as it comes: its exit status,
 * stderr, the bytes and lines it wrote, and the peak RSS it reported (KiB).
 */
async function withSlowReader(args: readonly string[]) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  let bytes = 0
  let lines = 0
  // Nothing read for two seconds: a CLI that read on would hold what it writes in memory.
  child.stdout.pause()
  await new Promise((resolve) => setTimeout(resolve, 2000))
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++
  })
  child.stdout.resume()
  const [code] = (await once(child, 'close')) as [number | null]
  const match = /session-schemas: maxRSS (\d+) KiB/.exec(stderr)
  return { code, stderr, bytes, lines, maxRssKiB: match ? Number(match[1]) : undefined }
}

describe('--jobs N', () => {
  it.each(['0', '-1', 'two', '1.5', '', '65', '100000'])(
    'refuses --jobs %j with a usage error (exit 2)',
    async (value) => {
      const result = await cli([...MODEL, '--jobs', value], { input: `${VALID_SESSION}\n` })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/--jobs.*a whole number of worker threads from 1 to 64/)
      expect(result.stdout).toBe('')
    },
  )

  it.each(['2GiB', '9999999999999', '0'])(
    'refuses --job-part-size %j with a usage error (exit 2)',
    async (size) => {
      const result = await cli([...MODEL, '--jobs', '2', '--job-part-size', size], {
        input: `${VALID_SESSION}\n`,
      })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/--job-part-size/)
      expect(result.stderr).not.toMatch(/internal error|RangeError/)
    },
  )

  it('is in --help', async () => {
    const result = await cli(['validate', '--help'])
    expect(result.stdout).toMatch(/--jobs <n>\s+worker threads/)
    expect(result.stdout).not.toMatch(/--job-part-size/)
  })

  it('starts threads only when asked for: one thread by default, whatever the input', () => {
    expect(jobsFor({})).toBe(1)
    expect(jobsFor({ jobs: 1 })).toBe(1)
    expect(jobsFor({ jobs: 3 })).toBe(3)
  })

  it('says where a document is not UTF-8 as --jobs 1 does, wherever its part starts (a review: line 954 for 3002)', async () => {
    const compact = '{"a":1}\n'
    const input = Buffer.concat([
      Buffer.from(compact.repeat(3000)),
      Buffer.from('{\n  "a": "'),
      Buffer.from([0xff]),
      Buffer.from('"\n}\n'),
      Buffer.from(compact.repeat(3000)),
    ])
    const file = tmp.file('not-utf8-document.ndjson', input)
    const args = ['validate', '--model', 'auto', '--format', 'json', file]
    const one = await spawnCli(args)
    const two = await spawnCli([...args, '--jobs', '2', '--job-part-size', '4KiB'])
    expect(one.stdout).toContain(
      '"line":3001,"model":null,"path":"","keyword":"json","message":"the record is not valid UTF-8 (its line 2)"',
    )
    expect(two.stdout).toBe(one.stdout)
  })

  it('takes auto: one thread per core available, at most 64', () => {
    expect(parseJobs('auto')).toBe(Math.min(availableParallelism(), MAX_JOBS))
    expect(() => parseJobs('Auto')).toThrow(/from 1 to 64, or auto/)
  })

  it('--jobs auto writes what one thread writes', async () => {
    const file = tmp.file('auto.ndjson', `${VALID_SESSION}\n${INVALID_SESSION}\n`.repeat(500))
    const one = await spawnCli([...MODEL, '--format', 'json', file])
    const auto = await spawnCli([
      ...MODEL,
      '--format',
      'json',
      '--jobs',
      'auto',
      '--job-part-size',
      '4KiB',
      file,
    ])
    expect(one.code).toBe(1)
    expect(auto.code).toBe(1)
    expect(auto.stdout).toBe(one.stdout)
    expect(auto.stderr).toBe(one.stderr)
    expect(JSON.parse(one.stdout)).toMatchObject({ total: 1000, valid: 500, invalid: 500 })
  })

  it('starts threads as the parts need them: --jobs 64 on a few lines starts one (it took 1 GB and 3 s)', async () => {
    const file = tmp.file('few-lines.ndjson', `${VALID_SESSION}\n`.repeat(12))
    const result = await spawnCli([...MODEL, '--jobs', '64', '--summary', file], {
      env: { SESSION_SCHEMAS_REPORT_MAX_RSS: '1' },
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/12 records: 12 valid/)
    const match = /session-schemas: maxRSS (\d+) KiB/.exec(result.stderr)
    expect(match, result.stderr).not.toBeNull()
    expect(Number(match![1])).toBeLessThan(150 * 1024)
  })

  it('leaves no thread behind: the process ends after the last record, also on a failed record', async () => {
    const file = tmp.file('few.ndjson', `${VALID_SESSION}\n${INVALID_SESSION}\n`.repeat(1000))
    const result = await spawnCli([...MODEL, '--jobs', '3', '--job-part-size', '4KiB', '--summary', file])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/2000 records: 1000 valid, 1000 invalid/)
  })
})

describe('a run with --jobs 2 that ends early', () => {
  const file = tmp.file(
    'malformed-first.ndjson',
    `{"oops"\n${`${VALID_SESSION}\n${INVALID_SESSION}\n`.repeat(50_000)}`,
  )

  it('| head -n 1: stops, with the verdict on the records read (exit 1)', () => {
    const result = bash(
      `node ${bin} ${MODEL.join(' ')} --jobs 2 --job-part-size 16KiB ${file} 2>/dev/null | head -n 1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`,
    )
    expect(result.stdout).toBe('status=1\n')
  })

  it('> /dev/full: exit 2 with a message', () => {
    const full = openSync('/dev/full', 'w')
    try {
      const result = spawnSync(process.execPath, [bin, ...MODEL, '--jobs', '2', file], {
        cwd: root,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(result.status).toBe(2)
      expect(result.stderr).toMatch(/cannot write to stdout: .*ENOSPC|no space/i)
    } finally {
      closeSync(full)
    }
  })

  it.each([['ndjson'], ['auto']])(
    'judges a trickling input as it comes (--input %s), not when 64 KiB or the end has come',
    async (input) => {
      const child = spawn(process.execPath, [bin, ...MODEL, '--jobs', '2', '--input', input], {
        cwd: root,
        stdio: ['pipe', 'pipe', 'ignore'],
      })
      const closed = once(child, 'close')
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        out += text
      })
      // Stdin stays open: the verdicts of the records sent so far must come without more input, the last
      // record of a write too.
      for (const [records, last] of [
        [2, 2],
        [1, 3],
      ]) {
        child.stdin.write(`${INVALID_SESSION}\n`.repeat(records!))
        const deadline = Date.now() + 20_000
        while (!out.includes(`record ${last}  invalid`) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20))
        expect(out, `record ${last} judged before the input ends`).toContain(`record ${last}  invalid`)
      }
      child.stdin.end()
      const [code] = (await closed) as [number]
      expect(code).toBe(1)
      expect(out).toContain('3 records: 0 valid, 3 invalid')
    },
  )

  it('SIGINT: exit 130, and the spilled report is removed', () => interruptedWhileSpilling(MODEL))
})

describe('memory with --jobs 2', () => {
  const MAX_RSS_KIB = 150 * 1024
  // Every record invalid: the report on stdout is twice the input. About 40 MB of input.
  const file = tmp.file('invalid.ndjson', `${INVALID_SESSION}\n${VALID_SESSION}\n`.repeat(230_000))

  it('stays flat when the reader of stdout is slow (reading waits for it)', async () => {
    const { code, stderr, bytes, maxRssKiB } = await withSlowReader([...MODEL, '--jobs', '2', file])
    expect(code, stderr.slice(0, 300)).toBe(1)
    expect(maxRssKiB, stderr.slice(0, 300)).toBeDefined()
    console.info(
      `validate --jobs 2, slow reader: peak RSS ${(maxRssKiB! / 1024).toFixed(1)} MiB, ${bytes} bytes out`,
    )
    expect(bytes).toBeGreaterThan(40_000_000)
    expect(maxRssKiB!).toBeLessThan(MAX_RSS_KIB)
  }, 120_000)
})

describe('detect --jobs 2', () => {
  it('is in --help', async () => {
    const result = await cli(['detect', '--help'])
    expect(result.stdout).toMatch(/--jobs <n>\s+worker threads/)
  })

  it('| head -n 1: stops quietly, with the verdict on the records read', () => {
    const file = tmp.file('detect.ndjson', `${VALID_SESSION}\n{"x":1}\n`.repeat(50_000))
    const result = bash(
      `node ${bin} detect --jobs 2 --job-part-size 16KiB ${file} 2>&1 | head -n 1; echo "status=\${PIPESTATUS[0]}"`,
    )
    expect(result.stdout).toBe(`${file}:1  record 1  intersight/iam.Session\nstatus=1\n`)
  })

  it('writes one line per record, in order, when the input is cut into many parts', async () => {
    const file = tmp.file('detect-many.ndjson', `${VALID_SESSION}\n\n{"x":1}\n`.repeat(20_000))
    const result = await spawnCli([
      'detect',
      '--jobs',
      '3',
      '--job-part-size',
      '4KiB',
      '--format',
      'json',
      file,
    ])
    expect(result.code).toBe(1)
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines).toHaveLength(40_000)
    lines.forEach((line, i) => {
      expect(line.record).toBe(i + 1)
      expect(line.line).toBe(Math.floor(i / 2) * 3 + (i % 2 === 0 ? 1 : 3))
      expect(line.status).toBe(i % 2 === 0 ? 'detected' : 'unknown')
    })
  })
})

describe('convert and claims --jobs 2', () => {
  const MAX_RSS_KIB = 150 * 1024
  const CONVERT = ['convert', '--from', 'auto', '--to', 'ocsf']

  it('is in --help of both', async () => {
    for (const command of ['convert', 'claims']) {
      const result = await cli([command, '--help'])
      expect(result.stdout).toMatch(/--jobs <n>\s+worker threads/)
    }
  })

  it('| head -n 1: stops quietly, with the verdict on the records read', () => {
    const file = tmp.file('sessions.ndjson', `${VALID_SESSION}\n{"oops"\n`.repeat(50_000))
    const result = bash(
      `node ${bin} ${CONVERT.join(' ')} --jobs 2 --job-part-size 16KiB ${file} 2>/dev/null | head -n 1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`,
    )
    expect(result.stdout).toBe('status=1\n')
  })

  it('stays flat when the reader of stdout is slow (reading and merging wait for it), and writes every document', async () => {
    // About 100 MB of OCSF events from 24 MB of XIQ token infos.
    const xiq = example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json')
    const file = tmp.file('ocsf-source.ndjson', `${xiq}\n`.repeat(90_000))
    const { code, stderr, lines, maxRssKiB } = await withSlowReader([
      ...CONVERT,
      '--jobs',
      '2',
      '--summary',
      file,
    ])
    expect(code, stderr.slice(0, 300)).toBe(0)
    expect(lines).toBe(90_000)
    expect(stderr).toContain('90000 documents written from 90000 records')
    expect(maxRssKiB, stderr.slice(0, 300)).toBeDefined()
    console.info(`convert --jobs 2, slow reader: peak RSS ${(maxRssKiB! / 1024).toFixed(1)} MiB`)
    expect(maxRssKiB!).toBeLessThan(MAX_RSS_KIB)
  }, 120_000)

  it('SIGINT while the JSON report spills: exit 130, and the spilled report is removed', () =>
    interruptedWhileSpilling(CONVERT))
})
