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
import { UsageError, withoutStacks } from './errors.js'
import { SessionsHeapWatch } from './input/large-records.js'
import { factsOf, loadRegistry, type Registry } from './models.js'
import type { Format, InputOptions, Int64Form, JobsOptions, LossOptions, ReportOptions } from './options.js'
import { parseRecord, placedMessage, refuseTooDeep, type SyntaxFinding, syntaxFinding } from './parse.js'
import { ParallelPipeline, type PipelineBatch, type PipelineWorkerSetup } from './pipeline-parallel.js'
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
import { workerPartsFor } from './workers/parts.js'

export interface PipelineOptions extends InputOptions, ReportOptions, LossOptions, JobsOptions {
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

/**
 * What one record comes to, in order: the documents it is converted to, and what the report says of it
 * (its place in the input is added by whoever reports it).
 */
export interface RecordEvents {
  output(document: string): void
  failure(model: string | null, pointer: string, failure: Failure): void
  note(model: string | null, note: string): void
  losses(model: string, pointer: string, losses: readonly Loss[]): void
  malformed(finding: SyntaxFinding): void
}

/** One session to one output document (the command's conversion). */
export type Produce = (session: SessionRecord) => Conversion<unknown>

/** How many sessions of a record are converted between two looks at the heap (see SessionsHeapWatch). */
const LOOK_AT_HEAP_EVERY = 512

/**
 * The per-record work of `convert` and `claims`, apart from reading and reporting, so that it can run on a
 * worker thread: text in, events out. Whatever one record does, it fails only itself.
 */
export class RecordPipeline {
  constructor(
    private readonly registry: Registry,
    private readonly options: Pick<PipelineOptions, 'from' | 'maxRecordSize' | 'int64'>,
    private readonly produce: Produce,
  ) {}

  /**
   * Tells `events` what a record comes to. A list of thousands of sessions writes megabytes at once: between
   * two sessions `pause` may ask to wait (a congested output), and then this returns a promise.
   */
  run(text: string, events: RecordEvents, pause?: () => Promise<void> | undefined): void | Promise<void> {
    const { registry, options } = this
    let value: unknown
    try {
      value = parseRecord(text, options.maxRecordSize)
    } catch (error) {
      events.malformed(syntaxFinding(error))
      return
    }
    try {
      refuseTooDeep(text, value)
    } catch (error) {
      events.failure(null, '', failure(error))
      return
    }
    let model = options.from
    if (model === 'auto') {
      const found = modelOf(value, registry)
      if (found instanceof Error) {
        events.failure(null, '', failure(found))
        return
      }
      if (typeof found !== 'string') {
        if (found.note) events.note(null, found.note)
        return
      }
      model = found
    } else {
      const unlike = missingEvidence(registry.get(model)!.model, value, registry)
      if (unlike !== undefined) {
        const invalid = new ValidationError(model, [{ path: '', keyword: 'model', message: unlike }])
        events.failure(model, '', failure(invalid))
        return
      }
    }
    let sessions: SessionList
    try {
      const expanded = expandSessions(registry, model, value)
      if (expanded.note) events.note(model, expanded.note)
      sessions = expanded.sessions
      // Once per record, before its sessions' own: what the envelope held besides them.
      if (sessions.length > 0 && expanded.dropped?.length) events.losses(model, '', expanded.dropped)
    } catch (error) {
      events.failure(model, '', failure(error))
      return
    }
    return this.sessions(sessions, 0, events, pause)
  }

  /** Converts and tells the sessions of one record from `from` on (a failed one tells its failure). */
  private sessions(
    sessions: SessionList,
    from: number,
    events: RecordEvents,
    pause: (() => Promise<void> | undefined) | undefined,
    watch = new SessionsHeapWatch(),
  ): Promise<void> | undefined {
    for (let i = from; i < sessions.length; i++) {
      this.session(sessions.at(i), events)
      if (i % LOOK_AT_HEAP_EVERY === LOOK_AT_HEAP_EVERY - 1) watch.look()
      const wait = i + 1 < sessions.length ? pause?.() : undefined
      if (wait) return wait.then(() => this.sessions(sessions, i + 1, events, pause, watch))
    }
    return undefined
  }

  private session(session: SessionRecord, events: RecordEvents): void {
    let document: string
    let losses: readonly Loss[]
    try {
      const result = withoutStacks(() => this.produce(session))
      document = writeJson(result.value, { int64: this.options.int64 })
      losses = result.losses
    } catch (error) {
      events.failure(session.model, session.pointer, failure(error))
      return
    }
    events.output(document)
    events.losses(session.model, session.pointer, withPrefix(losses, session.pointer))
  }
}

/** The events of a record at `at`, told to the report and the output as they come. */
function reporting(ctx: Context, report: PipelineReport, at: Position): RecordEvents {
  return {
    output(document) {
      ctx.stdout.write(`${document}\n`)
      report.counts.outputs++
    },
    failure: (model, pointer, found) => report.failure(at, model, pointer, found),
    note: (model, note) => report.note(at, model, note),
    losses: (model, pointer, losses) => report.losses(at, model, pointer, losses),
    malformed: (finding) => report.malformed(at, placedMessage(finding, at.line)),
  }
}

export async function runPipeline(
  ctx: Context,
  files: readonly string[],
  options: PipelineOptions,
  target: string,
  produce: Produce,
  /** With --jobs: how a worker thread makes the same `produce` (see pipeline-worker.ts). */
  worker?: PipelineWorkerSetup,
): Promise<number> {
  const registry = await loadRegistry()
  const report = await PipelineReport.open(ctx, target, options, files)
  const { counts } = report
  const pipeline = new RecordPipeline(registry, options, produce)
  // Between two sessions of a list, while stdout or stderr is congested (a slow reader): wait.
  const pause = () => (outputsCongested(ctx) ? outputsDrained(ctx) : undefined)
  // The built worker sits next to this module (dist/pipeline-worker.js).
  const parts =
    worker && workerPartsFor<PipelineBatch>(options, new URL('./pipeline-worker.js', import.meta.url), worker)
  const parallel = parts && new ParallelPipeline(ctx, report, parts)
  try {
    counts.records = await visitRecords(
      ctx,
      files,
      options,
      {
        record: (text, at) => pipeline.run(text, reporting(ctx, report, at), pause),
        malformed(message, at) {
          report.malformed(at, message)
        },
        pending: () => report.pending(),
      },
      parallel && ((joinDocuments, positions) => parallel.lineSplitter(joinDocuments, positions)),
    )
    await report.end(options.from)
  } finally {
    await parallel?.close()
    await report.dispose()
  }
  if (refuseEmpty(ctx, counts.records, options)) return 1
  return counts.failed + counts.malformed > 0 ? 1 : 0
}
