/**
 * `convert --jobs N` and `claims --jobs N`: records converted on worker threads (pipeline-worker.ts), and
 * merged back in the order of the input. A part's answer holds its documents as one text and what its
 * records said besides (failures, notes, losses), each with its place in the part: stdout gets the part's
 * documents, then the report gets its items. Each of stdout and stderr keeps the order of the records (how
 * the two interleave, when both go to one terminal, follows the parts instead of the records).
 */
import type { Loss } from '@session-schemas/core'
import type { Context } from './context.js'
import type { Splitter } from './input/handler.js'
import { placedMessage, type SyntaxFinding } from './parse.js'
import type { Failure, PipelineReport } from './pipeline-report.js'
import { outputsCongested, outputsDrained, type Position, type Positions } from './runner.js'
import type { WorkerParts } from './workers/parts.js'

/** What a worker thread needs to make the command's conversion: the command, and its options as parsed. */
export interface PipelineWorkerSetup {
  readonly command: 'convert' | 'claims'
  readonly options: { readonly maxRecordSize: number } & Record<string, unknown>
}

/** What one record of a part said besides its documents: `index` and `line` place it in the part. */
export type Said = { readonly index: number; readonly line: number } & (
  | {
      readonly kind: 'failure'
      readonly model: string | null
      readonly pointer: string
      readonly failure: Failure
    }
  | { readonly kind: 'note'; readonly model: string | null; readonly note: string }
  | {
      readonly kind: 'losses'
      readonly model: string
      readonly pointer: string
      readonly losses: readonly Loss[]
    }
  | { readonly kind: 'malformed'; readonly finding: SyntaxFinding }
)

/** A part's answer. */
export interface PipelineBatch {
  readonly records: number
  /** The documents, each followed by a newline, in order. */
  readonly documents: string
  readonly outputs: number
  readonly said: readonly Said[]
  /** Losses only counted, when the report does not keep them (see PipelineReport.keepsLosses). */
  readonly lossCount: number
}

export class ParallelPipeline {
  constructor(
    private readonly ctx: Context,
    private readonly report: PipelineReport,
    private readonly parts: WorkerParts<PipelineBatch>,
  ) {}

  /** A line reader for one source: parts go to the workers, records read on this thread to `positions`. */
  lineSplitter(joinDocuments: boolean, positions: Positions): Splitter {
    return this.parts.lineSplitter(joinDocuments, positions.handler, (batch, firstLine) =>
      this.merge(batch, firstLine, positions),
    )
  }

  private async merge(batch: PipelineBatch, firstLine: number, positions: Positions): Promise<void> {
    // What this thread read before the part (a line over 1 MiB) is written first.
    await positions.settle()
    const { ctx, report } = this
    const before = positions.count
    positions.count += batch.records
    if (batch.documents !== '') ctx.stdout.write(batch.documents)
    report.counts.outputs += batch.outputs
    report.countLosses(batch.lossCount)
    for (const said of batch.said) {
      const at: Position = {
        source: positions.source,
        record: before + said.index + 1,
        line: firstLine - 1 + said.line,
      }
      switch (said.kind) {
        case 'failure':
          report.failure(at, said.model, said.pointer, said.failure)
          break
        case 'note':
          report.note(at, said.model, said.note)
          break
        case 'losses':
          report.losses(at, said.model, said.pointer, said.losses)
          break
        case 'malformed':
          report.malformed(at, placedMessage(said.finding, at.line))
      }
    }
    if (outputsCongested(ctx)) await outputsDrained(ctx)
    await report.pending()
  }

  close(): Promise<void> {
    return this.parts.close()
  }
}
