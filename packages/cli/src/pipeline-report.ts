/**
 * What `convert` and `claims` report besides their output: failures, losses and notes, per record, then
 * the counts. Text lines on stderr, or one JSON report on stderr with `--format json`; `--quiet` keeps only
 * the failures, `--summary` only the counts, `--losses FILE` sends the losses to an NDJSON file and
 * `--no-losses` leaves them out. Every item of the JSON report and of the losses file names its source (the
 * file, or `-` for stdin), record, line and model.
 */
import type { Issue, Loss } from '@session-schemas/core'
import type { Context } from './context.js'
import { type Format, type LossOptions, type ReportOptions, reportedSource } from './options.js'
import { type OutputFile, openOutputFile } from './output/file.js'
import { printable } from './output/printable.js'
import { SpillList, writeReport } from './output/spill-list.js'
import type { Position } from './runner.js'

export interface PipelineCounts {
  records: number
  outputs: number
  failed: number
  malformed: number
  empty: number
  /** Losses reported (or left out with --no-losses, or written to the losses file). */
  losses: number
}

/** A failure, as the report gives it. */
export interface Failure {
  readonly code: string
  readonly message: string
  readonly issues: readonly Issue[]
}

type Sink = 'report' | 'none' | OutputFile

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export class PipelineReport {
  readonly counts: PipelineCounts = { records: 0, outputs: 0, failed: 0, malformed: 0, empty: 0, losses: 0 }
  private readonly lists = { errors: new SpillList(), losses: new SpillList(), notes: new SpillList() }
  private readonly json: boolean
  private readonly failures: boolean
  private readonly notes: boolean
  private readonly quiet: boolean

  private constructor(
    private readonly ctx: Context,
    private readonly target: string,
    private readonly lossSink: Sink,
    options: { readonly format: Format } & ReportOptions,
  ) {
    this.json = options.format === 'json'
    this.failures = options.summary !== true
    this.quiet = options.quiet === true
    this.notes = options.summary !== true && !this.quiet
  }

  /** Opens the losses file, if any, before any input is read. */
  static async open(
    ctx: Context,
    target: string,
    options: { readonly format: Format } & ReportOptions & LossOptions,
    /** The files read (none, or `-`: stdin), which the losses file must not be. */
    files: readonly string[],
  ): Promise<PipelineReport> {
    const readsStdin = files.length === 0 || files.includes('-')
    const sink: Sink =
      typeof options.losses === 'string'
        ? await openOutputFile(options.losses, '--losses', {
            paths: files.filter((file) => file !== '-'),
            stdinFd: readsStdin ? ctx.stdin.fd : undefined,
            outputFds: [
              { name: 'stdout', fd: ctx.stdout.stream.fd },
              { name: 'stderr', fd: ctx.stderr.stream.fd },
            ],
          })
        : PipelineReport.keepsLosses(options)
          ? 'report'
          : 'none'
    return new PipelineReport(ctx, target, sink, options)
  }

  /** Whether the losses are written anywhere (else only counted: --no-losses, --quiet, --summary). */
  static keepsLosses(options: ReportOptions & LossOptions): boolean {
    return (
      typeof options.losses === 'string' || !(options.losses === false || options.quiet || options.summary)
    )
  }

  /** Losses that are only counted (see keepsLosses), told by their number. */
  countLosses(count: number): void {
    this.counts.losses += count
  }

  private where(at: Position): string {
    return `${this.ctx.err.bold(`${printable(at.source)}:${at.line}`)}  record ${at.record}`
  }

  /** The fields every JSON item starts with. */
  private static origin(at: Position, model: string | null) {
    return { source: reportedSource(at.source), record: at.record, line: at.line, model }
  }

  /** What converting one session of `model` (at `pointer` in its record) could not carry over. */
  losses(at: Position, model: string, pointer: string, losses: readonly Loss[]): void {
    if (losses.length === 0) return
    this.counts.losses += losses.length
    const sink = this.lossSink
    if (sink === 'none') return
    if (sink !== 'report' || this.json) {
      const origin = { ...PipelineReport.origin(at, model), to: this.target }
      for (const loss of losses) {
        const item = JSON.stringify({ ...origin, ...loss })
        if (sink === 'report') this.lists.losses.add(item)
        else sink.output.write(`${item}\n`)
      }
      return
    }
    const { err } = this.ctx
    const label = `${pointer === '' ? '' : `${pointer} `}${model} -> ${this.target}`
    let text = `${this.where(at)}  ${err.dim(label)}\n`
    for (const loss of losses)
      text += `    ${err.yellow(loss.kind.padEnd(9))} ${err.cyan(printable(loss.path) || '(root)')}  ${printable(loss.message)}\n`
    this.ctx.stderr.write(text)
  }

  /** A record (or one session of it, at `pointer`) that failed; `model` is what it was read as, if known. */
  failure(at: Position, model: string | null, pointer: string, found: Failure): void {
    this.counts.failed++
    this.ctx.failed = true
    if (!this.failures) return
    if (this.json) {
      const issues = found.issues.map((issue) => ({ ...issue, path: `${pointer}${issue.path}` }))
      this.lists.errors.add(
        JSON.stringify({
          ...PipelineReport.origin(at, model),
          path: pointer,
          code: found.code,
          message: found.message,
          issues,
        }),
      )
      return
    }
    const { err } = this.ctx
    let text = `${this.where(at)}  ${err.red('failed')}${pointer ? ` ${printable(pointer)}` : ''}: ${printable(found.message)}\n`
    for (const issue of found.issues)
      text += `    ${err.cyan(printable(`${pointer}${issue.path}`) || '(root)')}  ${err.dim(issue.keyword)}  ${printable(issue.message)}\n`
    this.ctx.stderr.write(text)
  }

  /** A record that is not JSON (or too large, or not UTF-8). */
  malformed(at: Position, message: string): void {
    this.counts.malformed++
    this.ctx.failed = true
    if (!this.failures) return
    if (this.json)
      this.lists.errors.add(
        JSON.stringify({
          ...PipelineReport.origin(at, null),
          path: '',
          code: 'ERR_JSON',
          message,
          issues: [],
        }),
      )
    else this.ctx.stderr.write(`${this.where(at)}  ${this.ctx.err.red('malformed')}: ${printable(message)}\n`)
  }

  /** A record of `model` that holds no session (an empty list, a `null` currentSession). */
  note(at: Position, model: string | null, message: string): void {
    this.counts.empty++
    if (!this.notes) return
    if (this.json) this.lists.notes.add(JSON.stringify({ ...PipelineReport.origin(at, model), message }))
    else this.ctx.stderr.write(`${this.where(at)}  ${this.ctx.err.dim(message)}\n`)
  }

  /** Work to wait for between chunks: a losses file that is full (the lists spill at once). */
  pending(): Promise<void> | undefined {
    return typeof this.lossSink === 'object' ? this.lossSink.output.ready() : undefined
  }

  /** The counts (and, in JSON, the lists), after the last record. */
  async end(from: string): Promise<void> {
    const { counts, ctx } = this
    if (typeof this.lossSink === 'object') await this.lossSink.close()
    if (this.json) {
      const { losses, ...rest } = counts
      const summary = { from, to: this.target, ...rest, lossCount: losses }
      const lists = Object.fromEntries(
        Object.entries(this.lists).filter(([name]) =>
          name === 'errors' ? this.failures : name === 'notes' ? this.notes : this.lossSink === 'report',
        ),
      )
      await writeReport(ctx.stderr, summary, lists)
      return
    }
    if (this.quiet) return
    const { err } = ctx
    const bad = counts.failed + counts.malformed > 0
    const parts = [`${plural(counts.outputs, 'document')} written from ${plural(counts.records, 'record')}`]
    if (counts.empty > 0) parts.push(`${counts.empty} without a session`)
    if (counts.losses > 0) {
      const file = typeof this.lossSink === 'object' ? ` (in ${printable(this.lossSink.path)})` : ''
      parts.push(`${counts.losses} loss${counts.losses === 1 ? '' : 'es'}${file}`)
    }
    if (counts.failed > 0) parts.push(err.red(`${counts.failed} failed`))
    if (counts.malformed > 0) parts.push(err.red(`${counts.malformed} malformed`))
    ctx.stderr.write(`${bad ? err.red('done') : err.green('done')}: ${parts.join(', ')}\n`)
  }

  /** Removes spill files and closes the losses file, however the run ended. */
  async dispose(): Promise<void> {
    if (typeof this.lossSink === 'object') this.lossSink.abort()
    await Promise.all(Object.values(this.lists).map((list) => list.dispose()))
  }
}
