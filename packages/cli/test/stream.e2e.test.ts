/**
 * Streaming end to end: hundreds of megabytes generated on the fly into the CLI's stdin with flat memory,
 * a reader that goes away early (`| head`), and the progress bar on a terminal.
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, createWriteStream, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, example, INVALID_SESSION, type Report, root, scratch, VALID_SESSION } from './helpers.js'

const tmp = scratch()
const MiB = 1024 * 1024
/** The contract's bound on the CLI's peak resident set size. */
const MAX_RSS_KIB = 150 * 1024

interface Block {
  readonly bytes: Buffer
  readonly valid: number
  readonly invalid: number
  readonly malformed: number
}

/**
 * About 1 MiB of Intersight sessions (realistic, ~4 KiB each) with one invalid and one malformed record
 * among them. The malformed one keeps its brackets balanced: inside a JSON array, a record cut off
 * mid-way would swallow the rest of the array (NDJSON lines resynchronize; arrays cannot).
 */
function sessionsBlock(separator: string): Block {
  const session = example('intersight/examples/valid/iam.Session/full-current.json')
  const lines: string[] = []
  let size = 0
  while (size < MiB) {
    lines.push(session)
    size += session.length + separator.length
  }
  lines[7] = INVALID_SESSION
  lines[11] = '{"ClassId":"iam.Session","ObjectType":}'
  return {
    bytes: Buffer.from(lines.map((line) => line + separator).join('')),
    valid: lines.length - 2,
    invalid: 1,
    malformed: 1,
  }
}

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly maxRssKiB: number
}

/** Runs the CLI with `parts` written to its stdin one after the other, with backpressure. */
async function stream(args: readonly string[], parts: Iterable<Buffer>): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1', NO_COLOR: '1' },
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  const closed = once(child, 'close')
  for (const part of parts) if (!child.stdin.write(part)) await once(child.stdin, 'drain')
  child.stdin.end()
  const [code] = (await closed) as [number | null]
  const messages = Buffer.concat(stderr).toString('utf8')
  const match = /session-schemas: maxRSS (\d+) KiB/.exec(messages)
  if (!match) throw new Error(`no maxRSS report in stderr: ${messages.slice(0, 500)}`)
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), maxRssKiB: Number(match[1]) }
}

function* repeat(block: Buffer, times: number, head?: Buffer, tail?: Buffer): Generator<Buffer> {
  if (head) yield head
  for (let i = 0; i < times; i++) yield block
  if (tail) yield tail
}

