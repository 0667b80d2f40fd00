/**
 * `validate --format json`: one report `{ model, total, valid, invalid, malformed, issues }` on stdout.
 * Issues spill to a temporary file past a limit, so memory stays flat even when every record is invalid.
 */
import type { Issue } from '@session-schemas/core'
import { reportedSource } from '../options.js'
import { SpillList, writeReport } from '../output/spill-list.js'
import type { Output } from '../output/writer.js'
import type { Counts, ValidateReport } from './report.js'

export class JsonReport implements ValidateReport {
  private readonly issues = new SpillList()

  /** `withIssues` false (`--summary`): the counts only. */
  constructor(
    private readonly out: Output,
    private readonly model: string,
    private readonly withIssues = true,
  ) {}

  /** The source being read: its path, or `-` for stdin. */
  private source = '-'

  beginSource(name: string): void {
    this.source = reportedSource(name)
  }
  endSource(): void {}

  invalid(record: number, line: number, model: string, issues: readonly Issue[]): void {
    if (!this.withIssues) return
    const { source } = this
    for (const issue of issues)
      this.issues.add(
        JSON.stringify({
          source,
          record,
          line,
          model,
          path: issue.path,
          keyword: issue.keyword,
          message: issue.message,
        }),
      )
  }

  malformed(record: number, line: number, message: string): void {
    if (!this.withIssues) return
    const { source } = this
    this.issues.add(JSON.stringify({ source, record, line, model: null, path: '', keyword: 'json', message }))
  }

  pending(): Promise<void> {
    return this.issues.pending()
  }

  async end(counts: Counts): Promise<void> {
    const { total, valid, invalid, malformed } = counts
    await writeReport(
      this.out,
      { model: this.model, total, valid, invalid, malformed },
      this.withIssues ? { issues: this.issues } : {},
    )
  }

  dispose(): Promise<void> {
    return this.issues.dispose()
  }
}
