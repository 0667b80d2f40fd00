/**
 * Reads every record of the inputs and hands it, numbered, to a visitor, in order: for the commands
 * that do more per record than `validate` (detect, convert, claims, jwt). A visitor that returns a
 * promise (signing is asynchronous) is waited for before the next record, and reading waits for output.
 */
import type { Context } from './context.js'
import type { RecordHandler, Splitter } from './input/handler.js'
import { readRecords } from './input/records.js'
import { openSources } from './input/sources.js'
import type { InputOptions } from './options.js'

export interface Position {
  readonly source: string
  readonly record: number
  readonly line: number
}

export interface RecordVisitor {
  record(text: string, at: Position): void | Promise<void>
  malformed(message: string, at: Position): void
  /** Extra work to wait for between chunks (a losses file that is full). */
  pending?(): Promise<void> | undefined
}

/**
 * How far the records read so far go: for a reader that numbers records itself (the merge of the worker
 * threads' parts), and the handler of the records read on this thread.
 */
export interface Positions {
  readonly source: string
  /** Records numbered so far. */
  count: number
  /** Waits until the records handed over so far are done (undefined when none is pending). */
  settle(): Promise<void> | undefined
  readonly handler: RecordHandler
}

/** A line reader of NDJSON that hands records to worker threads (see input/parallel.ts). */
export type ParallelLines = (joinDocuments: boolean, positions: Positions) => Splitter

class Sequencer implements RecordHandler, Positions {
  count = 0
  source = ''
  private queue: Promise<void> | undefined

  constructor(private readonly visitor: RecordVisitor) {}

  get handler(): RecordHandler {
    return this
  }

  record(text: string, line: number): void {
    const at = { source: this.source, record: ++this.count, line }
    if (this.queue) {
      this.queue = this.queue.then(() => this.visitor.record(text, at))
      return
    }
    const result = this.visitor.record(text, at)
    if (result) this.queue = result
  }

  malformed(line: number, message: string): void {
    const at = { source: this.source, record: ++this.count, line }
    if (this.queue) this.queue = this.queue.then(() => this.visitor.malformed(message, at))
    else this.visitor.malformed(message, at)
  }

  /** Waits for the queued records (undefined when there are none). */
  settle(): Promise<void> | undefined {
    const queue = this.queue
    if (!queue) return undefined
    return queue.then(() => {
      if (this.queue === queue) this.queue = undefined
    })
  }
}

/** Whether stdout or stderr has more waiting to be written than it should (see Output.congested). */
export function outputsCongested(ctx: Context): boolean {
  return ctx.stdout.congested || ctx.stderr.congested
}

/**
 * Writes what stdout and stderr hold and waits until both have room: whoever watches sees the output and the
 * messages together, in order.
 */
export async function outputsDrained(ctx: Context): Promise<void> {
  ctx.stdout.flush()
  ctx.stderr.flush()
  await ctx.stdout.ready()
  await ctx.stderr.ready()
}

export async function visitRecords(
  ctx: Context,
  files: readonly string[],
  options: InputOptions,
  visitor: RecordVisitor,
  /** With --jobs: the reader of NDJSON inputs. */
  parallel?: ParallelLines,
): Promise<number> {
  const sources = await openSources(files, ctx.stdin)
  const sequencer = new Sequencer(visitor)
  const wait = async (): Promise<void> => {
    await sequencer.settle()
    await outputsDrained(ctx)
    await visitor.pending?.()
  }
  const flow = { congested: () => outputsCongested(ctx), drained: wait }
  const lineSplitter = parallel && ((joinDocuments: boolean) => parallel(joinDocuments, sequencer))
  const read = { input: options.input, maxRecordBytes: options.maxRecordSize, flow, lineSplitter }
  await readRecords(sources, read, sequencer, {
    beginSource(source) {
      sequencer.source = source.name
    },
    afterChunk: wait,
  })
  await wait()
  return sequencer.count
}
