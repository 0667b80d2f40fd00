/**
 * Buffered writing to stdout or stderr: small writes are joined into large ones, the caller waits when
 * the stream is full (backpressure), and a reader that went away (`| head`: EPIPE) ends the run quietly.
 */
import { CliError, OutputClosedError } from '../errors.js'

export interface WritableLike {
  write(chunk: string): boolean
  once(event: 'drain', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  readonly isTTY?: boolean
}

/** Flush once this many characters are buffered. */
const FLUSH_AT = 64 * 1024

export class Output {
  private buffer = ''
  private draining: Promise<void> | undefined
  private wake: (() => void) | undefined
  private isClosed = false
  /** A write error other than the reader going away (a full disk): the run fails with it. */
  private failure: Error | undefined

  constructor(
    readonly stream: WritableLike,
    private readonly name = 'stdout',
  ) {
    stream.on('error', (error) => {
      this.isClosed = true
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'EPIPE' && code !== 'ERR_STREAM_DESTROYED') this.failure = error
      // Whoever waits for 'drain' would wait forever.
      this.wake?.()
    })
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true
  }

  /** The reader went away; everything written since is dropped. */
  get closed(): boolean {
    return this.isClosed
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
    if (!this.stream.write(text) && !this.draining) {
      this.draining = new Promise<void>((resolve) => {
        this.wake = () => {
          this.draining = undefined
          this.wake = undefined
          resolve()
        }
        this.stream.once('drain', this.wake)
      })
    }
  }

  /**
   * Undefined when more can be written now; else a promise for when it can. Throws once the reader has
   * gone (OutputClosedError) or writing failed (CliError), so that the caller stops reading input.
   */
  ready(): Promise<void> | undefined {
    this.check()
    if (this.buffer.length >= FLUSH_AT) this.flush()
    return this.draining
  }

  /** Throws if the stream failed or was closed. */
  check(): void {
    if (this.failure)
      throw new CliError('ERR_OUTPUT', `cannot write to ${this.name}: ${this.failure.message}`, 2, {
        cause: this.failure,
      })
    if (this.isClosed) throw new OutputClosedError(`${this.name} was closed`)
  }

  /** Writes what is buffered and waits until the stream took it. */
  async end(): Promise<void> {
    this.flush()
    if (this.draining) await this.draining
  }
}
