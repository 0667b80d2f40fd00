/**
 * The CLI against the floor: `validate` on NDJSON vs a bare Node script that reads the same file line by line
 * and only calls JSON.parse; `convert --to common/Session` vs a bare JSON.parse + JSON.stringify loop. Ratios
 * are throughputs (floor time ÷ CLI time). Peak RSS of `validate` at 100 MB and 1 GB of input.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { SESSION_MODELS } from '@session-schemas/converter'
import { fmtSummary, summarize } from './stats.js'
import { root } from './validators.js'

const DATA = path.join(root, 'bench/.data')
const CLI = path.join(root, 'packages/cli/dist/bin.js')

const FLOOR_PARSE = `
const fs = require('node:fs'), readline = require('node:readline')
const rl = readline.createInterface({ input: fs.createReadStream(process.argv[1]), crlfDelay: Infinity })
let n = 0
rl.on('line', (line) => { if (line) { JSON.parse(line); n++ } })
rl.on('close', () => console.error(n))`

const FLOOR_CONVERT = `
const fs = require('node:fs'), readline = require('node:readline')
const rl = readline.createInterface({ input: fs.createReadStream(process.argv[1]), crlfDelay: Infinity })
const out = []
let size = 0
rl.on('line', (line) => { if (!line) return; out.push(JSON.stringify(JSON.parse(line))); if (++size % 1000 === 0) { process.stdout.write(out.join('\\n') + '\\n'); out.length = 0 } })
rl.on('close', () => process.stdout.write(out.join('\\n') + '\\n'))`

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

function seconds(command: string[], stdout: 'ignore' | 'pipe' = 'ignore'): number {
  const start = performance.now()
  const result = spawnSync(process.execPath, command, {
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 1 << 30,
  })
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`)
  return (performance.now() - start) / 1000
}

export function peakRss(file: string): number {
  const result = spawnSync(process.execPath, [CLI, 'validate', '--model', 'auto', file], {
    env: { ...process.env, SESSION_SCHEMAS_REPORT_MAX_RSS: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  })
  const match = /maxRSS (\d+) KiB/.exec(result.stderr)
  if (!match) throw new Error(`no maxRSS reported: ${result.stderr}`)
  return Number(match[1]) / 1024
}

/** Every session model (the converter's), one record each, cycled. */
export const ALL: string[] = [...SESSION_MODELS]

export async function benchCli(options: { rounds: number; smoke: boolean }): Promise<string[]> {
  if (!existsSync(CLI)) return ['(packages/cli is not built: run `pnpm build`)']
  const records = options.smoke ? 2000 : 1_000_000
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
    '| input | size | validate ÷ JSON.parse floor (goal ≥ 0.8) | convert to common/Session ÷ parse+stringify floor (goal ≥ 0.5) |',
    '|---|---|---|---|',
  ]
  for (const input of inputs) {
    const file = await generate(input.name, records, input.models)
    const validate: number[] = []
    const convert: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      validate.push(
        seconds(['-e', FLOOR_PARSE, file]) / seconds([CLI, 'validate', '--model', input.model, file]),
      )
      convert.push(
        seconds(['-e', FLOOR_CONVERT, file]) /
          seconds([CLI, 'convert', '--from', input.model, '--to', 'common/Session', file]),
      )
    }
    const mib = statSync(file).size / 2 ** 20
    lines.push(
      `| ${input.label} | ${mib.toFixed(0)} MiB | ${fmtSummary(summarize(validate))} | ${fmtSummary(summarize(convert))} |`,
    )
  }
  if (!options.smoke) {
    lines.push('', '| input | peak RSS of `validate --model auto` (goal < 150 MB) |', '|---|---|')
    for (const [label, count] of [
      ['100 MB', 95_000],
      ['1 GB', 950_000],
    ] as const) {
      const file = await generate(`rss-${count}`, count, ALL)
      lines.push(
        `| ${label} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, ${count.toLocaleString('en')} records) | ${peakRss(file).toFixed(0)} MiB |`,
      )
    }
  }
  return lines
}
