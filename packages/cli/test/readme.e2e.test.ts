/**
 * The READMEs' `console` examples are what the CLI prints: each block runs in bash, in a scratch directory
 * that sees the repository's `examples/`, with `pnpm -s session-schemas` and `session-schemas` meaning the
 * built CLI. A command's output is compared with the lines under it, as a multiset (a command's stdout and
 * stderr interleave differently in a terminal and in a file); `echo $?` checks the exit status before it.
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

/** Runs one block's commands in one bash session; each command's output and status land in files. */
function run(steps: readonly Step[], block: string): { output: string[]; status: number }[] {
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
  return steps.map((_, i) => ({
    output: ['out', 'err']
      .flatMap((kind) => readFileSync(path.join(dir, `${i}.${kind}`), 'utf8').split('\n'))
      .filter((line) => line !== ''),
    status: Number(readFileSync(path.join(dir, `${i}.status`), 'utf8')),
  }))
}

describe.each(['README.md', 'packages/cli/README.md'])('the console examples of %s', (file) => {
  const blocks = consoleBlocks(file)

  it('has examples to check', () => {
    expect(blocks.flat().filter((step) => step.command.includes('session-schemas')).length).toBeGreaterThan(0)
  })

  it.each(blocks.map((steps, i) => [i + 1, steps] as const))('block %i prints what it shows', (i, steps) => {
    const results = run(steps, `${path.basename(path.dirname(path.join(root, file)))}-${i}`)
    steps.forEach((step, n) => {
      const actual = results[n]!.output.map((line) => line.replaceAll(tmp.dir, '.'))
      expect([...actual].sort(), step.command).toEqual([...step.expected].sort())
      // Every command shown succeeds unless the next step shows its status.
      if (steps[n + 1]?.command !== 'echo $?' && step.command !== 'echo $?')
        expect(results[n]!.status === 0 || step.expected.length > 0, step.command).toBe(true)
    })
  })
})
