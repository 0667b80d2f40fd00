/**
 * Up to a fixed number of worker threads that each answer one message per job, in the order they were sent. A
 * job goes to the worker with the fewest jobs in flight (a new one while every worker has one); its result comes back as a promise. A worker
 * that throws, fails to start or exits fails every job in flight (and every later one) with a CliError
 * (exit 2), so that the run stops with a clear message instead of hanging. `close()` ends the threads:
 * nothing keeps the process alive once the run is over.
 */
import { Worker } from 'node:worker_threads'
import { CliError } from '../errors.js'

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

interface Thread {
  readonly worker: Worker
  /** The jobs sent to this worker and not yet answered, oldest first. */
  readonly pending: Pending[]
}

/**
 * The young generation of a worker's heap, in MB. V8 lets each heap's grow to several times this, which with
 * two or three heaps in one process kept `--jobs 2` over 150 MB (validate on 1 GB: 159 MB, convert to OCSF:
 * 191 MB; with 8 MB: 143 and 140 MB, for the same CPU). A part's work is small and short-lived.
 */
const WORKER_YOUNG_GENERATION_MB = 8

export class WorkerPool {
  private readonly threads: Thread[] = []
  private failure: CliError | undefined
  private closed = false

  /**
   * The threads start as the jobs need them: one with the first job, another whenever every thread started has a
   * job in flight, up to `size`. An input of a few parts starts a few threads, whatever `--jobs` says (64 threads
   * for 12 lines took 1 GB and 3 s).
   */
  constructor(
    private readonly url: URL,
    private readonly size: number,
    private readonly workerData: unknown,
  ) {}

  /** Sends one job (transferring `transfer`, e.g. the chunk's ArrayBuffer) and resolves with its answer. */
  run<T>(job: unknown, transfer: readonly ArrayBuffer[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    // After close(), no thread may start again (it would keep the process alive).
    if (this.closed) return Promise.reject(new CliError('ERR_WORKER', 'the worker threads were stopped', 2))
    let thread = this.threads[0]
    for (const other of this.threads) if (other.pending.length < thread!.pending.length) thread = other
    if (thread === undefined || (thread.pending.length > 0 && this.threads.length < this.size))
      thread = this.start()
    const chosen = thread
    return new Promise<T>((resolve, reject) => {
      chosen.pending.push({ resolve: resolve as (value: unknown) => void, reject })
      chosen.worker.postMessage(job, [...transfer])
    })
  }

  private start(): Thread {
    const worker = new Worker(this.url, {
      workerData: this.workerData,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    })
    const thread: Thread = { worker, pending: [] }
    worker.on('message', (result: unknown) => thread.pending.shift()?.resolve(result))
    worker.on('error', (error) => this.fail(`a worker thread failed: ${error.name}: ${error.message}`, error))
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(`a worker thread stopped (exit code ${code}) before the input was read`)
    })
    this.threads.push(thread)
    return thread
  }

  /** Ends every thread (whatever they are doing) and fails the jobs still in flight. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.rejectAll(this.failure ?? new CliError('ERR_WORKER', 'the worker threads were stopped', 2))
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()))
  }

  private fail(message: string, cause?: unknown): void {
    this.failure ??= new CliError('ERR_WORKER', message, 2, { cause })
    this.rejectAll(this.failure)
  }

  private rejectAll(error: Error): void {
    for (const thread of this.threads) for (const job of thread.pending.splice(0)) job.reject(error)
  }
}
