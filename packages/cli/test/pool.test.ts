/**
 * The worker threads of `--jobs N`: a worker that throws, exits or never starts fails the run with a clear
 * error (a CliError, exit 2) instead of hanging it, and the merge of parts in order passes such a failure
 * on without leaving a promise unhandled. `close()` ends threads that are still busy. Threads start as the jobs
 * need them.
 */
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CliError } from '../src/errors.js'
import { type LinesJob, ParallelLineSplitter, type PartAnswer, READ_BYTES } from '../src/input/parallel.js'
import { WorkerPool } from '../src/workers/pool.js'
import { scratch } from './helpers.js'

const tmp = scratch()
const worker = (name: string, source: string) => new URL(pathToFileURL(tmp.file(name, source)).href)

const ECHO = worker(
  'echo.mjs',
  `import { parentPort } from 'node:worker_threads'
parentPort.on('message', (job) => parentPort.postMessage(job * 2))`,
)
const THROWS = worker(
  'throws.mjs',
  `import { parentPort } from 'node:worker_threads'
parentPort.on('message', (job) => { if (job === 3) throw new TypeError('boom'); parentPort.postMessage(job) })`,
)
const EXITS = worker(
  'exits.mjs',
  `import { parentPort } from 'node:worker_threads'
parentPort.on('message', () => process.exit(7))`,
)
const BROKEN = worker('broken.mjs', 'import { nothing } from "node:worker_threads"; nothing()')
const THREAD_ID = worker(
  'thread-id.mjs',
  `import { parentPort, threadId } from 'node:worker_threads'
parentPort.on('message', () => parentPort.postMessage(threadId))`,
)
const BUSY = worker(
  'busy.mjs',
  `import { parentPort } from 'node:worker_threads'
parentPort.on('message', () => { for (;;) {} })`,
)

describe('WorkerPool', () => {
  it('answers every job, in the order each worker got them', async () => {
    const pool = new WorkerPool(ECHO, 2, undefined)
    try {
      expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run<number>(n)))).toEqual([2, 4, 6, 8, 10])
    } finally {
      await pool.close()
    }
  })

  it.each([
    ['throws', THROWS, /a worker thread failed: TypeError: boom/],
    ['exits', EXITS, /a worker thread stopped \(exit code 7\)/],
    ['cannot start', BROKEN, /a worker thread failed: SyntaxError/],
  ])(
    'fails every job in flight and every later one when a worker %s',
    async (_name, url, message) => {
      const pool = new WorkerPool(url, 2, undefined)
      try {
        const jobs = [1, 2, 3, 4].map((n) => pool.run<number>(n))
        const settled = await Promise.allSettled(jobs)
        const failures = settled.filter((result) => result.status === 'rejected')
        expect(failures.length).toBeGreaterThan(0)
        for (const failure of failures) {
          const error = (failure as PromiseRejectedResult).reason
          expect(error).toBeInstanceOf(CliError)
          expect(error.exitCode).toBe(2)
          expect(error.message).toMatch(message)
        }
        await expect(pool.run(5)).rejects.toThrow(message)
      } finally {
        await pool.close()
      }
    },
    10_000,
  )

  it('starts threads as the jobs need them, up to its size', async () => {
    const pool = new WorkerPool(THREAD_ID, 4, undefined)
    try {
      // One job at a time: one thread does them all.
      const one: number[] = []
      for (let i = 0; i < 5; i++) one.push(await pool.run<number>(i))
      expect(new Set(one).size).toBe(1)
      // Ten at once: every thread starts, and no more.
      const many = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.run<number>(i)))
      expect(new Set(many).size).toBe(4)
    } finally {
      await pool.close()
    }
  })

  it('refuses a job after close, and starts no thread for it', async () => {
    const pool = new WorkerPool(THREAD_ID, 2, undefined)
    await pool.run(1)
    await pool.close()
    await expect(pool.run(2)).rejects.toThrow('the worker threads were stopped')
  })

  it('ends a busy worker on close, failing its job', async () => {
    const pool = new WorkerPool(BUSY, 1, undefined)
    const failed = expect(pool.run(1)).rejects.toThrow('the worker threads were stopped')
    await pool.close()
    await failed
  })
})

