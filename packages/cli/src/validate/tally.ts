/** `validate`'s tally: each record's verdict (judged here or on a worker thread) counted and reported, in order. */
import { placedMessage } from '../parse.js'
import type { RecordVerdict } from './judge.js'
import { type Counts, emptyCounts, type ValidateReport } from './report.js'
import type { InvalidWording } from './wording.js'
import type { VerdictBatch } from './worker.js'

/** A verdict as a report takes it: an invalid record's issues already worded (on a worker thread, or here). */
export type WordedVerdict =
  | Exclude<RecordVerdict, { readonly status: 'invalid' }>
  | { readonly status: 'invalid'; readonly worded: readonly string[] }

export class ValidateTally {
  readonly counts: Counts = emptyCounts()
  /** Valid records per model (for `--model auto`; a record valid as several models counts as "A or B"). */
  readonly models = new Map<string, number>()

  constructor(
    private readonly report: ValidateReport,
    private readonly wording: InvalidWording,
  ) {}

  add(verdict: RecordVerdict, line: number): void {
    if (verdict.status !== 'invalid') this.take(verdict, line)
    else this.take({ status: 'invalid', worded: this.wording(verdict.model, verdict.issues) }, line)
  }

  private take(verdict: WordedVerdict, line: number): void {
    const counts = this.counts
    const record = ++counts.total
    switch (verdict.status) {
      case 'valid':
        counts.valid++
        if (verdict.models !== undefined)
          this.models.set(verdict.models, (this.models.get(verdict.models) ?? 0) + 1)
        return
      case 'invalid':
        counts.invalid++
        this.report.invalid(record, line, verdict.worded)
        return
      case 'malformed':
        counts.malformed++
        this.report.malformed(record, line, placedMessage(verdict, line))
    }
  }

  /**
   * A worker's batch, for a part whose first line is `firstLine`: its records in order, the plain valid ones
   * counted, the others added one by one.
   */
  addBatch(batch: VerdictBatch, firstLine: number): void {
    const counts = this.counts
    let next = 0
    for (const { index, line, verdict } of batch.problems) {
      counts.total += index - next
      counts.valid += index - next
      this.take(verdict, firstLine - 1 + line)
      next = index + 1
    }
    counts.total += batch.records - next
    counts.valid += batch.records - next
    for (const [model, n] of batch.models) this.models.set(model, (this.models.get(model) ?? 0) + n)
  }
}
