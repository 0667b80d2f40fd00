/**
 * `validate --jobs N`'s worker thread: takes a part of an input (raw bytes that end at a line boundary,
 * see ../input/parallel.ts), splits it into records, judges each, and answers with a compact batch:
 * how many records there were, and only the verdicts that are not plain "valid" (with their place in the part),
 * an invalid record's issues worded as the report words them (see wording.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { needsEvidence } from '@session-schemas/converter/detect'
import { LineSplitter } from '../input/lines.js'
import { type LinesJob, type PartAnswer, pushInReads } from '../input/parallel.js'
import { loadRegistry, requireModel } from '../models.js'
import { type JudgeSetup, judgeRecord } from './judge.js'
import type { WordedVerdict } from './tally.js'
import { invalidWording, type WordingSetup } from './wording.js'

export interface WorkerSetup {
  /** A model id, or `auto`. */
  readonly model: string
  readonly maxRecordBytes: number
  readonly wording: WordingSetup
}

/**
 * One part's verdicts: `problems` are the records that are not plain "valid", by index in the part, with
 * their line in the part (the part's first line is 1).
 */
export interface VerdictBatch {
  readonly records: number
  readonly problems: readonly {
    readonly index: number
    readonly line: number
    readonly verdict: WordedVerdict
  }[]
  /** Valid records per model, in order of first appearance (for `--model auto`). */
  readonly models: readonly (readonly [string, number])[]
}

async function judgeSetup(options: WorkerSetup): Promise<JudgeSetup> {
  const model = options.model === 'auto' ? undefined : await requireModel(options.model, '--model')
  const registry = model === undefined || needsEvidence(model) ? await loadRegistry() : undefined
  return { model, registry, maxRecordBytes: options.maxRecordBytes }
}

function judgePart(setup: JudgeSetup, job: LinesJob): { batch: VerdictBatch; lines: number } {
  let records = 0
  const problems: { index: number; line: number; verdict: WordedVerdict }[] = []
  const models = new Map<string, number>()
  const splitter = new LineSplitter(
    {
      record(text, line) {
        const verdict = judgeRecord(setup, text)
        if (verdict.status === 'invalid')
          problems.push({
            index: records,
            line,
            verdict: { status: 'invalid', worded: wording(verdict.model, verdict.issues) },
          })
        else if (verdict.status === 'malformed') problems.push({ index: records, line, verdict })
        else if (verdict.models !== undefined)
          models.set(verdict.models, (models.get(verdict.models) ?? 0) + 1)
        records++
      },
      malformed(line, message) {
        problems.push({ index: records++, line, verdict: { status: 'malformed', message } })
      },
    },
    setup.maxRecordBytes,
    job.joinDocuments,
  )
  pushInReads(splitter, Buffer.from(job.buffer, 0, job.length))
  splitter.end()
  return { batch: { records, problems, models: [...models] }, lines: splitter.lineCount }
}

const port = parentPort!
const ready = judgeSetup(workerData as WorkerSetup)
const wording = invalidWording((workerData as WorkerSetup).wording)
port.on('message', async (job: LinesJob) => {
  const { batch, lines } = judgePart(await ready, job)
  const answer: PartAnswer<VerdictBatch> = { result: batch, lines, buffer: job.buffer }
  port.postMessage(answer, [job.buffer])
})