describe('ParallelLineSplitter', () => {
  const handler = { record() {}, malformed() {} }

  it('passes a failed part on to the reader, and merges nothing after it', async () => {
    const merged: number[] = []
    let parts = 0
    const splitter = new ParallelLineSplitter<number>({
      run: (job: LinesJob): Promise<PartAnswer<number>> =>
        ++parts === 1
          ? Promise.resolve({ result: 1, lines: 1, buffer: job.buffer })
          : Promise.reject(new CliError('ERR_WORKER', 'a worker thread failed', 2)),
      merge: (result) => {
        merged.push(result)
      },
      handler,
      maxRecordBytes: 1024,
      joinDocuments: false,
      partBytes: 4,
      partLines: 1000,
      maxInFlight: 4,
    })
    await expect(
      (async () => {
        for (let i = 0; i < 5; i++) await splitter.push(Buffer.from('{"a":1}\n'))
        await splitter.end()
      })(),
    ).rejects.toThrow('a worker thread failed')
    expect(merged).toEqual([1])
  })

  it('has at most maxInFlight parts out at once', async () => {
    let out = 0
    let most = 0
    const splitter = new ParallelLineSplitter<number>({
      run: async (job) => {
        most = Math.max(most, ++out)
        await new Promise((resolve) => setTimeout(resolve, 1))
        out--
        return { result: 0, lines: 2, buffer: job.buffer }
      },
      merge: () => {},
      handler,
      maxRecordBytes: 1024,
      joinDocuments: false,
      partBytes: 1,
      partLines: 1000,
      maxInFlight: 3,
    })
    for (let i = 0; i < 50; i++) await splitter.push(Buffer.from('{"a":1}\n{"b":2}\n'))
    await splitter.end()
    expect(most).toBe(3)
  })

  it('sends what is complete when a read comes short (a trickling input), not only when a part is full', async () => {
    const sent: string[] = []
    const here: string[] = []
    const local = { record: (text: string) => here.push(text), malformed() {} }
    const splitter = (joinDocuments: boolean) =>
      new ParallelLineSplitter<number>({
        run: async (job) => {
          const text = Buffer.from(job.buffer, 0, job.length).toString()
          sent.push(text)
          return { result: 0, lines: text.split('\n').length - 1, buffer: job.buffer }
        },
        merge: () => {},
        handler: local,
        maxRecordBytes: 1024,
        joinDocuments,
        partBytes: 64 * 1024,
        partLines: 2048,
        maxInFlight: 2,
      })
    const lines = splitter(false)
    await lines.push(Buffer.from('{"a":1}\n{"b":'))
    expect(sent).toEqual(['{"a":1}\n'])
    await lines.push(Buffer.from('2}\n'))
    expect(sent).toEqual(['{"a":1}\n', '{"b":2}\n'])
    await lines.end()
    expect(sent).toHaveLength(2)
    // Pretty-printed documents: one is complete when the next one starts; complete lines with no boundary
    // after them are read on this thread, at once.
    sent.length = 0
    const documents = splitter(true)
    await documents.push(Buffer.from('{\n  "a": 1\n}\n{\n  "b": 2\n'))
    expect(sent).toEqual(['{\n  "a": 1\n}\n'])
    await documents.push(Buffer.from('}\n'))
    await documents.push(Buffer.from('{"c":3}\n'))
    expect(here).toEqual(['{\n  "b": 2\n}', '{"c":3}'])
    // Two records in one read while this thread reads: both are judged at once.
    await documents.push(Buffer.from('{"d":4}\n{"e":5}\n'))
    expect(here).toEqual(['{\n  "b": 2\n}', '{"c":3}', '{"d":4}', '{"e":5}'])
    await documents.end()
    // From the start: of two records in one short read, the first goes to a worker, the last is read here.
    sent.length = 0
    here.length = 0
    const fresh = splitter(true)
    await fresh.push(Buffer.from('{"f":6}\n{"g":7}\n'))
    expect(sent).toEqual(['{"f":6}\n'])
    expect(here).toEqual(['{"g":7}'])
    await fresh.end()
    expect(sent).toEqual(['{"f":6}\n'])
    expect(here).toEqual(['{"g":7}'])
  })

  /** A splitter whose fake worker counts each part's lines; `merged` gets [first line, lines] per part. */
  function counting(partLines: number) {
    const merged: [number, number][] = []
    const splitter = new ParallelLineSplitter<number>({
      run: async (job) => {
        const lines = Buffer.from(job.buffer, 0, job.length).toString().split('\n').length - 1
        return { result: lines, lines, buffer: job.buffer }
      },
      merge: (lines, firstLine) => {
        merged.push([firstLine, lines])
      },
      handler,
      maxRecordBytes: 1024 * 1024,
      joinDocuments: false,
      partBytes: 64 * 1024,
      partLines,
      maxInFlight: 2,
    })
    const read = async (input: Buffer) => {
      for (let at = 0; at < input.length; at += READ_BYTES)
        await splitter.push(input.subarray(at, at + READ_BYTES))
      await splitter.end()
    }
    return { merged, read }
  }

  /** Each part starts on the line after the last part's (no line lost, none counted twice). */
  function expectConsecutive(merged: readonly [number, number][], total: number): void {
    let next = 1
    for (const [firstLine, lines] of merged) {
      expect(firstLine).toBe(next)
      next += lines
    }
    expect(next - 1).toBe(total)
  }

  it('cuts a part after partLines lines when they come before partBytes, and loses no line', async () => {
    const { merged, read } = counting(100)
    // 40,000 tiny records (`{}` and `1`) in 100 KB, read in full reads (a short one is sent at once):
    // one part by bytes, 400 by lines.
    await read(Buffer.from('{}\n1\n'.repeat(20_000)))
    expect(Math.max(...merged.map(([, lines]) => lines))).toBe(100)
    expectConsecutive(merged, 40_000)
    expect(merged.map(([firstLine]) => firstLine)).toEqual(merged.map((_, i) => 1 + 100 * i))
  })

  it('cuts long lines by bytes alone, and finds tiny ones again after them within maxInFlight parts', async () => {
    const { merged, read } = counting(100)
    // 1 MiB of 2 KiB lines (32 to a part: partLines cannot bind), then 200,000 tiny ones (500 KB).
    const long = `${JSON.stringify({ pad: 'x'.repeat(2037) })}\n`
    expect(long).toHaveLength(2048)
    await read(Buffer.from(long.repeat(512) + '{}\n1\n'.repeat(100_000)))
    expectConsecutive(merged, 512 + 200_000)
    const sizes = merged.map(([, lines]) => lines)
    // Parts of tiny lines that went out before one of them was merged are cut by bytes (at most maxInFlight
    // of them); every part after them holds partLines lines (the last one, what is left).
    const over = sizes.flatMap((lines, i) => (lines > 100 ? [i] : []))
    expect(over.length).toBeGreaterThan(0)
    expect(over.length).toBeLessThanOrEqual(2)
    const after = sizes.slice(over.at(-1)! + 1, -1)
    expect(after.length).toBeGreaterThan(1000)
    expect(new Set(after)).toEqual(new Set([100]))
  })
})
