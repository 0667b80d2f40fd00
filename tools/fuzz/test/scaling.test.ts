/**
 * Every function of the model surface is linear in its input: each is timed on an input of size n and
 * of size 8n (CPU time, the minimum of several runs). A linear function gives a ratio near 8 (n log n a
 * little more); a quadratic one 64. The check fails above 30, which leaves room for a noisy machine.
 * This is a scaling check, not a benchmark: the figures themselves live in bench/.
 *
 * Also: a recursive model followed deeper than the evaluator's limit (a maxDepth issue, and check
 * agrees), and the memory that errors() needs for an 8 MiB Intersight record whose `Ancestors` holds 2.79
 * million `{}` (about 8.4 million issues), measured in a child process with `maxRSS`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { toCommon } from '@session-schemas/converter'
import * as Response from '@session-schemas/netscaler/mpssession.Response'
import * as Message from '@session-schemas/vsphere/vapi.std.LocalizableMessage'
import { describe, expect, it } from 'vitest'

const LINEAR_LIMIT = 30
const RUNS = 7

/** CPU milliseconds of one call (CPU time: other processes on the machine do not count). */
function cpuTime(call: () => void): number {
  const start = process.cpuUsage()
  call()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

/**
 * How many times longer `large` (8x the input) takes than `small`: the fastest of several runs of
 * each, a run being as many calls as make the small one long enough to time. Small and large runs
 * alternate, so that both meet the same load on a shared machine. The runs stop as soon as the ratio is
 * clearly linear, or clearly not (a quadratic function need not run seven times).
 */
function scaling(small: () => void, large: () => void): number {
  // Warm up: the compile of the explaining evaluator, the JIT, and a heap grown for the large input.
  small()
  const once = cpuTime(small)
  large()
  const calls = Math.max(1, Math.ceil(5 / Math.max(once, 0.05)))
  const repeat = (call: () => void) => () => {
    for (let i = 0; i < calls; i++) call()
  }
  let fastSmall = Number.POSITIVE_INFINITY
  let fastLarge = Number.POSITIVE_INFINITY
  let ratio = Number.POSITIVE_INFINITY
  const start = performance.now()
  for (let i = 0; i < RUNS; i++) {
    fastSmall = Math.min(fastSmall, cpuTime(repeat(small)))
    fastLarge = Math.min(fastLarge, cpuTime(repeat(large)))
    ratio = fastLarge / Math.max(fastSmall, 0.5)
    // Seconds per run is not linear at these sizes: no need to wait for more runs to say so.
    if (i >= 2 && (ratio < LINEAR_LIMIT || ratio > 4 * LINEAR_LIMIT || performance.now() - start > 10_000))
      break
  }
  return ratio
}

/** A NITRO envelope holding `items` session records, each made by `record(i)`. */
function envelope(items: number, record: (i: number) => Record<string, unknown>) {
  return {
    errorcode: 0,
    message: 'Done',
    severity: 'NONE',
    mpssession: Array.from({ length: items }, (_, i) => record(i)),
  }
}

/** A complete session record (every declared property), as a real GET returns it. */
const session = (i: number): Record<string, unknown> => ({
  tenant_name: 'Owner',
  expire_after: 1722,
  login_time: 1700000000 + i,
  permission: 'superuser',
  session_timeout: 1800,
  port: 50000 + (i % 10000),
  username: `user${i}`,
  client_type: 'GUI',
  last_activity_time: 1700000078 + i,
  session_creator: 'nsroot',
  is_external_auth: false,
  id: `id-${i}`,
  ip_address: '192.0.2.10',
  token: `tok${i}`,
  sessionid: `##${i}`,
  is_self: i % 2 === 0,
})

/**
 * One session with `n` properties the schema does not describe (what the audit measured: one copy of
 * the object per unknown key made stripping quadratic).
 */
function drift(n: number) {
  const record = session(0)
  for (let i = 0; i < n; i++) record[`x${i}`] = i
  return envelope(1, () => record)
}

/** `leaf` under n objects `{"a": ...}`. */
function nested(n: number, leaf: unknown): unknown {
  let value = leaf
  for (let i = 0; i < n; i++) value = { a: value }
  return value
}

interface Case {
  readonly name: string
  /** The size of the small input (the large one is 8 times as large). */
  readonly n: number
  readonly input: (n: number) => unknown
  /** The call under test; it also checks its own result, so that a fast wrong answer cannot pass. */
  readonly call: (input: unknown, n: number) => void
}

const cases: Case[] = [
  {
    name: 'check, many array items',
    n: 5_000,
    input: (n) => envelope(n, session),
    call: (input) => expect(Response.check(input)).toBe(true),
  },
  {
    name: 'errors, many invalid items',
    n: 2_000,
    input: (n) => envelope(n, (i) => ({ ...session(i), port: `p${i}`, is_self: 'yes' })),
    call: (input, n) => {
      const issues = Response.errors(input)
      expect(issues).toHaveLength(101)
      expect(issues[100]).toEqual({
        path: '',
        keyword: 'maxIssues',
        message: `${2 * n - 100} more issues not listed`,
      })
    },
  },
  {
    name: "parse { unknownProperties: 'strip' }, many unknown keys",
    n: 1_000,
    input: drift,
    call: (input) => {
      const stripped = Response.parse(input, { unknownProperties: 'strip' })
      expect(Object.keys(stripped.mpssession![0]!)).toHaveLength(16)
    },
  },
  {
    name: "parse { unknownProperties: 'reject' }, many unknown keys",
    n: 1_000,
    input: drift,
    call: (input, n) =>
      expect(() => Response.parse(input, { unknownProperties: 'reject' })).toThrow(
        `(and 99 more issues; ${n - 100} more issues not listed)`,
      ),
  },
  {
    // A vSphere message whose parameters map holds n parameters with a string-encoded number each (one
    // copy of the map per coercion made coercion quadratic).
    name: 'parse { coerce: true }, many coercible strings',
    n: 500,
    input: (n) => ({
      id: 'com.vmware.msg',
      default_message: 'x',
      args: [],
      params: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { i: String(i), d: '1.5' }])),
    }),
    call: (input, n) => {
      const parsed = Message.parse(input, { coerce: true })
      expect(parsed.params![`p${n - 1}`]).toEqual({ i: n - 1, d: 1.5 })
    },
  },
  {
    name: 'unknownProperties, many unknown keys',
    n: 1_000,
    input: drift,
    call: (input, n) => expect(Response.unknownProperties(input)).toHaveLength(n),
  },
  {
    // A secret-named key at the bottom of drift nested n deep: the walk that finds it copied its whole path at
    // every level (quadratic: 240 KB took 23 s).
    name: 'convert, a secret in drift nested n deep',
    n: 2_000,
    input: (n) => ({ username: 'u', id: '1', drift: nested(n, { token: 'x' }) }),
    call: (input, n) => {
      const { losses } = toCommon('netscaler/mpssession', input)
      expect(losses.filter((loss) => loss.kind === 'redacted').map((loss) => loss.path.length)).toEqual([
        '/drift/token'.length + 2 * n,
      ])
    },
  },
  {
    name: 'secrets, many array items',
    n: 2_000,
    input: (n) => envelope(n, session),
    call: (input, n) => expect(Response.secrets(input)).toHaveLength(2 * n),
  },
]

