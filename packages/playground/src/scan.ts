/**
 * Where JSON values end, following only strings and brackets (never building a value): enough to cut an
 * input into records and to find the text of a JSON Pointer inside a record. Well-formedness is the
 * parser's job (core's readJson, which says where and why); these functions only need to stop.
 */

export const QUOTE = 0x22
export const BACKSLASH = 0x5c
export const COMMA = 0x2c
export const COLON = 0x3a
export const LF = 0x0a
export const OPEN_BRACE = 0x7b
export const CLOSE_BRACE = 0x7d
export const OPEN_BRACKET = 0x5b
export const CLOSE_BRACKET = 0x5d

export const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === LF

export function skipBlanks(text: string, from: number, to = text.length): number {
  let i = from
  while (i < to && isBlank(text.charCodeAt(i))) i++
  return i
}

/** The offset just after the string that opens at `from` (at `to` when it is not closed). */
export function stringEnd(text: string, from: number, to = text.length): number {
  let i = from + 1
  while (i < to) {
    const c = text.charCodeAt(i)
    if (c === BACKSLASH) i += 2
    else if (c === QUOTE) return i + 1
    else i++
  }
  return to
}

/**
 * The offset just after the value that starts at `from`: a container up to its matching bracket (or `to`
 * when it is not closed), a string up to its closing quote, anything else up to a blank or a delimiter.
 */
export function valueEnd(text: string, from: number, to = text.length): number {
  const first = text.charCodeAt(from)
  if (first === QUOTE) return stringEnd(text, from, to)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = from
    while (i < to) {
      const c = text.charCodeAt(i)
      if (isBlank(c) || c === COMMA || c === COLON || c === CLOSE_BRACE || c === CLOSE_BRACKET) break
      i++
    }
    return Math.max(i, from + 1)
  }
  let depth = 0
  let i = from
  while (i < to) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      i = stringEnd(text, i, to)
      continue
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
      if (depth === 0) return i + 1
    }
    i++
  }
  return to
}

/** The 1-based line and column of `offset` in `text`, counting from a known line start. */
export function lineAndColumnAt(
  text: string,
  offset: number,
  known: { readonly offset: number; readonly line: number; readonly column: number },
): { line: number; column: number } {
  let line = known.line
  let column = known.column
  for (let i = known.offset; i < offset; i++) {
    if (text.charCodeAt(i) === LF) {
      line++
      column = 1
    } else column++
  }
  return { line, column }
}
