/**
 * `pnpm bench --smoke`: every benchmark runs once, tiny, and prints a figure for every cell. No gates on the
 * figures (timings on a loaded machine prove nothing); a benchmark that fails, prints no figure or prints
 * NaN fails this test. Needs the packages built (`pnpm test` builds them first).
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

/** The table rows of a markdown section: their cells, headers and separators left out. */
function rows(report: string, heading: string): string[][] {
  const start = report.indexOf(heading)
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0)
  const next = report.indexOf('\n## ', start + 1)
  const section = report.slice(start, next === -1 ? undefined : next)
  // A table's header is the row followed by its separator (a section may hold several tables).
  const lines = section.split('\n')
  return lines
    .filter((line, i) => line.startsWith('| ') && !lines[i + 1]?.startsWith('|---'))
    .map((line) => line.slice(2, -2).split(' | '))
}

describe('pnpm bench --smoke', () => {
  it('runs every benchmark and prints a number in every cell', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bench/run.ts'), '--smoke'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    )
    expect(stdout).not.toMatch(/is not built|NaN|Infinity|undefined/)
    const sections = {
      '## 1-2.': 17,
      '## 3-4.': 2,
      '## 5.': 2,
      '## 6.': 7,
    }
    for (const [heading, least] of Object.entries(sections)) {
      const found = rows(stdout, heading)
      expect(found.length, heading).toBeGreaterThanOrEqual(least)
      // Every cell after the row's label holds a figure: a ratio, a count or a size.
      for (const cells of found)
        for (const cell of cells.slice(1)) expect(cell, `${heading} ${cells[0]}`).toMatch(/\d/)
    }
  }, 180_000)
})
