/** What the input splitters hand their records to. */
export interface RecordHandler {
  /**
   * One record's text (a JSON value, or for token input a line) and the 1-based line it starts on.
   * The hot path: called once per record, so implementations keep it free of allocations they can avoid.
   */
  record(text: string, line: number): void
  /** A record that cannot even be read as text: invalid UTF-8, larger than the limit, or cut off. */
  malformed(line: number, message: string): void
}

/**
 * The output's room, as a splitter sees it. A chunk of input can make output hundreds of times its size (64 KiB
 * of `{}` records: 11 MB of text issues): where the output is a pipe, what its reader has not taken waits in
 * memory. So a splitter given a flow stops between two records once the output is congested, and reads on
 * when it has drained (its `push` then returns a promise).
 */
export interface OutputFlow {
  /** Whether more output waits to be written than should (checked after each record). */
  congested(): boolean
  /** Resolves once the output has room again. */
  drained(): Promise<void> | undefined
}

/**
 * Splits one input's bytes into records. `push` every chunk in order, then `end` once; a splitter that
 * hands the work to worker threads returns a promise to wait for before the next chunk (backpressure).
 */
export interface Splitter {
  push(chunk: Buffer): void | Promise<void>
  end(): void | Promise<void>
}

/**
 * Default for `--max-record-size`: one record (a line, an array element, a whole document) at most this
 * large. A record is held as text and as parsed objects at once (about ten times its size for session
 * records), so this keeps the peak memory of any input under 150 MB; raise it for a huge single document.
 */
export const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024
