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
