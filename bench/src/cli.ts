/**
 * The CLI against the floor: `validate` on NDJSON vs a bare Node script that reads the same file line by line
 * and only calls JSON.parse; `convert --to common/Session` vs a bare JSON.parse + JSON.stringify loop. Ratios
 * are throughputs (floor time ÷ CLI time). Peak RSS of `validate` at 100 MB and 1 GB of input.
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { SESSION_MODELS } from '@session-schemas/converter'
import { fmtSummary, summarize } from './stats.js'
import { root } from './validators.js'

const DATA = path.join(root, 'bench/.data')
const CLI = path.join(root, 'packages/cli/dist/bin.js')

/**
 * The floors: the fastest honest way to do the bare work in Node. Read the file in 64 KiB chunks (as the CLI
 * does), decode each chunk's complete lines at once, cut them with indexOf, JSON.parse each (and, for convert,
 * JSON.stringify it and write in batches). No readline: it is slower than this, and a slow floor flatters us.
 * Each process reports its own CPU time on exit, so other processes on the machine do not count.
 */
const FLOOR_READER = `
const fs = require('node:fs')
process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('cpu ' + (u.userCPUTime + u.systemCPUTime) / 1000 + ' ms\\n') })
function eachLine(file, onLine) {
  const fd = fs.openSync(file, 'r'), chunk = Buffer.allocUnsafe(65536)
  let carry = ''
  for (;;) {
    const n = fs.readSync(fd, chunk, 0, chunk.length, null)
    if (n === 0) break
    const last = chunk.lastIndexOf(10, n - 1)
    if (last < 0) { carry += chunk.toString('utf8', 0, n); continue }
    const text = carry + chunk.toString('utf8', 0, last + 1)
    carry = chunk.toString('utf8', last + 1, n)
    let start = 0
    for (let end = text.indexOf('\\n'); end >= 0; start = end + 1, end = text.indexOf('\\n', start))
      if (end > start) onLine(text.slice(start, end))
  }
  if (carry) onLine(carry)
}`

const FLOOR_PARSE = `${FLOOR_READER}
let n = 0
eachLine(process.argv[1], (line) => { JSON.parse(line); n++ })`

const FLOOR_CONVERT = `${FLOOR_READER}
let out = ''
eachLine(process.argv[1], (line) => {
  out += JSON.stringify(JSON.parse(line)) + '\\n'
  if (out.length > 65536) { fs.writeSync(1, out); out = '' }
})
fs.writeSync(1, out)`

