/**
 * The per-record flow of `convert` and `claims`: parse, find the model (given or detected), open
 * envelopes into their sessions, turn each session into one output document (NDJSON on stdout), and
 * report losses, notes and failures (stderr lines, or one JSON report on stderr with --format json).
 */
import { ConversionError } from '@session-schemas/converter'
import { describeDetection, detect, missingEvidence } from '@session-schemas/converter/detect'
import {
  type Conversion,
  type Issue,
  JsonLimitError,
  type Loss,
  ValidationError,
  writeJson,
} from '@session-schemas/core'
import { TokenInfoError } from '@session-schemas/jwt-claims'
import type { Context } from './context.js'
import { UsageError } from './errors.js'
import { factsOf, loadRegistry, type Registry } from './models.js'
import type { Format, InputOptions, Int64Form } from './options.js'
import { printable } from './output/printable.js'
import { SpillList, writeReport } from './output/spill-list.js'
import { parseRecord, syntaxMessage } from './parse.js'
import { type Position, visitRecords } from './runner.js'
import {
  type Expanded,
  expandSessions,
  holdsSessions,
  NotASessionError,
  type SessionRecord,
  withPrefix,
} from './sessions.js'
import { refuseEmpty } from './verdict.js'

export interface PipelineOptions extends InputOptions {
  /** A model id, or `auto`. */
  readonly from: string
  readonly format: Format
  readonly int64: Int64Form
}

/**
 * The model of a record for `--from auto`: the detected one; on equal evidence, the one model it is
 * valid as (several, or none, cannot tell which conversion is meant), or, when it holds no session as
 * any of the models it is valid as (a NITRO error envelope of login or of mpssession), that answer.
 */
function modelOf(value: unknown, registry: Registry): string | Expanded | NotASessionError {
  const detection = detect(value, registry)
  if (detection.status === 'detected') return detection.model
  if (detection.status === 'ambiguous') {
    const valid = detection.candidates.filter((id) => registry.get(id)!.model.check(value))
    if (valid.length === 1) return valid[0]!
    const empty = valid.every((id) => factsOf(id)?.envelope !== undefined)
      ? valid.map((id) => expandSessions(registry, id, value))
      : []
    if (empty.length > 0 && empty.every((expanded) => expanded.sessions.length === 0))
      return { sessions: [], note: empty.map((expanded) => expanded.note).join('; ') }
  }
  return new NotASessionError(`cannot tell the model: ${describeDetection(detection)}`)
}

/** Checks `--from` before any input is read. */
export function checkFrom(from: string, command: string): void {
  if (from !== 'auto' && !holdsSessions(from))
    throw new UsageError(
      `--from: ${command} reads session models and their envelopes, not ${JSON.stringify(from)} (see \`session-schemas schemas list\`)`,
    )
}

interface Counts {
  records: number
  outputs: number
  failed: number
  malformed: number
  empty: number
}

/**
 * A failure of one record or session: what the report says about it. Whatever one record does, it fails
 * only itself: the stream goes on (options are checked before any input is read, so no failure here is
 * a usage error). An error we did not expect is reported as such, and the run exits 1.
 */