describe('the scaling check', () => {
  // 1,000 items, not 300: the small run then lasts about a millisecond, long enough that the JIT's first
  // compile does not inflate it (300 items gave 25 instead of 64 once in CI, under load).
  it('can fail: a quadratic function gives more than the limit', { retry: 2 }, () => {
    const pairs = (items: readonly number[]) => {
      let sum = 0
      for (const a of items) for (const b of items) sum += a ^ b
      return sum
    }
    const small = Array.from({ length: 1_000 }, (_, i) => i)
    const large = Array.from({ length: 8_000 }, (_, i) => i)
    expect(
      scaling(
        () => pairs(small),
        () => pairs(large),
      ),
    ).toBeGreaterThan(LINEAR_LIMIT)
  })
})

describe('every function of the model surface is linear in its input', () => {
  for (const { name, n, input, call } of cases) {
    // Retries absorb bursts of load on a shared machine (seen: 34-47 once under a load of 5-10 with the whole
    // suite running); a quadratic function fails every time.
    it(`${name}: n vs 8n`, { retry: 4 }, () => {
      const small = input(n)
      const large = input(8 * n)
      const ratio = scaling(
        () => call(small, n),
        () => call(large, 8 * n),
      )
      expect(ratio, `${name}: 8x the input took ${ratio.toFixed(1)}x the time`).toBeLessThan(LINEAR_LIMIT)
    })
  }
})

