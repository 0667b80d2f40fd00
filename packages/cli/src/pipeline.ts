/**
 * The per-record flow of `convert` and `claims`: parse, find the model (given or detected), open
 * envelopes into their sessions, turn each session into one output document (NDJSON on stdout), and
 * report losses, notes and failures (stderr lines, or one JSON report on stderr with --format json).
 */
import { ConversionError } from '@session-schemas/converter'
import { describeDetection, detect, missingEvidence } from '@session-schemas/converter/detect'
import { type Conversion, JsonLimitError, type Loss, ValidationError, writeJson } from '@session-schemas/core'
import { TokenInfoError } from '@session-schemas/jwt-claims'
import type { Context } from './context.js'
import { UsageError } from './errors.js'
import { factsOf, loadRegistry, type Registry } from './models.js'
import type { Format, InputOptions, Int64Form, LossOptions, ReportOptions } from './options.js'
import { parseRecord, syntaxMessage } from './parse.js'
import { type Failure, PipelineReport } from './pipeline-report.js'
import { outputsCongested, outputsDrained, type Position, visitRecords } from './runner.js'
import {
  type Expanded,
  expandSessions,
  holdsSessions,
  listOf,
  NotASessionError,
  type SessionList,
  type SessionRecord,
  withPrefix,
} from './sessions.js'
import { refuseEmpty } from './verdict.js'

export interface PipelineOptions extends InputOptions, ReportOptions, LossOptions {
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
      return { sessions: listOf([]), note: empty.map((expanded) => expanded.note).join('; ') }
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

/**
 * A failure of one record or session: what the report says about it. Whatever one record does, it fails
 * only itself: the stream goes on (options are checked before any input is read, so no failure here is
 * a usage error). An error we did not expect is reported as such, and the run exits 1.
 */
function failure(error: unknown): Failure {
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
  const report = await PipelineReport.open(ctx, target, options)
  const { counts } = report
  const fail = (at: Position, model: string | null, pointer: string, error: unknown) =>
    report.failure(at, model, pointer, failure(error))

  /**
   * Converts and writes the sessions of one record from `from` on. A list of thousands of sessions writes
   * megabytes at once: while the output is congested (a slow reader), it waits between two sessions.
   */
  const writeSessions = (at: Position, sessions: SessionList, from: number): Promise<void> | undefined => {
    for (let i = from; i < sessions.length; i++) {
      writeSession(at, sessions.at(i))
      // A failed session writes too (its error, on stderr).
      if (i + 1 < sessions.length && outputsCongested(ctx))
        return outputsDrained(ctx).then(() => writeSessions(at, sessions, i + 1))
    }
    return undefined
  }
  const writeSession = (at: Position, session: SessionRecord) => {
    let document: string
    let losses: readonly Loss[]
    try {
      const result = produce(session)
      document = writeJson(result.value, { int64: options.int64 })
      losses = result.losses
    } catch (error) {
      fail(at, session.model, session.pointer, error)
      return
    }
    ctx.stdout.write(`${document}\n`)
    counts.outputs++
    report.losses(at, session.model, session.pointer, withPrefix(losses, session.pointer))
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
            fail(at, null, '', found)
            return
          }
          if (typeof found !== 'string') {
            if (found.note) report.note(at, null, found.note)
            return
          }
          model = found
        } else {
          const unlike = missingEvidence(registry.get(model)!.model, value, registry)
          if (unlike !== undefined) {
            fail(at, model, '', new ValidationError(model, [{ path: '', keyword: 'model', message: unlike }]))
            return
          }
        }
        let sessions: SessionList
        try {
          const expanded = expandSessions(registry, model, value)
          if (expanded.note) report.note(at, model, expanded.note)
          sessions = expanded.sessions
          // Once per record, before its sessions' own: what the envelope held besides them.
          if (sessions.length > 0 && expanded.dropped?.length) report.losses(at, model, '', expanded.dropped)
        } catch (error) {
          fail(at, model, '', error)
          return
        }
        return writeSessions(at, sessions, 0)
      },
      malformed(message, at) {
        report.malformed(at, message)
      },
      pending: () => report.pending(),
    })
    await report.end(options.from)
  } finally {
    await report.dispose()
  }
  if (refuseEmpty(ctx, counts.records, options)) return 1
  return counts.failed + counts.malformed > 0 ? 1 : 0
}
