/** Ratios measured in rounds: summarised as min / median / max. */
export interface Summary {
  readonly min: number
  readonly median: number
  readonly max: number
  readonly rounds: number
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, rounds: sorted.length }
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits)
export const fmtSummary = (s: Summary, digits = 2) =>
  `${fmt(s.min, digits)} / **${fmt(s.median, digits)}** / ${fmt(s.max, digits)}`

/** CPU milliseconds this process has used (user + system): other processes on the machine do not count. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Operations per CPU second of `fn` over `inputs` (cycled), for about `ms` milliseconds of CPU time. */
export function throughput(fn: (value: unknown) => unknown, inputs: readonly unknown[], ms: number): number {
  let sink = 0
  let ops = 0
  const start = cpuMs()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) if (fn(inputs[(ops + i) % inputs.length])) sink++
    ops += 1000
    now = cpuMs()
  }
  if (sink < 0) console.log(sink)
  return (ops / (now - start)) * 1000
}