function failure(error: unknown): { code: string; message: string; issues: readonly Issue[] } {
  if (error instanceof ValidationError)
    return { code: 'ERR_INVALID', message: `not a valid ${error.model}`, issues: error.issues }
  if (error instanceof ConversionError) return { code: error.code, message: error.message, issues: [] }
  if (error instanceof NotASessionError) return { code: error.code, message: error.message, issues: [] }
  if (error instanceof TokenInfoError) return { code: 'ERR_TOKEN_INFO', message: error.message, issues: [] }
  if (error instanceof JsonLimitError) return { code: error.code, message: error.message, issues: [] }
  return {
    code: 'ERR_INTERNAL',
    message: `internal error (please report it): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    issues: [],
  }
}

export async function runPipeline(
  ctx: Context,
  files: readonly string[],
  options: PipelineOptions,
  target: string,
  produce: (session: SessionRecord) => Conversion<unknown>,
): Promise<number> {
  const registry = await loadRegistry()
  const counts: Counts = { records: 0, outputs: 0, failed: 0, malformed: 0, empty: 0 }
  const json = options.format === 'json'
  const lists = { losses: new SpillList(), errors: new SpillList(), notes: new SpillList() }
  const { err } = ctx
  const where = (at: Position) => `${err.bold(`${at.source}:${at.line}`)}  record ${at.record}`

  const reportLosses = (at: Position, session: SessionRecord, losses: readonly Loss[]) => {
    if (losses.length === 0) return
    if (json) {
      for (const loss of losses)
        lists.losses.add(JSON.stringify({ record: at.record, line: at.line, ...loss }))
      return
    }
    const label = `${session.pointer === '' ? '' : `${session.pointer} `}${session.model} -> ${target}`
    let text = `${where(at)}  ${err.dim(label)}\n`
    for (const loss of losses)
      text += `    ${err.yellow(loss.kind.padEnd(9))} ${err.cyan(printable(loss.path) || '(root)')}  ${printable(loss.message)}\n`
    ctx.stderr.write(text)
  }
  const reportFailure = (at: Position, pointer: string, error: unknown) => {
    const found = failure(error)
    counts.failed++
    ctx.failed = true
    if (json) {
      const issues = found.issues.map((issue) => ({ ...issue, path: `${pointer}${issue.path}` }))
      lists.errors.add(
        JSON.stringify({
          record: at.record,
          line: at.line,
          path: pointer,
          code: found.code,
          message: found.message,
          issues,
        }),
      )
      return
    }
    let text = `${where(at)}  ${err.red('failed')}${pointer ? ` ${printable(pointer)}` : ''}: ${printable(found.message)}\n`
    for (const issue of found.issues)
      text += `    ${err.cyan(printable(`${pointer}${issue.path}`) || '(root)')}  ${err.dim(issue.keyword)}  ${printable(issue.message)}\n`
    ctx.stderr.write(text)
  }
  const note = (at: Position, message: string) => {
    counts.empty++
    if (json) lists.notes.add(JSON.stringify({ record: at.record, line: at.line, message }))
    else ctx.stderr.write(`${where(at)}  ${err.dim(message)}\n`)
  }

  try {
    counts.records = await visitRecords(ctx, files, options, {
      record(text, at) {
        let value: unknown
        try {
          value = parseRecord(text, options.maxRecordSize)
        } catch (error) {
          this.malformed(syntaxMessage(error, at.line), at)
          return
        }
        let model = options.from
        if (model === 'auto') {
          const found = modelOf(value, registry)
          if (found instanceof Error) {
            reportFailure(at, '', found)
            return
          }
          if (typeof found !== 'string') {
            if (found.note) note(at, found.note)
            return
          }
          model = found
        } else {
          const unlike = missingEvidence(registry.get(model)!.model, value, registry)
          if (unlike !== undefined) {
            reportFailure(
              at,
              '',
              new ValidationError(model, [{ path: '', keyword: 'model', message: unlike }]),
            )
            return
          }
        }
        let sessions: readonly SessionRecord[]
        try {
          const expanded = expandSessions(registry, model, value)
          if (expanded.note) note(at, expanded.note)
          sessions = expanded.sessions
        } catch (error) {
          reportFailure(at, '', error)
          return
        }
        for (const session of sessions) {
          let document: string
          let losses: readonly Loss[]
          try {
            const result = produce(session)
            document = writeJson(result.value, { int64: options.int64 })
            losses = result.losses
          } catch (error) {
            reportFailure(at, session.pointer, error)
            continue
          }
          ctx.stdout.write(`${document}\n`)
          counts.outputs++
          reportLosses(at, session, withPrefix(losses, session.pointer))
        }
      },
      malformed(message, at) {
        counts.malformed++
        ctx.failed = true
        if (json)
          lists.errors.add(
            JSON.stringify({
              record: at.record,
              line: at.line,
              path: '',
              code: 'ERR_JSON',
              message,
              issues: [],
            }),
          )
        else ctx.stderr.write(`${where(at)}  ${err.red('malformed')}: ${printable(message)}\n`)
      },
      pending: () => Promise.all(Object.values(lists).map((list) => list.pending())).then(() => {}),
    })
    const summary = { from: options.from, to: target, ...counts }
    if (json) await writeReport(ctx.stderr, summary, lists)
    else {
      const bad = counts.failed + counts.malformed > 0
      const parts = [
        `${counts.outputs} document${counts.outputs === 1 ? '' : 's'} written from ${counts.records} record${counts.records === 1 ? '' : 's'}`,
      ]
      if (counts.empty > 0) parts.push(`${counts.empty} without a session`)
      if (counts.failed > 0) parts.push(err.red(`${counts.failed} failed`))
      if (counts.malformed > 0) parts.push(err.red(`${counts.malformed} malformed`))
      ctx.stderr.write(`${bad ? err.red('done') : err.green('done')}: ${parts.join(', ')}\n`)
    }
  } finally {
    await Promise.all(Object.values(lists).map((list) => list.dispose()))
  }
  if (refuseEmpty(ctx, counts.records, options)) return 1
  return counts.failed + counts.malformed > 0 ? 1 : 0
}
