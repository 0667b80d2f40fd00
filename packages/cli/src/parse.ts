/** One record's JSON text to a value: `JSON.parse`, and core's exact reader only when an integer is beyond 2^53. */
import { hasUnsafeInteger, JsonSyntaxError, readJson } from '@session-schemas/core'

/**
 * Parses a record. A walk over the parsed value is cheaper than scanning the text for long digit runs,
 * and only the rare record with an unsafe integer is read a second time, exactly (bigints).
 * @throws JsonSyntaxError (from core's reader, with line and column inside the record)
 */
export function parseRecord(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // The exact reader says where and why (and forgives a byte order mark).
    return readJson(text)
  }
  return hasUnsafeInteger(value) ? readJson(text) : value
}

/** A syntax error's message with its line counted in the input, not in the record. */
export function syntaxMessage(error: unknown, recordLine: number): string {
  if (!(error instanceof JsonSyntaxError)) return error instanceof Error ? error.message : String(error)
  if (error.line === undefined) return error.message
  const base = error.message.replace(/ \(line \d+, column \d+\)$/, '')
  return `${base} (line ${recordLine + error.line - 1}, column ${error.column})`
}
