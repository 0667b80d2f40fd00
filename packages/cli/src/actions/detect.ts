/** What `detect` does: one verdict per record, as text or NDJSON. */

import { describeDetection, detect } from '@session-schemas/converter/detect'
import type { Context } from '../context.js'
import { loadRegistry } from '../models.js'
import type { Format, InputOptions } from '../options.js'
import { printable } from '../output/printable.js'
import { parseRecord, syntaxMessage } from '../parse.js'
import { type Position, visitRecords } from '../runner.js'
import { refuseEmpty } from '../verdict.js'

export interface DetectOptions extends InputOptions {
  readonly format: Format
}

export async function detectModels(
  ctx: Context,
  files: readonly string[],
  options: DetectOptions,
): Promise<number> {
  const registry = await loadRegistry()
  let unclear = 0
  const { out } = ctx
  const emit = (at: Position, fields: Record<string, unknown>, text: string) => {
    if (options.format === 'json')
      ctx.stdout.write(
        `${JSON.stringify({ source: at.source, record: at.record, line: at.line, ...fields })}\n`,
      )
    else ctx.stdout.write(`${out.bold(`${at.source}:${at.line}`)}  record ${at.record}  ${text}\n`)
  }
  const malformed = (message: string, at: Position) => {
    unclear++
    ctx.failed = true
    emit(at, { status: 'malformed', message }, `${out.red('malformed')}: ${printable(message)}`)
  }
  const records = await visitRecords(ctx, files, options, {
    record(text, at) {
      let value: unknown
      try {
        value = parseRecord(text, options.maxRecordSize)
      } catch (error) {
        malformed(syntaxMessage(error, at.line), at)
        return
      }
      const detection = detect(value, registry)
      if (detection.status !== 'detected') {
        unclear++
        ctx.failed = true
      }
      const color =
        detection.status === 'detected' ? out.green : detection.status === 'ambiguous' ? out.yellow : out.red
      emit(at, { ...detection }, color(printable(describeDetection(detection))))
    },
    malformed,
  })
  if (refuseEmpty(ctx, records, options)) return 1
  return unclear > 0 ? 1 : 0
}
