/**
 * The READMEs' `console` examples are what the CLI prints: each block runs in bash, in a scratch directory
 * that sees the repository's `examples/`, with `pnpm -s session-schemas` and `session-schemas` meaning the
 * built CLI. A command's output is compared with the lines under it: the same lines, each stream's in the order it
 * writes them, its stdout's and stderr's lines interleaved in any way (they interleave differently in a terminal
 * and in a file); `echo $?` checks the exit status before it.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bin, root, scratch } from './helpers.js'

interface Step {
  readonly command: string
  readonly expected: readonly string[]
}

/** The `console` blocks of a Markdown file, each as its commands (with `\` continuations joined) and outputs. */
function consoleBlocks(file: string): Step[][] {
  const text = readFileSync(path.join(root, file), 'utf8')
  const blocks: Step[][] = []
  for (const match of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const steps: { command: string; expected: string[] }[] = []
    let continuing = false
    for (const line of match[1]!.split('\n')) {
      if (continuing) {
        const step = steps.at(-1)!
        step.command = `${step.command.replace(/\\$/, '')} ${line.trim()}`
      } else if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] })
      else if (line !== '') steps.at(-1)?.expected.push(line)
      continuing = /\\$/.test(line)
    }
    blocks.push(steps)
  }
  return blocks
}

const tmp = scratch()
symlinkSync(path.join(root, 'examples'), path.join(tmp.dir, 'examples'))
const binDir = path.join(tmp.dir, 'bin')
mkdirSync(binDir)
writeFileSync(path.join(binDir, 'session-schemas'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, {
  mode: 0o755,
})

/**
 * Whether `shown` is `out` and `err` interleaved: every line of both, each stream's lines in their order
 * (`fits[j]`: the first i + j lines shown are the first i of `out` and the first j of `err`).
 */
function interleaves(shown: readonly string[], out: readonly string[], err: readonly string[]): boolean {
  if (shown.length !== out.length + err.length) return false
  let fits = err.map((_, j) => err.slice(0, j + 1).every((line, k) => line === shown[k]))
  fits.unshift(true)
  for (let i = 1; i <= out.length; i++) {
    const next: boolean[] = []
    for (let j = 0; j <= err.length; j++)
      next.push(
        (fits[j]! && out[i - 1] === shown[i + j - 1]) ||
          (j > 0 && next[j - 1]! && err[j - 1] === shown[i + j - 1]),
      )
    fits = next
  }
  return fits[err.length]!
}

/** Runs one block's commands in one bash session; each command's stdout, stderr and status land in files. */
function run(steps: readonly Step[], block: string): { out: string[]; err: string[]; status: number }[] {
  const dir = path.join(tmp.dir, block)
  mkdirSync(dir)
  const script = steps
    .map((step, i) => {
      const command = step.command.replaceAll('pnpm -s session-schemas', 'session-schemas')
      // `(exit $s)` hands the status on to a following `echo $?`.
      return `{ ${command}\n} > ${dir}/${i}.out 2> ${dir}/${i}.err; s=$?; echo $s > ${dir}/${i}.status; (exit $s)`
    })
    .join('\n')
  execFileSync('bash', ['-c', `${script}\nexit 0`], {
    cwd: tmp.dir,
    env: { PATH: `${binDir}:${process.env.PATH}`, HOME: tmp.dir, NO_COLOR: '1' },
  })
  const lines = (i: number, kind: string) =>
    readFileSync(path.join(dir, `${i}.${kind}`), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replaceAll(tmp.dir, '.'))
  return steps.map((_, i) => ({
    out: lines(i, 'out'),
    err: lines(i, 'err'),
    status: Number(readFileSync(path.join(dir, `${i}.status`), 'utf8')),
  }))
}

describe('interleaves', () => {
  it('takes any interleaving of stdout and stderr, each in its order, and nothing else', () => {
    const out = ['o1', 'o2']
    const err = ['e1', 'e2']
    for (const shown of [
      ['o1', 'o2', 'e1', 'e2'],
      ['e1', 'o1', 'e2', 'o2'],
      ['e1', 'e2', 'o1', 'o2'],
    ])
      expect(interleaves(shown, out, err), shown.join()).toBe(true)
    for (const shown of [
      ['o2', 'o1', 'e1', 'e2'],
      ['o1', 'e2', 'e1', 'o2'],
      ['o1', 'o2', 'e1'],
      ['o1', 'o2', 'e1', 'e1'],
    ])
      expect(interleaves(shown, out, err), shown.join()).toBe(false)
    expect(interleaves([], [], [])).toBe(true)
    expect(interleaves(['e1'], [], ['e1'])).toBe(true)
    expect(interleaves(['o1'], ['o1'], [])).toBe(true)
  })
})

describe.each(['README.md', 'packages/cli/README.md'])('the console examples of %s', (file) => {
  const blocks = consoleBlocks(file)

  it('has examples to check', () => {
    expect(blocks.flat().filter((step) => step.command.includes('session-schemas')).length).toBeGreaterThan(0)
  })

  it.each(blocks.map((steps, i) => [i + 1, steps] as const))('block %i prints what it shows', (i, steps) => {
    const results = run(steps, `${path.basename(path.dirname(path.join(root, file)))}-${i}`)
    steps.forEach((step, n) => {
      const { out, err } = results[n]!
      expect([...out, ...err].sort(), step.command).toEqual([...step.expected].sort())
      expect(
        interleaves(step.expected, out, err),
        `${step.command}: the lines shown are not in the order the CLI writes them\nstdout:\n${out.join('\n')}\nstderr:\n${err.join('\n')}\n`,
      ).toBe(true)
      // Every command shown succeeds unless the next step shows its status.
      if (steps[n + 1]?.command !== 'echo $?' && step.command !== 'echo $?')
        expect(results[n]!.status === 0 || step.expected.length > 0, step.command).toBe(true)
    })
  })
})
