/**
 * `pnpm bench`: every benchmark, each figure a ratio against a baseline measured in the same run, with
 * min / median / max over the rounds. `--smoke` runs each once, tiny (CI: proves they work, no gates).
 * `--write` updates bench/RESULTS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { benchBundles, benchPlaygroundBundle } from './src/bundle-size.js'
import { benchCli } from './src/cli.js'
import { benchColdStart } from './src/cold-start.js'
import { fmt, fmtSummary } from './src/stats.js'
import { benchValidators } from './src/validators.js'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    // A shorter full run: fewer rounds (default 7, the CLI's 5) and records per CLI input (default 1,000,000).
    rounds: { type: 'string' },
    records: { type: 'string' },
  },
})
const smoke = values.smoke
const rounds = smoke ? 1 : Number(values.rounds ?? 7)
const cliRounds = smoke ? 1 : Number(values.rounds ?? 5)
const records = smoke ? 2000 : Number(values.records ?? 1_000_000)
if (!(Number.isInteger(rounds) && rounds > 0 && Number.isInteger(records) && records > 0))
  throw new Error('--rounds and --records take whole numbers of at least 1')
const lines: string[] = []
const say = (line = '') => {
  console.log(line)
  lines.push(line)
}

say('# Benchmark results')
say()
say(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
)
say(
  `Each figure is a ratio measured in the same run, min / **median** / max over ${rounds} rounds (the CLI's: ${cliRounds}). Reproduce with \`pnpm bench --write${values.rounds ? ` --rounds ${rounds}` : ''}${values.records ? ` --records ${records}` : ''}\`.`,
)
say()

say('## 1-2. Validators vs ajv (draft 2020-12, strict) on the same canonical schema')
say()
say(
  "Throughput in CPU time on the model's own examples. `check` on the valid ones ÷ ajv as users set it up (ajv-formats; goal ≥ 2) and ÷ ajv with our format functions (`ajvFormats`: the same strict date-time; goal ≥ 1); `check` on the invalid ones ÷ ajv with our formats (goal ≥ 1); `errors()` on the invalid ones ÷ ajv `allErrors` with our formats (goal ≥ 1).",
)
say()
say(
  '| model | check ÷ ajv (ajv-formats) | check ÷ ajv (our formats) | check on invalid ÷ ajv (our formats) | errors() ÷ ajv allErrors | our check, records/CPU-s |',
)
say('|---|---|---|---|---|---|')
for (const r of benchValidators({ rounds, ms: smoke ? 20 : 300 })) {
  say(
    `| \`${r.model}\` | ${fmtSummary(r.check)} | ${fmtSummary(r.checkSameFormats)} | ${fmtSummary(r.checkInvalid)} | ${fmtSummary(r.errors)} | ${(r.checkOpsPerSecond / 1e6).toFixed(2)} M |`,
  )
}
say()

say('## 3-4. CLI vs the JSON.parse floor')
say()
for (const line of await benchCli({ rounds: cliRounds, records, smoke })) say(line)
say()

say(
  '## 5. Cold start: a new process imports one model and checks one record, vs ajv compiling the same schema (goal ≤ 0.5)',
)
say()
const cold = benchColdStart(smoke ? 1 : 9)
say('| measure | ours ÷ ajv |')
say('|---|---|')
say(`| import + compile + check (in process) | ${fmtSummary(cold.ratio)} |`)
say(`| whole process, Node start included | ${fmtSummary(cold.wallRatio)} |`)
say()
say(`In-process medians: ours ${fmt(cold.oursMs.median, 1)} ms, ajv ${fmt(cold.ajvMs.median, 1)} ms.`)
say()

say('## 6. Bundle bytes (esbuild, minified, gzip -9)')
say()
say('| app | minified | gzipped |')
say('|---|---|---|')
for (const b of [...(await benchBundles()), benchPlaygroundBundle()])
  say(`| ${b.app} | ${(b.minified / 1024).toFixed(1)} KB | ${(b.gzipped / 1024).toFixed(1)} KB |`)
say()

// The figures are measured; why a goal is missed is read from profiles, written by hand in ANALYSIS.md.
if (values.write && !smoke) {
  const analysis = readFileSync(new URL('ANALYSIS.md', import.meta.url), 'utf8')
  writeFileSync(new URL('RESULTS.md', import.meta.url), `${lines.join('\n')}\n\n${analysis}`)
}
