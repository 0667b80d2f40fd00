/**
 * Cuts an input into records, as the CLI's `--input auto` does: a `[` first opens a JSON array of records;
 * otherwise every line is a record, and a pretty-printed document spanning lines is one record. (The CLI's
 * splitters in packages/cli/src/input work on Node Buffers of bytes; this works on the decoded text the
 * browser hands over.) A record that is not JSON is still a record here: readJson says where and why.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isBlank,
  LF,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  skipBlanks,
  valueEnd,
} from './scan.js'

export interface Piece {
  /** Offsets of the record's text in the input. */
  readonly start: number
  readonly end: number
  /** 1-based line and column where it starts. */
  readonly line: number
  readonly column: number
  /** Set when the input around the record is wrong (a missing comma, an unclosed array). */
  readonly problem?: string
}

/** Calls `each` for every record of `text`, in order. */
export function splitRecords(text: string, each: (piece: Piece) => void): void {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const first = skipBlanks(text, start)
  if (first < text.length && text.charCodeAt(first) === OPEN_BRACKET) splitArray(text, first, each)
  else splitLines(text, start, each)
}

/** One line of the input: [start, end) without its line break. */
interface Line {
  start: number
  end: number
  number: number
}

/**
 * Lines, by the CLI's rules (packages/cli/src/input/lines.ts and extent.ts): every line is a record, except
 * that a line that opens a value without closing it (it ends with `{`, `[`, `,` or `:`) followed by a line
 * that continues it (indented, or starting with `}`, `]` or `"`) begins a pretty-printed document, which
 * runs until its brackets close. A line starting with `{` or `[` where no value may begin starts the next
 * record, so a broken document cannot swallow the records after it.
 */
function splitLines(text: string, from: number, each: (piece: Piece) => void): void {
  const lines = nonBlankLines(text, from)
  let next = lines.next()
  while (!next.done) {
    const line = next.value
    next = lines.next()
    const following = next.done ? undefined : next.value
    if (!following || !mayOpen(text, line) || !continues(text, following)) {
      each(pieceOf(text, line, line))
      continue
    }
    const extent = new Extent()
    if (extent.feed(text, line) || extent.brokenString) {
      each(pieceOf(text, line, line))
      continue
    }
    let last = line
    while (!next.done) {
      const part = next.value
      if (startsRecord(text, part) && !extent.expectsValue) break
      last = part
      next = lines.next()
      if (extent.feed(text, part) || extent.brokenString) break
    }
    each(pieceOf(text, line, last))
  }
}

function pieceOf(text: string, first: Line, last: Line): Piece {
  const start = skipBlanks(text, first.start, first.end)
  return { start, end: trimEnd(text, start, last.end), line: first.number, column: start - first.start + 1 }
}

function* nonBlankLines(text: string, from: number): Generator<Line> {
  let number = 1
  for (let start = from; start < text.length; number++) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    if (skipBlanks(text, start, end) < end) yield { start, end, number }
    start = end + 1
  }
}

const lastChar = (text: string, line: Line) => text.charCodeAt(trimEnd(text, line.start, line.end) - 1)
const mayOpen = (text: string, line: Line) => {
  const c = lastChar(text, line)
  return c === OPEN_BRACE || c === OPEN_BRACKET || c === COMMA || c === COLON
}
const continues = (text: string, line: Line) => {
  const c = text.charCodeAt(line.start)
  return c === 0x20 || c === 0x09 || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === QUOTE
}
const startsRecord = (text: string, line: Line) => {
  const c = text.charCodeAt(line.start)
  return c === OPEN_BRACE || c === OPEN_BRACKET
}

/** Where a value spanning lines ends: brackets and strings followed line by line, nothing parsed. */
class Extent {
  private depth = 0
  /** A line ended inside a string: JSON strings never span lines, so the value is broken there. */
  brokenString = false
  /** The last character outside strings that is not blank. */
  private last = 0

  /** Whether a line starting with `{` or `[` may continue the value: only after `[` or `,`. */
  get expectsValue(): boolean {
    return this.last === OPEN_BRACKET || this.last === COMMA
  }

  /** Follows one line; true when the value is closed by its end. */
  feed(text: string, line: Line): boolean {
    let inString = false
    for (let i = line.start; i < line.end; i++) {
      const c = text.charCodeAt(i)
      if (inString) {
        if (c === BACKSLASH) i++
        else if (c === QUOTE) {
          inString = false
          this.last = QUOTE
        }
        continue
      }
      if (isBlank(c)) continue
      this.last = c
      if (c === QUOTE) inString = true
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.depth > 0) this.depth--
    }
    this.brokenString = inString
    return this.depth === 0
  }
}

function trimEnd(text: string, start: number, end: number): number {
  let i = end
  while (i > start && isBlank(text.charCodeAt(i - 1))) i--
  return i
}

function splitArray(text: string, open: number, each: (piece: Piece) => void): void {
  const where = new LineCounter(text)
  let i = skipBlanks(text, open + 1)
  let problem: string | undefined
  if (text.charCodeAt(i) === CLOSE_BRACKET) i = skipBlanks(text, i + 1)
  else
    while (i < text.length) {
      const end = valueEnd(text, i)
      each({ start: i, end, ...where.at(i), ...(problem ? { problem } : {}) })
      problem = undefined
      i = skipBlanks(text, end)
      const c = text.charCodeAt(i)
      if (c === COMMA) i = skipBlanks(text, i + 1)
      else if (c === CLOSE_BRACKET) {
        i = skipBlanks(text, i + 1)
        break
      } else if (i < text.length) problem = "expected ',' or ']' after the previous array item"
      if (i >= text.length) {
        each({
          start: text.length,
          end: text.length,
          ...where.at(text.length),
          problem: 'the array is not closed',
        })
        return
      }
    }
  if (i < text.length)
    each({ start: i, end: text.length, ...where.at(i), problem: 'unexpected data after the array' })
}

/** Line and column of increasing offsets, counted once. */
class LineCounter {
  private offset = 0
  private line = 1
  private lineStart = 0

  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    for (; this.offset < offset; this.offset++)
      if (this.text.charCodeAt(this.offset) === LF) {
        this.line++
        this.lineStart = this.offset + 1
      }
    return { line: this.line, column: offset - this.lineStart + 1 }
  }
}
