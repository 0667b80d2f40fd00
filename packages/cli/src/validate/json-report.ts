/**
 * `validate --format json`: one report `{ model, total, valid, invalid, malformed, issues }` on stdout.
 * Issues spill to a temporary file past a limit (written at once), so memory stays flat even when every record
 * is invalid.
 */
import type { Issue } from '@session-schemas/core'
import { reportedSource } from '../options.js'
import { jsonPlace } from '../output/place.js'
import { SpillList, writeReport } from '../output/spill-list.js'
import type { Output } from '../output/writer.js'
import type { Counts, ValidateReport } from './report.js'

/** JSON text of strings that repeat across issues (model ids, keywords): stringified once each. */
const quotedTexts = new Map<string, string>()
function quoted(text: string): string {
  let json = quotedTexts.get(text)
  if (json === undefined) {
    json = JSON.stringify(text)
    // A few dozen model ids and keywords: a bound keeps a hostile stream from growing it.
    if (quotedTexts.size < 1024) quotedTexts.set(text, json)
  }
  return json
}

/** The rest of an issue's line: what it says, wherever the record is (see wording.ts). */
export function issueTail(model: string | null, issue: Issue): string {
  const modelJson = model === null ? 'null' : quoted(model)
  return `"model":${modelJson},"path":${JSON.stringify(issue.path)},"keyword":${quoted(issue.keyword)},"message":${JSON.stringify(issue.message)}}`
}

/**
 * One issue of the report: the text `JSON.stringify({ source, record, line, model, path, keyword, message })`
 * gives, built from parts (the same for every issue of a record, or of a source) instead of an object
 * stringified per issue: an invalid stream writes one per record.
 */
export function issueLine(
  sourceJson: string,
  record: number,
  line: number,
  model: string | null,
  issue: Issue,
): string {
  return jsonPlace(sourceJson, record, line) + issueTail(model, issue)
}

export class JsonReport implements ValidateReport {
  private readonly issues = new SpillList()

  /** `withIssues` false (`--summary`): the counts only. */
  constructor(
    private readonly out: Output,
    private readonly model: string,
    private readonly withIssues = true,
  ) {}

  /** The source being read (its path, or `-` for stdin), as JSON text. */
  private sourceJson = '"-"'

  beginSource(name: string): void {
    this.sourceJson = JSON.stringify(reportedSource(name))
  }
  endSource(): void {}

  invalid(record: number, line: number, worded: readonly string[]): void {
    if (!this.withIssues || worded.length === 0) return
    const place = jsonPlace(this.sourceJson, record, line)
    for (const tail of worded) this.issues.add(place + tail)
  }

  malformed(record: number, line: number, message: string): void {
    if (!this.withIssues) return
    this.issues.add(issueLine(this.sourceJson, record, line, null, { path: '', keyword: 'json', message }))
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
