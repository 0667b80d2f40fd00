/**
 * The loop of a `--jobs N` worker thread: each part of the input (raw bytes that end at a line boundary, see
 * ../input/parallel.ts) is split into records for a reader made for the part, and answered, in order, with the
 * reader's result, the part's line count and its buffer handed back to be filled again.
 */
import { parentPort } from 'node:worker_threads'
import type { RecordHandler } from '../input/handler.js'
import { LineSplitter } from '../input/lines.js'
import { type LinesJob, type PartAnswer, pushInReads } from '../input/parallel.js'

/** What reads one part: its records (numbered by line from 1), then what the part comes to. */
export interface PartReader<T> extends RecordHandler {
  result(): T
}

/** Answers every part sent to this thread, once `ready` (the models loaded) has given what `reader` needs. */
export function serveParts<S, T>(
  ready: Promise<S>,
  maxRecordBytes: number,
  reader: (setup: S) => PartReader<T>,
): void {
  const port = parentPort!
  port.on('message', async (job: LinesJob) => {
    const part = reader(await ready)
    const splitter = new LineSplitter(part, maxRecordBytes, job.joinDocuments)
    pushInReads(splitter, Buffer.from(job.buffer, 0, job.length))
    splitter.end()
    const answer: PartAnswer<T> = { result: part.result(), lines: splitter.lineCount, buffer: job.buffer }
    port.postMessage(answer, [job.buffer])
  })
}
