/** What validation tells its report, record by record (invalid and malformed ones only) and per source. */

export interface Counts {
  total: number
  valid: number
  invalid: number
  malformed: number
}

export interface ValidateReport {
  beginSource(name: string): void
  /** An invalid record: what it says after its place, worded for this report (see wording.ts). */
  invalid(record: number, line: number, worded: readonly string[]): void
  /** A record that is not JSON (or not UTF-8, or too large). */
  malformed(record: number, line: number, message: string): void
  /** The source's own counts, and how many of its valid records each model had (for `--model auto`). */
  endSource(name: string, counts: Counts, models: ReadonlyMap<string, number>): void
  /** All sources done. */
  end(counts: Counts): Promise<void>
}

export const emptyCounts = (): Counts => ({ total: 0, valid: 0, invalid: 0, malformed: 0 })
