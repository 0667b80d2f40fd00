/**
 * The hot path of `validate`: one JSON.parse per record, the ahead-of-time `check`, and `errors()` only
 * for a record that fails it. A valid record costs no allocation here beyond what parsing makes.
 */

import { judge, missingEvidence } from '@session-schemas/converter/detect'
import type { Issue, Model } from '@session-schemas/core'
import type { RecordHandler } from '../input/handler.js'
import type { Registry } from '../models.js'
import { parseRecord, syntaxMessage } from '../parse.js'
import { type Counts, emptyCounts, type ValidateReport } from './report.js'

export class ValidateHandler implements RecordHandler {
  readonly counts: Counts = emptyCounts()
  /** Valid records per model (for `--model auto`; a record valid as several models counts as "A or B"). */
  readonly models = new Map<string, number>()

  /** A model, or (`--model auto`) none: then each record's model is detected. */
  constructor(
    private readonly model: Model<unknown> | undefined,
    private readonly report: ValidateReport,
    private readonly registry: Registry | undefined,
    private readonly maxRecordBytes: number,
  ) {}

  record(text: string, line: number): void {
    const counts = this.counts
    const record = ++counts.total
    let value: unknown
    try {
      value = parseRecord(text, this.maxRecordBytes)
    } catch (error) {
      counts.malformed++
      this.report.malformed(record, line, syntaxMessage(error, line))
      return
    }
    const model = this.model
    if (model === undefined) {
      this.detected(record, line, value)
      return
    }
    const valid = model.check(value)
    // A model without required keys accepts almost any object: the record must also carry its keys.
    const unlike = missingEvidence(model, value, this.registry)
    if (valid && unlike === undefined) {
      counts.valid++
      return
    }
    counts.invalid++
    const issues = valid ? [] : model.errors(value)
    this.report.invalid(record, line, model.id, unlike === undefined ? issues : [...issues, evidence(unlike)])
  }

  malformed(line: number, message: string): void {
    const record = ++this.counts.total
    this.counts.malformed++
    this.report.malformed(record, line, message)
  }

  private tally(key: string): void {
    this.models.set(key, (this.models.get(key) ?? 0) + 1)
  }

  private detected(record: number, line: number, value: unknown): void {
    const verdict = judge(value, this.registry!)
    if (verdict.valid) {
      this.counts.valid++
      this.tally(verdict.models.join(' or '))
      return
    }
    this.counts.invalid++
    this.report.invalid(record, line, verdict.model, verdict.issues)
  }
}

function evidence(message: string): Issue {
  return { path: '', keyword: 'model', message }
}
