/**
 * `validate --jobs N`: how many worker threads a run gets, and the line reader that hands them the input.
 * Threads only when --jobs asks for them: measured on 2 cores (bench/RESULTS.md), `validate --jobs 2` costs
 * about 1.5x the CPU of one thread and more memory (each worker loads the models and warms up on its own, and
 * three threads share two cores) for the same wall time; `convert --jobs 2`, with more work per record, is about
 * 1.5x faster in wall time for 1.2x the CPU. With 150 MB as the memory bound of the defaults, one thread stays
 * the default.
 */
import type { RecordHandler, Splitter } from '../input/handler.js'
import {
  DEFAULT_PART_BYTES,
  DEFAULT_PART_LINES,
  IN_FLIGHT_PER_WORKER,
  ParallelLineSplitter,
  type PartAnswer,
} from '../input/parallel.js'
import { WorkerPool } from '../workers/pool.js'
import type { ValidateTally } from './tally.js'
import type { VerdictBatch, WorkerSetup } from './worker.js'

export class ParallelJudges {
  private pool: WorkerPool | undefined

  constructor(
    private readonly jobs: number,
    private readonly setup: WorkerSetup,
    private readonly partBytes = DEFAULT_PART_BYTES,
    private readonly partLines = DEFAULT_PART_LINES,
  ) {}

  /** A line reader for one source whose verdicts go to `tally`. */
  lineSplitter(
    joinDocuments: boolean,
    tally: ValidateTally,
    handler: RecordHandler,
    afterMerge: () => Promise<void> | undefined,
  ): Splitter {
    return new ParallelLineSplitter<VerdictBatch>({
      run: (job, transfer) => this.start().run<PartAnswer<VerdictBatch>>(job, transfer),
      merge(batch, firstLine) {
        tally.addBatch(batch, firstLine)
        return afterMerge()
      },
      handler,
      maxRecordBytes: this.setup.maxRecordBytes,
      joinDocuments,
      partBytes: this.partBytes,
      partLines: this.partLines,
      maxInFlight: this.jobs * IN_FLIGHT_PER_WORKER,
    })
  }

  /** The threads start with the first part sent (a huge first record is read on this thread, before them). */
  private start(): WorkerPool {
    // The built worker sits next to this module (dist/validate/worker.js), in the packed package too.
    this.pool ??= new WorkerPool(new URL('./worker.js', import.meta.url), this.jobs, this.setup)
    return this.pool
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve()
  }
}
