/**
 * `convert --jobs N` and `claims --jobs N`'s worker thread: takes a part of an input (raw bytes that end at
 * a line boundary, see input/parallel.ts), converts its records as the main thread would (RecordPipeline),
 * and answers with the part's documents and what its records said (see pipeline-parallel.ts).
 */
import { workerData } from 'node:worker_threads'
import { claimsProducer } from './actions/claims.js'
import { convertProducer } from './actions/convert.js'
import { loadRegistry } from './models.js'
import type { LossOptions, ReportOptions } from './options.js'
import { type PipelineOptions, type RecordEvents, RecordPipeline } from './pipeline.js'
import type { PipelineBatch, PipelineWorkerSetup, Said } from './pipeline-parallel.js'
import { PipelineReport } from './pipeline-report.js'
import { type PartReader, serveParts } from './workers/serve-parts.js'

async function pipelineOf(setup: PipelineWorkerSetup): Promise<RecordPipeline> {
  const options = setup.options as unknown as PipelineOptions
  const produce =
    setup.command === 'convert'
      ? convertProducer(options as Parameters<typeof convertProducer>[0])
      : claimsProducer(options as Parameters<typeof claimsProducer>[0])
  return new RecordPipeline(await loadRegistry(), options, produce)
}

const setup = workerData as PipelineWorkerSetup
const keepsLosses = PipelineReport.keepsLosses(setup.options as ReportOptions & LossOptions)

serveParts(pipelineOf(setup), setup.options.maxRecordSize, (pipeline): PartReader<PipelineBatch> => {
  let records = 0
  let documents = ''
  let outputs = 0
  let lossCount = 0
  const said: Said[] = []
  let index = 0
  let line = 0
  const events: RecordEvents = {
    output(document) {
      documents += `${document}\n`
      outputs++
    },
    failure: (model, pointer, failure) =>
      said.push({ index, line, kind: 'failure', model, pointer, failure }),
    note: (model, note) => said.push({ index, line, kind: 'note', model, note }),
    losses(model, pointer, losses) {
      if (!keepsLosses) lossCount += losses.length
      else if (losses.length > 0) said.push({ index, line, kind: 'losses', model, pointer, losses })
    },
    malformed: (finding) => said.push({ index, line, kind: 'malformed', finding }),
  }
  return {
    record(text, at) {
      index = records++
      line = at
      // No pause: the main thread waits for its output between parts.
      void pipeline.run(text, events)
    },
    malformed(at, message) {
      index = records++
      line = at
      events.malformed({ message })
    },
    result: () => ({ records, documents, outputs, said, lossCount }),
  }
})