describe('errors() memory', () => {
  const root = path.resolve(import.meta.dirname, '../../..')

  it('an 8 MiB record with 2.79 million `{}` in Ancestors: capped issues, an exact count, < 256 MiB', () => {
    // The child imports the built model as users load it, with plain Node (tsx's transform of the
    // 600 KB generated source cost more CPU than the rest of the child).
    const model = path.join(root, 'packages/intersight/dist/generated/iam.Session.gen.js')
    if (!existsSync(model)) throw new Error(`${model} is missing: build first (npx turbo run build)`)
    const child = `import { errors } from ${JSON.stringify(pathToFileURL(model).href)}
const text = '{"ClassId":"iam.Session","ObjectType":"iam.Session","Ancestors":[' + new Array(2_790_000).fill('{}').join(',') + ']}'
const record = JSON.parse(text)
const before = process.memoryUsage().rss
const issues = errors(record)
const grown = process.resourceUsage().maxRSS * 1024 - before
console.log(JSON.stringify({ bytes: text.length, issues, grown }))
`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const { bytes, issues, grown } = JSON.parse(run.stdout) as {
      bytes: number
      issues: { path: string; keyword: string; message: string }[]
      grown: number
    }
    expect(bytes).toBeLessThan(8 * 2 ** 20)
    expect(issues).toHaveLength(101)
    expect(issues.slice(0, 3).map((i) => `${i.path} ${i.keyword}`)).toEqual([
      '/Ancestors/0/ClassId required',
      '/Ancestors/0/ObjectType required',
      '/Ancestors/0 oneOf',
    ])
    // 3 issues per item (two required, one oneOf) and the anyOf of `Ancestors` (an array or null).
    expect(issues[100]).toEqual({
      path: '',
      keyword: 'maxIssues',
      message: `${3 * 2_790_000 + 1 - 100} more issues not listed`,
    })
    expect(JSON.stringify(issues)).not.toMatch(/call stack/)
    expect(grown, `errors() grew the process by ${(grown / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(
      256 * 2 ** 20,
    )
  })
})

describe('deep nesting through a recursive model (vsphere/vapi.std.LocalizableMessage)', () => {
  /** A message whose parameter holds a nested message, `levels` times (3 containers per level). */
  function nested(levels: number) {
    let message: Record<string, unknown> = { id: 'leaf' }
    for (let i = 0; i < levels; i++) message = { id: `m${i}`, params: { p: { l: message } } }
    return { id: 'root', default_message: 'x', args: [], params: { p: { l: message } } }
  }

  it('a maxDepth issue, never a stack overflow, and check agrees on either side of the limit', () => {
    for (const levels of [100, 200, 1_000, 100_000]) {
      const value = nested(levels)
      const issues = Message.errors(value)
      expect(JSON.stringify(issues)).not.toMatch(/call stack|cannot be read/)
      const valid = levels === 100
      expect(issues.length === 0, `${levels} levels`).toBe(valid)
      expect(Message.check(value), `${levels} levels`).toBe(valid)
      if (!valid)
        expect(issues[0]).toMatchObject({ keyword: 'maxDepth', message: 'nested deeper than 512 levels' })
      expect(() => Message.unknownProperties(value)).not.toThrow()
      expect(Message.secrets(value)).toEqual([])
    }
  })
})
