#!/usr/bin/env node
// The `session-schemas` executable: the standard streams in, an exit status out.
import { readFileSync } from 'node:fs'
import { run } from './main.js'
import { removeTempDirsSync } from './output/temp-dirs.js'

// Interrupted (Ctrl-C, a pipeline's kill): leave no spilled report behind, and die of the signal as
// a shell expects (exit 128 + its number).
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
] as const) {
  process.once(signal, () => {
    removeTempDirsSync()
    process.exit(128 + number)
  })
}

/**
 * This process's peak resident set size in KiB. Linux's VmHWM where there is one: `maxRSS` (getrusage) keeps
 * across exec what the parent held when it forked us, so a large parent (a test runner) would show as ours.
 */
function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (match) return Number(match[1])
  } catch {
    // Not Linux: maxRSS below.
  }
  return process.resourceUsage().maxRSS
}

if (process.env.SESSION_SCHEMAS_REPORT_MAX_RSS) {
  // For the memory tests and benchmarks: the peak resident set size and the CPU time (all threads), measured
  // by the kernel.
  process.on('exit', () => {
    const usage = process.resourceUsage()
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
    process.stderr.write(`session-schemas: maxRSS ${peakRssKiB()} KiB, cpu ${cpuMs} ms\n`)
  })
}

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})
