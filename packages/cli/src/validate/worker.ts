/**
 * `validate --jobs N`'s worker thread: takes a part of an input (raw bytes that end at a line boundary,
 * see ../input/parallel.ts), splits it into records, judges each, and answers with a compact batch:
 * how many records there were, and only the verdicts that are not plain "valid" (with their place in the part),
 * an invalid record's issues worded as the report words them (see wording.ts).
 */
import { workerData } from 'node:worker_threads'
import { needsEvidence } from '@session-schemas/converter/detect'
import { loadRegistry, requireModel } from '../models.js'
import { type PartReader, serveParts } from '../workers/serve-parts.js'
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

const setup = workerData as WorkerSetup
const wording = invalidWording(setup.wording)

serveParts(judgeSetup(setup), setup.maxRecordBytes, (judging): PartReader<VerdictBatch> => {
  let records = 0
  const problems: { index: number; line: number; verdict: WordedVerdict }[] = []
  const models = new Map<string, number>()
  return {
    record(text, line) {
      const verdict = judgeRecord(judging, text)
      if (verdict.status === 'invalid')
        problems.push({
          index: records,
          line,
          verdict: { status: 'invalid', worded: wording(verdict.model, verdict.issues) },
        })
      else if (verdict.status === 'malformed') problems.push({ index: records, line, verdict })
      else if (verdict.models !== undefined) models.set(verdict.models, (models.get(verdict.models) ?? 0) + 1)
      records++
    },
    malformed(line, message) {
      problems.push({ index: records++, line, verdict: { status: 'malformed', message } })
    },
    result: () => ({ records, problems, models: [...models] }),
  }
})
