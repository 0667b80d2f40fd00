/**
 * Buffered writing to stdout or stderr: small writes are joined into large ones, the caller waits when
 * the stream is full (backpressure), and every write is acknowledged, so that a failed write (a full
 * disk) fails the run even at the last flush.
 *
 * The two streams differ when their reader goes away (EPIPE): stdout carries the data, so the run stops
 * there (`| head`), with the verdict on what was read so far; stderr carries diagnostics, so they are
 * dropped and the run goes on to write all of its data.
 */
import { CliError, OutputClosedError } from '../errors.js'

/** What the CLI writes to: a Node writable stream, or anything that behaves like one. */
export interface WritableLike {
  /** Takes a chunk and calls back once it is written (or failed), as Node's writable streams do. */
  write(chunk: string, callback?: (error?: Error | null) => void): boolean
  once(event: 'drain', listener: () => void): unknown
  /** What waits to be written, in bytes (a Node writable stream's); absent: nothing ever waits. */
  readonly writableLength?: number
  on(event: 'error', listener: (error: Error) => void): unknown
  readonly isTTY?: boolean
  /** The file descriptor written to (process.stdout's and stderr's), if any. */
  readonly fd?: number
}

/** Flush once this many characters are buffered. */
const FLUSH_AT = 64 * 1024
/** Congested (see `congested`) once this much waits to be written: 16 flushes. */
const CONGESTED_AT = 1024 * 1024

const readerGone = (error: Error) => {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED'
}

export class Output {
  private buffer = ''
  private draining: Promise<void> | undefined
  private wake: (() => void) | undefined
  private isClosed = false
  /** A write error other than the reader going away (a full disk): the run fails with it. */
  private failure: Error | undefined
  /** Resolves when every write handed to the stream so far has been acknowledged. */
  private written: Promise<void> = Promise.resolve()

  /** `name` is what messages call it: `stdout`, `stderr` (which only carries diagnostics) or a file's path. */
  constructor(
    readonly stream: WritableLike,
    private readonly name: string = 'stdout',
  ) {
    stream.on('error', (error) => this.failed(error))
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true
  }

  /**
   * More waits to be written than CONGESTED_AT (buffered here, or in the stream because its reader is slower
   * than we write): reading should stop between records until `ready()` resolves.
   */
  get congested(): boolean {
    return this.buffer.length + (this.stream.writableLength ?? 0) > CONGESTED_AT
  }

  /** The reader went away; everything written since is dropped. */
  get closed(): boolean {
    return this.isClosed
  }

  /** Whether this stream carries diagnostics, which may be lost without stopping the run. */
  private get diagnostics(): boolean {
    return this.name === 'stderr'
  }

  write(text: string): void {
    if (this.isClosed) return
    this.buffer += text
    if (this.buffer.length >= FLUSH_AT) this.flush()
  }

  flush(): void {
    const text = this.buffer
    this.buffer = ''
    if (text === '' || this.isClosed) return
    const accepted = this.stream.write(text, this.acknowledgement())
    if (!accepted && !this.draining) {
      this.draining = new Promise<void>((done) => {
        this.wake = () => {
          this.draining = undefined
          this.wake = undefined
          done()
        }
        this.stream.once('drain', this.wake)
      })
    }
  }

  /**
   * The callback of one write, which `end()` waits for. Made here, not in `flush`: a closure there would
   * hold the written text until the stream calls back, and a stream that writes at once still calls back
   * on the next tick, after every write of the chunk of input being read (a chunk of tiny invalid records
   * writes 11 MB of report: V8 moved it to its old space, 165-178 MB peak).
   */
  private acknowledgement(): (error?: Error | null) => void {
    let acknowledge!: () => void
    const acknowledged = new Promise<void>((resolve) => {
      acknowledge = resolve
    })
    this.written = this.written.then(() => acknowledged)
    return (error) => {
      if (error) this.failed(error)
      acknowledge()
    }
  }

  /**
   * Undefined when more can be written now; else a promise for when it can. Throws once writing failed
   * (CliError) or the reader of stdout has gone (OutputClosedError), so that the caller stops reading input.
   */
  ready(): Promise<void> | undefined {
    this.check()
    if (this.buffer.length >= FLUSH_AT) this.flush()
    return this.draining
  }

  /** Throws if writing failed, or if stdout was closed. */
  check(): void {
    if (this.failure)
      throw new CliError('ERR_OUTPUT', `cannot write to ${this.name}: ${this.failure.message}`, 2, {
        cause: this.failure,
      })
    if (this.isClosed && !this.diagnostics) throw new OutputClosedError(`${this.name} was closed`)
  }

  /** Writes what is buffered, waits until the stream has taken all of it, and throws if it could not. */
  async end(): Promise<void> {
    this.flush()
    if (this.draining) await this.draining
    await this.written
    this.check()
  }

  private failed(error: Error): void {
    this.isClosed = true
    if (!readerGone(error)) this.failure ??= error
    // Whoever waits for 'drain' would wait forever.
    this.wake?.()
  }
}
