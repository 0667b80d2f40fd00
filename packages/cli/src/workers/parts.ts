/**
 * `--jobs N` of `validate`, `detect`, `convert` and `claims`: the NDJSON parts of an input handled by a pool of
 * worker threads, one kind of worker per command, and merged back in the order of the input. The threads start
 * with the first part sent (a huge first record is read on this thread, before them).
 */
import type { RecordHandler, Splitter } from '../input/handler.js'
import {
  DEFAULT_PART_BYTES,
  DEFAULT_PART_LINES,
  IN_FLIGHT_PER_WORKER,
  ParallelLineSplitter,
  type PartAnswer,
} from '../input/parallel.js'
import { type JobsOptions, jobsFor } from '../options.js'
import { WorkerPool } from './pool.js'

export interface WorkerPartsOptions {
  /** The built worker module. */
  readonly worker: URL
  /** What each worker starts with (its `workerData`). */
  readonly setup: unknown
  readonly jobs: number
  readonly maxRecordBytes: number
  /** The hidden `--job-part-size`, for tests. */
  readonly partBytes?: number | undefined
  readonly partLines?: number | undefined
}

export class WorkerParts<T> {
  private pool: WorkerPool | undefined

  constructor(private readonly options: WorkerPartsOptions) {}

  /**
   * A line reader for one source: its parts go to the workers and their results to `merge`, in order, with the
   * number of the part's first line; records read on this thread (a line over 1 MiB) go to `handler`.
   */
  lineSplitter(
    joinDocuments: boolean,
    handler: RecordHandler,
    merge: (result: T, firstLine: number) => void | Promise<void>,
  ): Splitter {
    const { options } = this
    return new ParallelLineSplitter<T>({
      run: (job, transfer) => this.start().run<PartAnswer<T>>(job, transfer),
      merge,
      handler,
      maxRecordBytes: options.maxRecordBytes,
      joinDocuments,
      partBytes: options.partBytes ?? DEFAULT_PART_BYTES,
      partLines: options.partLines ?? DEFAULT_PART_LINES,
      maxInFlight: options.jobs * IN_FLIGHT_PER_WORKER,
    })
  }

  private start(): WorkerPool {
    this.pool ??= new WorkerPool(this.options.worker, this.options.jobs, this.options.setup)
    return this.pool
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve()
  }
}

/**
 * The worker threads `--jobs` asks for, each running the built module `worker` (next to the module that names it,
 * in the packed package too) from `setup`; undefined for one thread, which does everything itself.
 */
export function workerPartsFor<T>(
  options: JobsOptions & { readonly maxRecordSize: number },
  worker: URL,
  setup: unknown,
): WorkerParts<T> | undefined {
  const jobs = jobsFor(options)
  if (jobs <= 1) return undefined
  return new WorkerParts<T>({
    worker,
    setup,
    jobs,
    maxRecordBytes: options.maxRecordSize,
    partBytes: options.jobPartSize,
  })
}
