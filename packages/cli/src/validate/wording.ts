/**
 * What `validate`'s report says of an invalid record after its place (source, line, record number), worded the
 * same on this thread and on a worker thread (`--jobs N`), where the place is not known yet: the worker words it,
 * and the thread that knows the place writes it. A worker then sends a few strings per record, not its issues.
 */
import type { Issue } from '@session-schemas/core'
import type { Format } from '../options.js'
import { printable } from '../output/printable.js'
import { createStyle, type Style } from '../output/style.js'
import { issueTail } from './json-report.js'

/** How much a run reports: everything, only what fails (`--quiet`), or only the counts (`--summary`). */
export type ReportLevel = 'full' | 'quiet' | 'summary'

/** What a worker needs to word as the report does (plain data). */
export interface WordingSetup {
  readonly format: Format
  readonly level: ReportLevel
  /** Whether stdout gets colours (decided on the main thread, which has the terminal). */
  readonly color: boolean
}

/**
 * An invalid record's words after its place: with `--format json`, one per issue (the rest of its line in the
 * report's `issues`); as text, one (the rest of the record's header line, then a line per issue); with
 * `--summary`, none.
 */
export type InvalidWording = (model: string, issues: readonly Issue[]) => readonly string[]

const NOTHING: readonly string[] = []

export function invalidWording(setup: WordingSetup): InvalidWording {
  if (setup.level === 'summary') return () => NOTHING
  if (setup.format === 'json') return (model, issues) => issues.map((issue) => issueTail(model, issue))
  const style = createStyle(setup.color)
  return (model, issues) => [textAfterPlace(style, model, issues)]
}

function textAfterPlace(style: Style, model: string, issues: readonly Issue[]): string {
  const as = model === 'auto' || model === 'unknown' ? '' : ` ${style.dim(`(as ${model})`)}`
  let text = `${style.red('invalid')}${as}\n`
  for (const issue of issues)
    text += `    ${style.cyan(printable(issue.path) || '(root)')}  ${style.dim(issue.keyword)}  ${printable(issue.message)}\n`
  return text
}
