/**
 * The hot path of `validate`: one JSON.parse per record, the ahead-of-time `check`, and `errors()` only
 * for a record that fails it. A valid record costs no allocation here beyond what parsing makes.
 */
import type { Model } from '@session-schemas/core'
import { type Detection, describeDetection, detect } from '../detect.js'
import type { RecordHandler } from '../input/handler.js'
import type { Registry } from '../models.js'
import { parseRecord, syntaxMessage } from '../parse.js'
import { type Counts, emptyCounts, type ValidateReport } from './report.js'

export class ValidateHandler implements RecordHandler {
  readonly counts: Counts = emptyCounts()
  /** Valid records per model, for `--model auto` (and "ambiguous" ones). */
  readonly models = new Map<string, number>()

  /** A model, or (`--model auto`) none and the registry to detect each record's model in. */
  constructor(
    private readonly model: Model<unknown> | undefined,
    private readonly report: ValidateReport,
    private readonly registry: Registry = new Map(),
  ) {}

  record(text: string, line: number): void {
    const counts = this.counts
    const record = ++counts.total
    let value: unknown
    try {
      value = parseRecord(text)
    } catch (error) {
      counts.malformed++
      this.report.malformed(record, line, syntaxMessage(error, line))
      return
    }
    const model = this.model
    if (model === undefined) {
      this.detected(record, line, value, this.registry)
      return
    }
    if (model.check(value)) counts.valid++
    else {
      counts.invalid++
      this.report.invalid(record, line, model.id, model.errors(value))
    }
  }

  malformed(line: number, message: string): void {
    const record = ++this.counts.total
    this.counts.malformed++
    this.report.malformed(record, line, message)
  }

  private tally(key: string): void {
    this.models.set(key, (this.models.get(key) ?? 0) + 1)
  }

  private detected(record: number, line: number, value: unknown, registry: Registry): void {
    const detection: Detection = detect(value, registry)
    if (detection.status === 'detected') {
      const model = registry.get(detection.model)!.model
      if (model.check(value)) {
        this.counts.valid++
        this.tally(model.id)
      } else {
        this.counts.invalid++
        this.report.invalid(record, line, model.id, model.errors(value))
      }
      return
    }
    // Valid whichever model it is: it is valid, and "ambiguous" says which ones it could be.
    if (
      detection.status === 'ambiguous' &&
      detection.candidates.every((id) => registry.get(id)?.model.check(value))
    ) {
      this.counts.valid++
      this.tally('ambiguous')
      return
    }
    this.counts.invalid++
    this.report.invalid(record, line, 'auto', [
      { path: '', keyword: 'model', message: describeDetection(detection) },
    ])
  }
}
