/** What `schemas list` and `schemas show` print. */

import { detectableModels } from '@session-schemas/converter/detect'
import { writeJson } from '@session-schemas/core'
import type { Context } from '../context.js'
import { loadRegistry, requireModel } from '../models.js'
import type { Format } from '../options.js'

/** The first sentence of a description, for one line of a list. */
function firstSentence(text: unknown): string {
  if (typeof text !== 'string') return ''
  const match = /^(.*?[.:])(\s|$)/s.exec(text)
  return (match ? match[1]! : text).replace(/\s+/g, ' ')
}

export async function listSchemas(ctx: Context, format: Format): Promise<void> {
  const registry = await loadRegistry()
  const detectable = detectableModels(registry)
  const rows = [...registry].map(([id, { model, packageName }]) => ({
    id,
    package: packageName,
    detectable: detectable.has(id),
    description: firstSentence(model.schema.description),
  }))
  if (format === 'json') {
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    return
  }
  const width = Math.max(...rows.map((row) => row.id.length)) + 2
  for (const row of rows)
    ctx.stdout.write(
      `${row.detectable ? '*' : ' '} ${ctx.out.bold(row.id.padEnd(width))}${ctx.out.dim(row.package)}\n`,
    )
}

export async function showSchema(ctx: Context, id: string): Promise<void> {
  const model = await requireModel(id, 'schemas show')
  ctx.stdout.write(`${writeJson(model.schema, { indent: 2 })}\n`)
}
