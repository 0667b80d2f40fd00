/**
 * readJson and writeJson are linear in their input: the CPU time at 8n over the CPU time at n stays far below
 * what a quadratic step gives (64). Min of several runs against noise; not a benchmark (that is bench/).
 */
import { describe, expect, it } from 'vitest'
import { readJson, writeJson } from '../src/index.js'

const RUNS = 5
/** A linear step gives about 8; quadratic about 64. */
const QUADRATIC = 30
/** CPU milliseconds that one timed run lasts at least: far above the clock's resolution and a JIT tier-up. */
const RUN_MS = 5

/** CPU milliseconds this process has used. */
function cpuNow(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** CPU milliseconds of `calls` calls (CPU time: other processes on a busy machine do not count). */
function cpuTime(step: () => unknown, calls: number): number {
  const start = cpuNow()
  for (let i = 0; i < calls; i++) step()
  return cpuNow() - start
}

/** How many calls make a run of about RUN_MS: counted over at least 1 ms, not guessed from one call. */
function callsPerRun(step: () => unknown): number {
  let calls = 0
  const start = cpuNow()
  let elapsed = 0
  while (elapsed < 1) {
    step()
    calls++
    elapsed = cpuNow() - start
  }
  return Math.max(1, Math.ceil((calls * RUN_MS) / elapsed))
}

/** The fastest of RUNS runs of `calls` calls each. */
function fastest(step: () => unknown, calls: number): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < RUNS; i++) best = Math.min(best, cpuTime(step, calls))
  return best
}

/**
 * Time at 8n over time at n, each run repeating the call until it lasts RUN_MS (a single sub-millisecond
 * call is mostly clock noise). A garbage-collection pause or a busy machine can inflate one measurement,
 * never every one: up to `attempts` attempts, and the best counts. A quadratic step fails them all.
 */
function growth<T>(make: (n: number) => T, step: (input: T) => unknown, n: number, attempts = 5): number {
  const small = make(n)
  const large = make(8 * n)
  const runSmall = () => step(small)
  const runLarge = () => step(large)
  runLarge() // warm up: the JIT, and a heap grown for the large input
  const calls = callsPerRun(runSmall)
  let best = Number.POSITIVE_INFINITY
  for (let attempt = 0; attempt < attempts && best >= QUADRATIC; attempt++) {
    best = Math.min(best, fastest(runLarge, calls) / fastest(runSmall, calls))
  }
  return best
}

const read = (text: string) => {
  try {
    return readJson(text)
  } catch (error) {
    return error
  }
}

const wide = (n: number, item: (i: number) => string) =>
  `[${Array.from({ length: n }, (_, i) => item(i)).join(',')}]`

describe('readJson and writeJson scale linearly', () => {
  // Sizes keep n and 8n in one memory regime: garbage collection, and V8's own JSON.parse of a long escaped
  // string, change pace at some sizes (the latter between 100 KB and 1 MB), which is not ours to measure.
  it.each<[string, (n: number) => string, number]>([
    ['wide, fast path', (n) => wide(n, (i) => `{"id":${i},"name":"user ${i}","ok":true}`), 2_000],
    [
      'wide, with bigints (exact re-read)',
      (n) => wide(n, (i) => `{"id":${2n ** 60n + BigInt(i)},"s":"x"}`),
      250,
    ],
    ['wide, duplicate keys (exact re-read)', (n) => `{${'"a":1,'.repeat(n)}"n":9007199254740993}`, 1_000],
    ['a long string', (n) => JSON.stringify('é\\"x'.repeat(n)), 100_000],
    [
      'a long string beside a bigint',
      (n) => `[${JSON.stringify('\\\\"x'.repeat(n))},9007199254740993]`,
      100_000,
    ],
    ['a long number (refused)', (n) => `1${'0'.repeat(n)}.5`, 20_000],
    ['malformed at the end', (n) => `${wide(n, (i) => `{"id":${i}}`)}x`, 2_000],
    // Small: V8's JSON.parse allocates every array before it fails, and at larger depths garbage collection
    // of that chain (not our code) changes pace.
    ['malformed: deep and unclosed', (n) => '['.repeat(n), 250],
    ['deep, with a bigint (exact re-read)', (n) => `${'['.repeat(n)}9007199254740993${']'.repeat(n)}`, 1_000],
    ['an unterminated long string', (n) => `{"a":"${'x'.repeat(n)}`, 100_000],
  ])('readJson: %s', (_, make, n) => {
    expect(growth(make, read, n)).toBeLessThan(QUADRATIC)
  })

  it('writeJson with bigints', () => {
    const value = (n: number) => Array.from({ length: n }, (_, i) => ({ id: 2n ** 60n + BigInt(i), s: 'x' }))
    expect(growth(value, (v) => writeJson(v), 500)).toBeLessThan(QUADRATIC)
    expect(growth(value, (v) => writeJson(v, { int64: 'string' }), 500)).toBeLessThan(QUADRATIC)
  })

  it('the check can fail: a quadratic step is caught', () => {
    // A plain loop over all pairs (no native search whose fixed cost per call would blur the ratio).
    const quadratic = (text: string) => {
      let sum = 0
      for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j++) sum += text.charCodeAt(j)
      return sum
    }
    // One attempt: a quadratic step needs no second chance to show it.
    expect(growth((n) => 'x'.repeat(n), quadratic, 500, 1)).toBeGreaterThan(QUADRATIC)
  })
})
