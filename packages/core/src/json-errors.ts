/**
 * The errors of the JSON reader and writer. Their messages say where and why, and never quote the input:
 * a malformed record may hold a secret.
 */

/** Malformed JSON text: where (1-based line and column) and what was expected there. */
export class JsonSyntaxError extends SyntaxError {
  static readonly code: string = 'ERR_JSON_SYNTAX'
  override readonly name = 'JsonSyntaxError'
  readonly code = 'ERR_JSON_SYNTAX'
  /** 1-based line and column (in UTF-16 code units) of the problem. */
  readonly line: number | undefined
  readonly column: number | undefined

  constructor(message: string, line?: number, column?: number) {
    super(line !== undefined ? `${message} (line ${line}, column ${column})` : message)
    this.line = line
    this.column = column
  }
}

export type JsonLimitCode = 'ERR_JSON_TOO_DEEP' | 'ERR_JSON_NUMBER_TOO_LARGE' | 'ERR_JSON_NUMBER_INEXACT'

/**
 * JSON that is well-formed but beyond what is processed: nested too deeply for a recursive step, or a number
 * that cannot be kept exact (an integer of more than 1000 digits, a fraction beyond 2^52).
 * An `Error`, not a `RangeError`: it is about the data, never about an option.
 */
export class JsonLimitError extends Error {
  /** The class's code; an instance's `code` says which limit. */
  static readonly code: string = 'ERR_JSON_LIMIT'
  override readonly name = 'JsonLimitError'
  readonly code: JsonLimitCode
  /** 1-based line and column of the number, when the limit concerns one. */
  readonly line: number | undefined
  readonly column: number | undefined

  constructor(code: JsonLimitCode, message: string, line?: number, column?: number) {
    super(line !== undefined ? `${message} (line ${line}, column ${column})` : message)
    this.code = code
    this.line = line
    this.column = column
  }
}

/** The 1-based line and column of a 0-based offset; lines end at `\n`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (
    let newline = text.indexOf('\n');
    newline !== -1 && newline < offset;
    newline = text.indexOf('\n', newline + 1)
  ) {
    line++
    lineStart = newline + 1
  }
  return { line, column: offset - lineStart + 1 }
}