describe('flat memory on large inputs', () => {
  it('validates 200+ MiB of NDJSON from stdin under 150 MB peak RSS, counting every record', async () => {
    const block = sessionsBlock('\n')
    const times = Math.ceil((200 * MiB) / block.bytes.length) + 1
    const run = await stream(
      ['validate', '--model', 'intersight/iam.Session', '--format', 'json'],
      repeat(block.bytes, times),
    )
    const report = JSON.parse(run.stdout) as Report
    expect(block.bytes.length * times).toBeGreaterThanOrEqual(200 * MiB)
    expect(run.code).toBe(1)
    expect(report).toMatchObject({
      total: times * (block.valid + block.invalid + block.malformed),
      valid: times * block.valid,
      invalid: times * block.invalid,
      malformed: times * block.malformed,
    })
    const lines = block.valid + block.invalid + block.malformed
    expect(
      report.issues
        .filter((issue) => issue.keyword === 'json')
        .map((issue) => issue.line)
        .slice(0, 2),
    ).toEqual([12, 12 + lines])
    console.info(
      `NDJSON ${((block.bytes.length * times) / MiB).toFixed(0)} MiB: peak RSS ${(run.maxRssKiB / 1024).toFixed(1)} MiB`,
    )
    expect(run.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })

  it('streams a 200+ MiB top-level JSON array record by record (never parsed whole)', async () => {
    const block = sessionsBlock(',\n')
    const times = Math.ceil((200 * MiB) / block.bytes.length) + 1
    const last = Buffer.from(`${VALID_SESSION}\n]\n`)
    const run = await stream(
      ['validate', '--model', 'intersight/iam.Session', '--format', 'json'],
      repeat(block.bytes, times, Buffer.from('[\n'), last),
    )
    const report = JSON.parse(run.stdout) as Report
    expect(report).toMatchObject({
      total: times * (block.valid + block.invalid + block.malformed) + 1,
      valid: times * block.valid + 1,
      invalid: times,
      malformed: times,
    })
    console.info(
      `JSON array ${((block.bytes.length * times) / MiB).toFixed(0)} MiB: peak RSS ${(run.maxRssKiB / 1024).toFixed(1)} MiB`,
    )
    expect(run.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })
})

describe('files: read in large reads, and the CLI still answers meanwhile', () => {
  const block = sessionsBlock('\n')
  const lines = block.valid + block.invalid + block.malformed
  const from = (source: string, report: Report) => ({
    ...report,
    issues: report.issues.map((issue) => ({ ...issue, source })),
  })

  it('a Ctrl-C while a large file is read ends the run there (exit 130), not after the file', async () => {
    // 192 MiB: over a second of validation on this machine, of which the signal leaves nearly all undone.
    const times = 192
    const file = tmp.file('ctrl-c.ndjson', Buffer.concat(Array.from({ length: times }, () => block.bytes)))
    const child = spawn(process.execPath, [bin, 'validate', '--model', 'intersight/iam.Session', file], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const closed = once(child, 'close')
    // The first block's invalid record is out: the file is being read. Interrupt now.
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8')
        if (output.includes('record 8  invalid')) resolve()
      })
    })
    child.kill('SIGINT')
    const [code, signal] = (await closed) as [number | null, string | null]
    expect(code ?? signal).toBe(130)
    // A reader that never let the event loop turn would see the signal only once the whole file was read.
    expect(output).not.toContain('records:')
    expect(output.split('\n').filter((line) => line.includes('invalid')).length).toBeLessThan(times / 2)
  })

  it('stdin redirected from a directory is said to be one (exit 2), as a directory given by name is', () => {
    const fd = openSync(tmp.dir, 'r')
    try {
      const result = spawnSync(process.execPath, [bin, 'validate', '--model', 'auto'], {
        cwd: root,
        encoding: 'utf8',
        stdio: [fd, 'pipe', 'pipe'],
      })
      expect(result.status).toBe(2)
      expect(result.stderr).toContain('cannot read <stdin>: it is a directory')
    } finally {
      closeSync(fd)
    }
  })

  it('stdin redirected from a file, and a named pipe, give what the file gives', async () => {
    const times = 3
    const bytes = Buffer.concat(Array.from({ length: times }, () => block.bytes))
    const file = tmp.file('redirected.ndjson', bytes)
    const args = [bin, 'validate', '--model', 'intersight/iam.Session', '--format', 'json']
    const expected = JSON.parse(
      spawnSync(process.execPath, [...args, file], { cwd: root, encoding: 'utf8' }).stdout,
    ) as Report
    expect(expected.total).toBe(times * lines)

    // From where the shell left the offset: the first line read by the shell is not a record.
    const offset = spawnSync(
      'bash',
      ['-c', `exec 3< "$1"; read -r -u 3 first; "$2" "\${@:3}" - <&3`, '_', file, process.execPath, ...args],
      { cwd: root, encoding: 'utf8' },
    )
    expect((JSON.parse(offset.stdout) as Report).total).toBe(times * lines - 1)
    const fd = openSync(file, 'r')
    const redirected = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      stdio: [fd, 'pipe', 'pipe'],
    })
    closeSync(fd)
    expect(JSON.parse(redirected.stdout)).toEqual(from('-', expected))

    const fifo = path.join(tmp.dir, 'records.fifo')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const child = spawn(process.execPath, [...args, fifo], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
    })
    const closed = once(child, 'close')
    await new Promise<void>((resolve, reject) =>
      createWriteStream(fifo).on('error', reject).end(bytes, resolve),
    )
    await closed
    expect(JSON.parse(stdout)).toEqual(from(fifo, expected))
  })
})

