/** What `detect` does: one verdict per record, as text or NDJSON; with `--jobs N`, found on worker threads. */

import { describeDetection, detect } from '@session-schemas/converter/detect'
import type { Context } from '../context.js'
import type { DetectBatch, DetectWorkerSetup } from '../detect-worker.js'
import type { Registry } from '../models.js'
import { loadRegistry } from '../models.js'
import { type Format, type InputOptions, type JobsOptions, reportedSource } from '../options.js'
import { jsonPlace, textPlace } from '../output/place.js'
import { printable } from '../output/printable.js'
import type { Style } from '../output/style.js'
import { parseRecord, placedMessage, type SyntaxFinding, syntaxFinding } from '../parse.js'
import { outputsCongested, outputsDrained, type Position, type Positions, visitRecords } from '../runner.js'
import { refuseEmpty } from '../verdict.js'
import { workerPartsFor } from '../workers/parts.js'

export interface DetectOptions extends InputOptions, JobsOptions {
  readonly format: Format
}

/**
 * What a record's line says after its place, and whether its model was found; or, for a record that is not
 * JSON, its syntax finding (worded once its line in the input is known).
 */
export type Found = { readonly said: string; readonly clear: boolean } | { readonly finding: SyntaxFinding }

/**
 * The lines of `detect`, the same whichever thread finds them: a worker says what follows a record's place, and
 * the thread that knows the place (its source, record number and line) writes the line.
 */
export class DetectLines {
  private lastSource: { readonly name: string; readonly json: string } | undefined

  constructor(
    private readonly format: Format,
    private readonly style: Style,
  ) {}

  /** The verdict on one record. */
  find(text: string, registry: Registry, maxRecordSize: number): Found {
    let value: unknown
    try {
      value = parseRecord(text, maxRecordSize)
    } catch (error) {
      return { finding: syntaxFinding(error) }
    }
    const detection = detect(value, registry)
    const clear = detection.status === 'detected'
    if (this.format === 'json') return { said: fieldsAfterPlace(detection), clear }
    const { style } = this
    const color = clear ? style.green : detection.status === 'ambiguous' ? style.yellow : style.red
    return { said: color(printable(describeDetection(detection))), clear }
  }

  /** What a malformed record's line says after its place. */
  malformed(message: string): string {
    if (this.format === 'json') return fieldsAfterPlace({ status: 'malformed', message })
    return `${this.style.red('malformed')}: ${printable(message)}`
  }

  /** A record's whole line: its place, then what it says. */
  line(at: Position, said: string): string {
    if (this.format === 'json') return `${jsonPlace(this.sourceJson(at.source), at.record, at.line)}${said}\n`
    return `${textPlace(this.style, at.source, at.line, at.record)}${said}\n`
  }

  /**
   * The source's name as JSON text (`-` for stdin, as every JSON report says), made once per source rather than
   * once per line.
   */
  private sourceJson(name: string): string {
    if (this.lastSource?.name !== name) this.lastSource = { name, json: JSON.stringify(reportedSource(name)) }
    return this.lastSource.json
  }
}

/** An object's JSON without its opening brace: the rest of a line that starts with the record's place. */
function fieldsAfterPlace(fields: object): string {
  return JSON.stringify(fields).slice(1)
}

export async function detectModels(
  ctx: Context,
  files: readonly string[],
  options: DetectOptions,
): Promise<number> {
  const registry = await loadRegistry()
  const lines = new DetectLines(options.format, ctx.out)
  let unclear = 0
  const unclearOnes = (count: number) => {
    unclear += count
    if (count > 0) ctx.failed = true
  }
  const malformed = (message: string, at: Position) => {
    unclearOnes(1)
    ctx.stdout.write(lines.line(at, lines.malformed(message)))
  }
  // The built worker sits next to this module's directory (dist/detect-worker.js).
  const parts = workerPartsFor<DetectBatch>(options, new URL('../detect-worker.js', import.meta.url), {
    format: options.format,
    color: ctx.out.enabled,
    maxRecordSize: options.maxRecordSize,
  } satisfies DetectWorkerSetup)
  // A part's lines, placed: one write for the part.
  const merge = async (batch: DetectBatch, firstLine: number, positions: Positions) => {
    // What this thread read before the part (a line over 1 MiB) is written first.
    await positions.settle()
    const before = positions.count
    positions.count += batch.records
    let text = ''
    for (let i = 0; i < batch.records; i++) {
      const at = { source: positions.source, record: before + i + 1, line: firstLine - 1 + batch.lines[i]! }
      const found = batch.found[i]!
      text += lines.line(
        at,
        typeof found === 'string' ? found : lines.malformed(placedMessage(found, at.line)),
      )
    }
    ctx.stdout.write(text)
    unclearOnes(batch.unclear)
    if (outputsCongested(ctx)) await outputsDrained(ctx)
  }
  let records: number
  try {
    records = await visitRecords(
      ctx,
      files,
      options,
      {
        record(text, at) {
          const found = lines.find(text, registry, options.maxRecordSize)
          if ('finding' in found) {
            malformed(placedMessage(found.finding, at.line), at)
            return
          }
          if (!found.clear) unclearOnes(1)
          ctx.stdout.write(lines.line(at, found.said))
        },
        malformed,
      },
      parts &&
        ((joinDocuments, positions) =>
          parts.lineSplitter(joinDocuments, positions.handler, (batch, firstLine) =>
            merge(batch, firstLine, positions),
          )),
    )
  } finally {
    await parts?.close()
  }
  if (refuseEmpty(ctx, records, options)) return 1
  return unclear > 0 ? 1 : 0
}
