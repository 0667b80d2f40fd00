/** One record's JSON text to a value: `JSON.parse`, and core's exact reader only when an integer is beyond 2^53. */
import { JsonSyntaxError, readJson } from '@session-schemas/core'

/**
 * Parses a record with core's reader: one JSON.parse, and a second, exact read only for the rare
 * record with an integer beyond 2^53 (bigints).
 * @throws JsonSyntaxError (with line and column inside the record)
 */
export function parseRecord(text: string): unknown {
  return readJson(text)
}

/** A syntax error's message with its line counted in the input, not in the record. */
export function syntaxMessage(error: unknown, recordLine: number): string {
  if (!(error instanceof JsonSyntaxError)) return error instanceof Error ? error.message : String(error)
  if (error.line === undefined) return error.message
  const base = error.message.replace(/ \(line \d+, column \d+\)$/, '')
  return `${base} (line ${recordLine + error.line - 1}, column ${error.column})`
}