/** One realistic record per session model (the examples), cycled into a file of `records` lines. */
export async function generate(name: string, records: number, models: string[]): Promise<string> {
  mkdirSync(DATA, { recursive: true })
  const file = path.join(DATA, `${name}.ndjson`)
  if (existsSync(file)) return file
  const lines = models.map((model) => {
    const [vendor, id] = model.split('/') as [string, string]
    const example = id === 'XiqApiTokenInfo' ? 'full' : 'full-current'
    return JSON.stringify(
      JSON.parse(
        readFileSync(path.join(root, 'schemas', vendor, 'examples/valid', id, `${example}.json`), 'utf8'),
      ),
    )
  })
  const out = createWriteStream(file)
  for (let i = 0; i < records; i++) {
    // Vary the ids so that no two records are the same text.
    const line = lines[i % lines.length]!.replace(
      /"(user_id|FailedLogins|callCount|port)":\d+/,
      (_m, key: string) => `"${key}":${i % 60000}`,
    )
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
  return file
}

/** CPU milliseconds of a Node process (user + system, all its threads), as it reports them on exit. */
function cpu(command: string[], env: NodeJS.ProcessEnv = {}): number {
  return timed(command, env).cpuMs
}

/** A process's wall time (as a user waits for it) and its CPU time (all threads, as it reports it). */
function timed(command: string[], env: NodeJS.ProcessEnv = {}): { wallMs: number; cpuMs: number } {
  const start = performance.now()
  const result = spawnSync(process.execPath, command, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command.join(' ')} failed: ${result.stderr}`)
  const wallMs = performance.now() - start
  const match = /cpu ([\d.]+) ms/.exec(result.stderr)
  if (!match) throw new Error(`no CPU time reported by ${command.join(' ')}: ${result.stderr.slice(-500)}`)
  return { wallMs, cpuMs: Number(match[1]) }
}

export function peakRss(file: string, jobs = 1): number {
  const result = spawnSync(
    process.execPath,
    [CLI, 'validate', '--model', 'auto', '--jobs', String(jobs), file],
    {
      env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  )
  const match = /maxRSS (\d+) KiB/.exec(result.stderr)
  if (!match) throw new Error(`no maxRSS reported: ${result.stderr}`)
  return Number(match[1]) / 1024
}

/** Every session model (the converter's), one record each, cycled. */
export const ALL: string[] = [...SESSION_MODELS]

/** The same records as one JSON array (the CLI's other input shape), written as a stream (inputs reach 1 GiB). */
async function asArray(ndjson: string): Promise<string> {
  const file = ndjson.replace(/\.ndjson$/, '.array.json')
  if (!existsSync(file)) {
    const out = createWriteStream(file)
    const write = async (text: string) => {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
    await write('[\n')
    let first = true
    for await (const line of createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity })) {
      if (line === '') continue
      await write(`${first ? '' : ',\n'}${line}`)
      first = false
    }
    await new Promise<void>((resolve) => out.end('\n]\n', () => resolve()))
  }
  return file
}

/** The same records, each made invalid by one field of the wrong type (XIQ's user_id as a string). */
async function asInvalid(ndjson: string): Promise<string> {
  const file = ndjson.replace(/\.ndjson$/, '.invalid.ndjson')
  if (!existsSync(file)) {
    const text = readFileSync(ndjson, 'utf8').replace(/"user_id":(\d+)/g, '"user_id":"$1"')
    await new Promise<void>((resolve) => createWriteStream(file).end(text, () => resolve()))
  }
  return file
}

/** The stream with every record cut in half: malformed, as a record cut short by a crash or a full disk is. */
async function asMalformed(ndjson: string): Promise<string> {
  const file = ndjson.replace(/\.ndjson$/, '.malformed.ndjson')
  if (!existsSync(file)) {
    const text = readFileSync(ndjson, 'utf8').replace(/^.+$/gm, (line) => line.slice(0, line.length >> 1))
    await new Promise<void>((resolve) => createWriteStream(file).end(text, () => resolve()))
  }
  return file
}

export async function benchCli(options: {
  rounds: number
  records: number
  smoke: boolean
}): Promise<string[]> {
  if (!existsSync(CLI)) return ['(packages/cli is not built: run `pnpm build`)']
  const { records } = options
  const inputs = [
    {
      name: `xiq-${records}`,
      label: `${records.toLocaleString('en')} XIQ records`,
      model: 'extremecloudiq/XiqApiTokenInfo',
      models: ['extremecloudiq/XiqApiTokenInfo'],
    },
    {
      name: `mixed-${records}`,
      label: `${records.toLocaleString('en')} mixed-vendor records`,
      model: 'auto',
      models: ALL,
    },
  ]
  const lines = [
    'CPU time of whole processes (all threads), floor ÷ CLI per round, floor and CLI interleaved.',
    '',
    '| input | size | validate ÷ floor (goal ≥ 0.8) | convert to common/Session ÷ floor (goal ≥ 0.6) | convert to OCSF ÷ floor (goal ≥ 0.5) | JSON array ÷ NDJSON (goal ≥ 0.8) |',
    '|---|---|---|---|---|---|',
  ]
  for (const input of inputs) {
    const file = await generate(input.name, records, input.models)
    const array = await asArray(file)
    const validate: number[] = []
    const common: number[] = []
    const ocsf: number[] = []
    const arrays: number[] = []
    const convert = (to: string) => [CLI, 'convert', '--from', input.model, '--to', to, '--summary', file]
    for (let round = 0; round < options.rounds; round++) {
      const ndjsonCpu = cpu([CLI, 'validate', '--jobs', '1', '--model', input.model, file])
      validate.push(cpu(['-e', FLOOR_PARSE, file]) / ndjsonCpu)
      arrays.push(
        ndjsonCpu / cpu([CLI, 'validate', '--jobs', '1', '--model', input.model, '--input', 'json', array]),
      )
      const floor = cpu(['-e', FLOOR_CONVERT, file])
      common.push(floor / cpu(convert('common/Session')))
      ocsf.push(floor / cpu(convert('ocsf')))
    }
    const mib = statSync(file).size / 2 ** 20
    lines.push(
      `| ${input.label} | ${mib.toFixed(0)} MiB | ${[validate, common, ocsf, arrays].map((r) => fmtSummary(summarize(r))).join(' | ')} |`,
    )
  }
  lines.push(
    '',
    'validate --jobs 2 (worker threads) against the one-core floor: wall time (what a user waits for; other load on',
    'the machine counts), and CPU time of all threads against --jobs 1 (what the threads cost on top).',
    '',
    '| input | floor wall ÷ --jobs 2 wall (goal ≥ 1.5) | floor wall ÷ --jobs 1 wall | --jobs 2 CPU ÷ --jobs 1 CPU |',
    '|---|---|---|---|',
  )
  for (const input of inputs) {
    const file = await generate(input.name, records, input.models)
    const parallel: number[] = []
    const single: number[] = []
    const cost: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      const floor = timed(['-e', FLOOR_PARSE, file]).wallMs
      const one = timed([CLI, 'validate', '--jobs', '1', '--model', input.model, file])
      const two = timed([CLI, 'validate', '--jobs', '2', '--model', input.model, file])
      parallel.push(floor / two.wallMs)
      single.push(floor / one.wallMs)
      cost.push(two.cpuMs / one.cpuMs)
    }
    lines.push(
      `| ${input.label} | ${[parallel, single, cost].map((r) => fmtSummary(summarize(r))).join(' | ')} |`,
    )
  }
  lines.push(
    '',
    'convert and detect --jobs 2 against --jobs 1 (the same command on one thread): wall time and CPU time of all',
    'threads.',
    '',
    '| input, command | --jobs 1 wall ÷ --jobs 2 wall | --jobs 2 CPU ÷ --jobs 1 CPU |',
    '|---|---|---|',
  )
  for (const input of inputs) {
    const file = await generate(input.name, records, input.models)
    const to = input.model === 'auto' ? 'common/Session' : 'ocsf'
    const commands = [
      [`\`convert --to ${to}\``, [CLI, 'convert', '--from', input.model, '--to', to, '--summary', file]],
      ['`detect --format json`', [CLI, 'detect', '--format', 'json', file]],
    ] as const
    for (const [label, command] of commands) {
      const speedup: number[] = []
      const cost: number[] = []
      for (let round = 0; round < options.rounds; round++) {
        const one = timed([...command, '--jobs', '1'])
        const two = timed([...command, '--jobs', '2'])
        speedup.push(one.wallMs / two.wallMs)
        cost.push(two.cpuMs / one.cpuMs)
      }
      lines.push(
        `| ${input.label}, ${label} | ${[speedup, cost].map((r) => fmtSummary(summarize(r))).join(' | ')} |`,
      )
    }
  }
  const xiq = await generate(`xiq-${records}`, records, ['extremecloudiq/XiqApiTokenInfo'])
  const streams = [await asInvalid(xiq), await asMalformed(xiq)]
  // The same comparison with each report: the JSON report of an invalid record is ~220 bytes, the text
  // one ~130, the summary nothing (so the last shows the judging alone).
  const reports = [
    ['`--format json`', ['--format', 'json']],
    ['text', []],
    ['`--summary`', ['--summary']],
  ] as const
  const costs = reports.map(() => streams.map((): number[] => []))
  for (let round = 0; round < options.rounds; round++) {
    reports.forEach(([, flags], i) => {
      const args = ['validate', '--jobs', '1', '--model', 'extremecloudiq/XiqApiTokenInfo', ...flags]
      const valid = cpu([CLI, ...args, xiq])
      streams.forEach((stream, j) => {
        costs[i]![j]!.push(cpu([CLI, ...args, stream]) / valid)
      })
    })
  }
  lines.push(
    '',
    `CPU of the stream of ${records.toLocaleString('en')} XIQ records where every record is invalid (\`user_id\` a string),`,
    'and where every record is malformed (each line cut in half), ÷ the same stream valid, with each report.',
    '',
    '| report | invalid ÷ valid (goal ≤ 1.3) | malformed ÷ valid |',
    '|---|---|---|',
    ...reports.map(
      ([label], i) => `| ${label} | ${costs[i]!.map((r) => fmtSummary(summarize(r))).join(' | ')} |`,
    ),
  )
  if (!options.smoke) {
    lines.push(
      '',
      '| input | peak RSS of `validate --model auto --jobs 1` (goal < 150 MB) | with `--jobs 2` (goal < 150 MB) |',
      '|---|---|---|',
    )
    for (const [label, count] of [
      ['100 MB', 95_000],
      ['1 GB', 950_000],
    ] as const) {
      const file = await generate(`rss-${count}`, count, ALL)
      lines.push(
        `| ${label} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, ${count.toLocaleString('en')} records) | ${peakRss(file).toFixed(0)} MiB | ${peakRss(file, 2).toFixed(0)} MiB |`,
      )
    }
  }
  return lines
}
