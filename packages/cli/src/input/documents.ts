/**
 * JSON documents: one or more JSON values (pretty-printed or not), where a top-level array is a list of
 * records. The scanner only follows strings and brackets to find where each record starts and ends, so
 * an array of a million records is read record by record and never parsed whole; each record is then
 * parsed on its own. Syntax errors inside a record are the parser's to find.
 */
import { isAscii, isUtf8 } from 'node:buffer'
import type { OutputFlow, RecordHandler, Splitter } from './handler.js'
import { recordGrew } from './large-records.js'

const LF = 0x0a
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

// What the scanner is in the middle of.
const BETWEEN = 0 // between records
const CONTAINER = 1 // a record that is an object or an array
const STRING = 2 // a record that is a bare string
const SCALAR = 3 // a record that is a number or a literal

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === LF
const endsScalar = (c: number) =>
  isBlank(c) ||
  c === COMMA ||
  c === CLOSE_BRACKET ||
  c === CLOSE_BRACE ||
  c === OPEN_BRACE ||
  c === OPEN_BRACKET ||
  c === QUOTE

/** How many backslashes end `chunk[from, end)`. */
function trailingBackslashes(chunk: Buffer, from: number, end: number): number {
  let n = 0
  while (end - n > from && chunk[end - n - 1] === BACKSLASH) n++
  return n
}

/** The index of the quote that closes the string opened at `open` in this chunk, or -1 if it goes on. */
function closingQuote(chunk: Buffer, open: number): number {
  let from = open + 1
  for (;;) {
    const quote = chunk.indexOf(QUOTE, from)
    if (quote < 0) return -1
    // A quote after an odd run of backslashes is escaped.
    if (trailingBackslashes(chunk, open + 1, quote) % 2 === 0) return quote
    from = quote + 1
  }
}

export class DocumentSplitter implements Splitter {
  private line = 1
  private state = BETWEEN
  private depth = 0
  private inString = false
  private escaped = false
  /** Inside a top-level array, whose elements are the records. */
  private inArray = false
  private arrayLine = 0
  /** An element was seen since the array opened or since the last comma. */
  private sawElement = false
  private afterComma = false
  /** What is wrong around the next record (a missing comma), reported in its place. */
  private pendingError: string | undefined
  private recordLine = 0
  private pieces: Buffer[] = []
  private pieceBytes = 0
  private oversize = false

  constructor(
    private readonly handler: RecordHandler,
    private readonly maxRecordBytes: number,
    /** Where the output can be congested: `push` then waits between records (see OutputFlow). */
    private readonly flow?: OutputFlow,
  ) {}

