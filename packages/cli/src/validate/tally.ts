/** `validate`'s tally: each record's verdict (judged here or on a worker thread) counted and reported, in order. */
import type { RecordVerdict } from './judge.js'
import { type Counts, emptyCounts, type ValidateReport } from './report.js'

export class ValidateTally {
  readonly counts: Counts = emptyCounts()
  /** Valid records per model (for `--model auto`; a record valid as several models counts as "A or B"). */
  readonly models = new Map<string, number>()

  constructor(private readonly report: ValidateReport) {}

  add(verdict: RecordVerdict, line: number): void {
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
        this.report.invalid(record, line, verdict.model, verdict.issues)
        return
      case 'malformed':
        counts.malformed++
        this.report.malformed(record, line, verdict.message)
    }
  }
}
