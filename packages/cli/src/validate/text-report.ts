/**
 * `validate --format text`: each invalid or malformed record with its issues, then a verdict per source
 * (`--quiet`: the records only; `--summary`: the verdicts only).
 */
import { textPlace } from '../output/place.js'
import { printable } from '../output/printable.js'
import type { Progress } from '../output/progress.js'
import type { Style } from '../output/style.js'
import type { Output } from '../output/writer.js'
import type { Counts, ValidateReport } from './report.js'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function summarize(counts: Counts, style: Style): string {
  if (counts.total === 0) return 'no records'
  const ok = counts.invalid + counts.malformed === 0
  const verdict = ok ? style.green('valid') : style.red('invalid')
  const parts = [`${counts.valid} valid`]
  if (counts.invalid > 0) parts.push(style.red(`${counts.invalid} invalid`))
  if (counts.malformed > 0) parts.push(style.red(`${counts.malformed} malformed`))
  return `${verdict} (${plural(counts.total, 'record')}: ${parts.join(', ')})`
}

export class TextReport implements ValidateReport {
  private source = ''
  private sources = 0

  /** `quiet`: only the invalid and malformed records; `summary`: only the counts. */
  constructor(
    private readonly out: Output,
    private readonly style: Style,
    private readonly progress: Progress,
    private readonly level: 'full' | 'quiet' | 'summary' = 'full',
  ) {}

  beginSource(name: string): void {
    this.source = name
    this.sources++
  }

  invalid(record: number, line: number, worded: readonly string[]): void {
    if (this.level === 'summary') return
    for (const said of worded) this.print(`${textPlace(this.style, this.source, line, record)}${said}`)
  }

  malformed(record: number, line: number, message: string): void {
    if (this.level === 'summary') return
    const { style } = this
    this.print(
      `${textPlace(this.style, this.source, line, record)}${style.red('malformed')}\n    ${printable(message)}\n`,
    )
  }

  endSource(name: string, counts: Counts, models: ReadonlyMap<string, number>): void {
    if (this.level === 'quiet') return
    const tally = [...models].map(([model, n]) => `${model} ${n}`).join(', ')
    const byModel = tally === '' ? '' : `    ${this.style.dim(`valid by model: ${tally}`)}\n`
    this.print(`${this.style.bold(printable(name))}: ${summarize(counts, this.style)}\n${byModel}`)
  }

  async end(counts: Counts): Promise<void> {
    if (this.sources > 1 && this.level !== 'quiet')
      this.print(`${this.style.bold('total')}: ${summarize(counts, this.style)}\n`)
  }

  private print(text: string): void {
    // stdout and the bar on stderr share the terminal: clear the bar's line first; it redraws itself.
    if (this.out.isTTY) this.progress.clear()
    this.out.write(text)
  }
}