  push(chunk: Buffer): void | Promise<void> {
    const length = chunk.length
    // An ASCII chunk (most are) is decoded once, and its records are sliced from the text: no UTF-8 check and
    // no decoding per record. (ASCII bytes and characters are at the same offsets.)
    const text = isAscii(chunk) ? chunk.toString('latin1') : undefined
    let i = 0
    let start = 0 // where the current record starts in this chunk
    while (i < length) {
      if (this.state === BETWEEN) {
        const c = chunk[i]!
        if (c === LF) this.line++
        if (isBlank(c)) {
          i++
          continue
        }
        if (this.inArray && c === COMMA) {
          if (!this.sawElement)
            this.handler.malformed(this.line, 'an empty array element (two commas in a row)')
          this.sawElement = false
          this.afterComma = true
          i++
          continue
        }
        if (this.inArray && c === CLOSE_BRACKET) {
          if (this.afterComma && !this.sawElement)
            this.handler.malformed(this.line, 'a comma before "]" (JSON has no trailing commas)')
          this.inArray = false
          i++
          continue
        }
        if (!this.inArray && c === OPEN_BRACKET) {
          this.inArray = true
          this.arrayLine = this.line
          this.sawElement = false
          this.afterComma = false
          i++
          continue
        }
        if (this.inArray && this.sawElement)
          this.pendingError = 'a comma is missing before this array element'
        this.recordLine = this.line
        start = i
        i++
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.state = CONTAINER
          this.depth = 1
          this.inString = false
          this.escaped = false
        } else if (c === QUOTE) {
          this.state = STRING
          this.escaped = false
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA) {
          this.finish(
            chunk,
            text,
            start,
            i,
            `unexpected ${JSON.stringify(String.fromCharCode(c))} between records`,
          )
        } else {
          this.state = SCALAR
        }
        continue
      }
      const end = this.scan(chunk, i)
      if (end < 0) {
        i = length
        break
      }
      i = end
      this.finish(chunk, text, start, end)
      // Between records: the rest of the chunk can wait until the output has room.
      if (i < length && this.flow?.congested()) return this.readOn(chunk.subarray(i))
    }
    if (this.state !== BETWEEN) this.keep(chunk.subarray(start))
  }

  private async readOn(rest: Buffer): Promise<void> {
    await this.flow!.drained()
    await this.push(rest)
  }

  end(): void {
    if (this.state === SCALAR) this.finish(Buffer.alloc(0), undefined, 0, 0)
    else if (this.state !== BETWEEN) {
      this.pieces = []
      this.pieceBytes = 0
      this.state = BETWEEN
      this.handler.malformed(this.recordLine, 'the input ends inside this record (it is cut off)')
    }
    if (this.inArray) {
      this.inArray = false
      this.handler.malformed(
        this.arrayLine,
        `the input ends before the array opened on line ${this.arrayLine} is closed`,
      )
    }
  }

  /** Scans the current record from `i`; returns the index just after its end, or -1 at the chunk's end. */
  private scan(chunk: Buffer, from: number): number {
    const length = chunk.length
    let i = from
    if (this.state === CONTAINER) {
      let depth = this.depth
      let inString = this.inString
      let escaped = this.escaped
      // The next line feed at or after `i`, found natively, and looked for again only once passed.
      let nextLF = -1
      for (; i < length; i++) {
        const c = chunk[i]!
        if (inString) {
          // Only a string carried over from the previous chunk is followed byte by byte.
          if (escaped) escaped = false
          else if (c === BACKSLASH) escaped = true
          else if (c === QUOTE) inString = false
          else if (c === LF) this.line++
        } else if (c === QUOTE) {
          // Most of a record is strings: find the closing quote with the native indexOf.
          const close = closingQuote(chunk, i)
          const stop = close < 0 ? length : close
          if (nextLF < i) nextLF = chunk.indexOf(LF, i)
          while (nextLF >= 0 && nextLF < stop) {
            this.line++
            nextLF = chunk.indexOf(LF, nextLF + 1)
          }
          if (close < 0) {
            // The string goes on in the next chunk; an odd run of backslashes at the end escapes its first byte.
            inString = true
            escaped = trailingBackslashes(chunk, i + 1, length) % 2 === 1
            i = length
            break
          }
          i = close
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--depth === 0) {
            this.depth = 0
            return i + 1
          }
        } else if (c === LF) this.line++
      }
      this.depth = depth
      this.inString = inString
      this.escaped = escaped
      return -1
    }
    if (this.state === STRING) {
      let escaped = this.escaped
      for (; i < length; i++) {
        const c = chunk[i]!
        if (escaped) escaped = false
        else if (c === BACKSLASH) escaped = true
        else if (c === QUOTE) return i + 1
        else if (c === LF) this.line++
      }
      this.escaped = escaped
      return -1
    }
    // SCALAR: up to (not including) the next delimiter.
    for (; i < length; i++) if (endsScalar(chunk[i]!)) return i
    return -1
  }

  /**
   * The record ends at `end` in `chunk` (whose text is `text` when it is ASCII): hand it over, with what earlier
   * chunks held of it.
   */
  private finish(chunk: Buffer, text: string | undefined, start: number, end: number, error?: string): void {
    this.state = BETWEEN
    if (this.inArray) {
      this.sawElement = true
      this.afterComma = false
    }
    const line = this.recordLine
    const problem = error ?? this.pendingError
    this.pendingError = undefined
    let bytes: Buffer | undefined
    if (!this.oversize && this.pieceBytes + (end - start) > this.maxRecordBytes) this.oversize = true
    if (problem === undefined && !this.oversize && this.pieces.length === 0 && text !== undefined) {
      // The whole record is in this ASCII chunk.
      this.handler.record(text.slice(start, end), line)
      return
    }
    if (!this.oversize) {
      const tail = chunk.subarray(start, end)
      bytes = this.pieces.length === 0 ? tail : Buffer.concat([...this.pieces, tail])
    }
    const oversize = this.oversize
    this.pieces = []
    this.pieceBytes = 0
    this.oversize = false
    if (problem !== undefined) this.handler.malformed(line, problem)
    else if (oversize || bytes === undefined)
      this.handler.malformed(
        line,
        `the record is larger than the record size limit (${this.maxRecordBytes} bytes)`,
      )
    else if (!isUtf8(bytes)) this.handler.malformed(line, 'the record is not valid UTF-8')
    else {
      const decoded = bytes.toString('utf8')
      // A large record's bytes are garbage once decoded: let them go before it is parsed.
      bytes = undefined
      this.handler.record(decoded, line)
    }
  }

  private keep(bytes: Buffer): void {
    if (this.oversize) return
    if (this.pieceBytes + bytes.length > this.maxRecordBytes) {
      this.oversize = true
      this.pieces = []
      this.pieceBytes = 0
      return
    }
    recordGrew(this.pieceBytes, this.pieceBytes + bytes.length)
    this.pieces.push(Buffer.from(bytes))
    this.pieceBytes += bytes.length
  }
}
