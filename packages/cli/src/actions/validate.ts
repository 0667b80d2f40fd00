/** What `validate` does: read every record, check it, report, and return the exit status. */

import { needsEvidence } from '@session-schemas/converter/detect'
import type { Context } from '../context.js'
import { OutputClosedError } from '../errors.js'
import type { RecordHandler } from '../input/handler.js'
import { readRecords } from '../input/records.js'
import { openSources } from '../input/sources.js'
import { loadRegistry, requireModel } from '../models.js'
import type { Format, InputOptions, JobsOptions, ReportOptions } from '../options.js'
import { createProgress, NO_PROGRESS } from '../output/progress.js'
import { JsonReport } from '../validate/json-report.js'
import { judgeRecord } from '../validate/judge.js'
import type { Counts, ValidateReport } from '../validate/report.js'
import { ValidateTally } from '../validate/tally.js'
import { TextReport } from '../validate/text-report.js'
import { invalidWording, type WordingSetup } from '../validate/wording.js'
import type { VerdictBatch, WorkerSetup } from '../validate/worker.js'
import { refuseEmpty } from '../verdict.js'
import { workerPartsFor } from '../workers/parts.js'

export interface ValidateOptions extends InputOptions, ReportOptions, JobsOptions {
  readonly model: string
  readonly format: Format
}

const minus = (a: Counts, b: Counts): Counts => ({
  total: a.total - b.total,
  valid: a.valid - b.valid,
  invalid: a.invalid - b.invalid,
  malformed: a.malformed - b.malformed,
})

export async function validate(
  ctx: Context,
  files: readonly string[],
  options: ValidateOptions,
): Promise<number> {
  const model = options.model === 'auto' ? undefined : await requireModel(options.model, '--model')
  // The registry names the model a record looks like, for detection and for a record without evidence.
  const registry = model === undefined || needsEvidence(model) ? await loadRegistry() : undefined
  const setup = { model, registry, maxRecordBytes: options.maxRecordSize }
  const sources = await openSources(files, ctx.stdin)
  const sizes = sources.map((source) => source.size)
  const total = sizes.every((size) => size !== undefined) ? sizes.reduce((a, b) => a + b, 0) : undefined
  const level = options.quiet ? 'quiet' : options.summary ? 'summary' : 'full'
  const progress =
    options.format === 'text' && level !== 'quiet'
      ? await createProgress(ctx.stderr.stream, total, 'validating')
      : NO_PROGRESS
  const json =
    options.format === 'json' ? new JsonReport(ctx.stdout, options.model, level !== 'summary') : undefined
  const report: ValidateReport = json ?? new TextReport(ctx.stdout, ctx.out, progress, level)
  const wordingSetup: WordingSetup = { format: options.format, level, color: ctx.out.enabled }
  const tally = new ValidateTally(report, invalidWording(wordingSetup))
  const handler: RecordHandler = {
    record: (text, line) => tally.add(judgeRecord(setup, text), line),
    malformed: (line, message) => tally.add({ status: 'malformed', message }, line),
  }
  const bad = () => (tally.counts.invalid + tally.counts.malformed > 0 ? 1 : 0)
  const afterChunk = () => {
    ctx.stdout.flush()
    return ctx.stdout.ready()
  }
  // The built worker sits in this module's sibling directory (dist/validate/worker.js).
  const judges = workerPartsFor<VerdictBatch>(options, new URL('../validate/worker.js', import.meta.url), {
    model: options.model,
    maxRecordBytes: options.maxRecordSize,
    wording: wordingSetup,
  } satisfies WorkerSetup)
  const lineSplitter = judges
    ? (joinDocuments: boolean) =>
        judges.lineSplitter(joinDocuments, handler, (batch, firstLine) => {
          tally.addBatch(batch, firstLine)
          return afterChunk()
        })
    : undefined
  let before = { ...tally.counts }
  try {
    const flow = { congested: () => ctx.stdout.congested, drained: afterChunk }
    const read = { input: options.input, maxRecordBytes: options.maxRecordSize, lineSplitter, flow }
    await readRecords(sources, read, handler, {
      beginSource(source) {
        before = { ...tally.counts }
        tally.models.clear()
        report.beginSource(source.name)
      },
      endSource(source) {
        report.endSource(source.name, minus(tally.counts, before), tally.models)
      },
      progress: (bytes) => progress.add(bytes, tally.counts.total),
      afterChunk,
    })
    progress.stop()
    await report.end(tally.counts)
  } catch (error) {
    // `| head` closed our output: the status is the verdict on what was read so far.
    if (error instanceof OutputClosedError) ctx.failed ||= bad() === 1
    throw error
  } finally {
    progress.stop()
    await judges?.close()
    await json?.dispose()
  }
  if (refuseEmpty(ctx, tally.counts.total, options)) return 1
  return bad()
}