describe('one huge document', () => {
  /** An Intersight list of about `mib` MiB, compact (one line). */
  function list(mib: number): Buffer {
    const session = example('intersight/examples/valid/iam.Session/full-current.json')
    const count = Math.floor((mib * MiB) / session.length)
    return Buffer.from(
      `{"ObjectType":"iam.Session.List","Count":${count},"Results":[${Array(count).fill(session).join(',')}]}\n`,
    )
  }

  it('reads a document up to --max-record-size (8 MiB by default) whole, under 150 MB', async () => {
    const run = await stream(['validate', '--model', 'auto', '--format', 'json'], [list(7.9)])
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, valid: 1 })
    console.info(`one 7.9 MiB document: peak RSS ${(run.maxRssKiB / 1024).toFixed(1)} MiB`)
    expect(run.maxRssKiB).toBeLessThan(MAX_RSS_KIB)
  })

  it('counts a larger one as malformed, unless --max-record-size allows it', async () => {
    const big = list(9)
    const refused = await stream(['validate', '--model', 'auto', '--format', 'json'], [big])
    expect(JSON.parse(refused.stdout)).toMatchObject({
      total: 1,
      malformed: 1,
      issues: [{ message: 'the line is larger than the record size limit (8388608 bytes)' }],
    })
    const allowed = await stream(
      ['validate', '--model', 'auto', '--format', 'json', '--max-record-size', '16MiB'],
      [big],
    )
    expect(JSON.parse(allowed.stdout)).toMatchObject({ total: 1, valid: 1 })
  })
})

describe('a reader that goes away (| head)', () => {
  const invalid = tmp.file('many-invalid.ndjson', `${INVALID_SESSION}\n`.repeat(200_000))
  const sessions = tmp.file('many-sessions.ndjson', `${VALID_SESSION}\n`.repeat(100_000))
  const bash = (script: string) =>
    spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', timeout: 30_000 })

  it('ends validate quietly, with the verdict so far, when stdout is closed', () => {
    const result = bash(
      `node ${bin} validate --model intersight/iam.Session ${invalid} | head -n 2; echo "status=\${PIPESTATUS[0]}" >&2`,
    )
    expect(result.stdout.split('\n')).toHaveLength(3)
    expect(result.stdout).toContain('record 1  invalid')
    expect(result.stderr).toBe('status=1\n')
  })

  it('ends convert quietly when stdout is closed', () => {
    const result = bash(
      `node ${bin} convert --from auto --to common/Session ${sessions} 2>/dev/null | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`,
    )
    expect(JSON.parse(result.stdout)).toMatchObject({ source: { model: 'intersight/iam.Session' } })
    expect(result.stderr).toBe('status=0\n')
  })

  it('ends quietly even when stderr goes to the closed pipe too', () => {
    const result = bash(
      `node ${bin} convert --from auto --to common/Session ${sessions} 2>&1 | head -c 100 > /dev/null; echo "status=\${PIPESTATUS[0]}"`,
    )
    expect(result.stdout).toBe('status=0\n')
    expect(result.stderr).toBe('')
  })
})

describe('the progress bar', () => {
  const script = '/usr/bin/script'
  it.skipIf(!existsSync(script))('shows on a terminal for a large input, and clears itself', () => {
    const file = path.join(tmp.dir, 'large.ndjson')
    const block = sessionsBlock('\n')
    writeFileSync(file, Buffer.concat(Array.from({ length: 40 }, () => block.bytes)))
    const command = `node ${bin} validate --model intersight/iam.Session ${file}`
    const result = spawnSync(script, ['-qec', command, '/dev/null'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/validating \[[= ]+\] \d+% \| \d+ MiB of 4\d MiB/)
    expect(result.stdout).toContain(`${file}: invalid`)
    expect(readFileSync(file).length).toBeGreaterThan(32 * MiB)
  })
})
