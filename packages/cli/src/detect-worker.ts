/**
 * `detect --jobs N`'s worker thread: takes a part of an input (raw bytes that end at a line boundary, see
 * input/parallel.ts), finds each record's model as the main thread would (DetectLines), and answers with what
 * each record's line says after its place; the main thread places them (source, record number, line).
 */
import { workerData } from 'node:worker_threads'
import { DetectLines } from './actions/detect.js'
import { loadRegistry } from './models.js'
import type { Format } from './options.js'
import { createStyle } from './output/style.js'
import type { SyntaxFinding } from './parse.js'
import { type PartReader, serveParts } from './workers/serve-parts.js'

export interface DetectWorkerSetup {
  readonly format: Format
  /** Whether stdout gets colours (decided on the main thread, which has the terminal). */
  readonly color: boolean
  readonly maxRecordSize: number
}

/** One part's verdicts, one per record in order. */
export interface DetectBatch {
  readonly records: number
  /** Each record's line in the part (the part's first line is 1). */
  readonly lines: readonly number[]
  /** What each record's line says after its place, or the syntax finding of a record that is not JSON. */
  readonly found: readonly (string | SyntaxFinding)[]
  /** Records whose model was not found: ambiguous, unknown or malformed. */
  readonly unclear: number
}

const setup = workerData as DetectWorkerSetup
const detectLines = new DetectLines(setup.format, createStyle(setup.color))

serveParts(loadRegistry(), setup.maxRecordSize, (registry): PartReader<DetectBatch> => {
  const lines: number[] = []
  const found: (string | SyntaxFinding)[] = []
  let unclear = 0
  return {
    record(text, line) {
      const verdict = detectLines.find(text, registry, setup.maxRecordSize)
      lines.push(line)
      if ('finding' in verdict) {
        unclear++
        found.push(verdict.finding)
        return
      }
      if (!verdict.clear) unclear++
      found.push(verdict.said)
    },
    malformed(line, message) {
      unclear++
      lines.push(line)
      found.push({ message })
    },
    result: () => ({ records: found.length, lines, found, unclear }),
  }
})
