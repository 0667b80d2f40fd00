/**
 * NDJSON: one record per line. Chunks are split on Buffers (a whole chunk is decoded at once, then cut
 * at each newline), so a line costs one `slice` and no per-line closures. CRLF, blank lines and a
 * missing final newline are fine; a line that is not UTF-8 is reported as malformed, with its number.
 *
 * With `joinDocuments` (the default input format), a pretty-printed document among the lines is one
 * record too: a line that opens a value without closing it, followed by lines that continue it
 * (indented, closing brackets, members), is joined with them until its brackets close. A line that
 * opens a value (`{` or `[` first, indented or not) where the document cannot go on (where an object needs
 * a member's name) ends such a document as cut off, and a line that ends after a name's `:` opens none
 * (see `mayOpen`). So no record is swallowed by a broken one before it, except an indented one right after
 * a line cut off where an array's element may begin, which is exactly where a pretty array goes on.
 *
 * Given an OutputFlow, reading stops between two lines while the output is congested (`push` then returns
 * a promise): a chunk of tiny invalid records would otherwise write megabytes at once.
 */
import { isUtf8 } from 'node:buffer'
import { continues, Extent, mayOpen, opensValue } from './extent.js'
import type { OutputFlow, RecordHandler, Splitter } from './handler.js'
import { recordGrew } from './large-records.js'

const LF = 10

interface Joined {
  readonly line: number
  readonly extent: Extent
  parts: string[]
  bytes: number
  oversize: boolean
}

/**
 * Whether a line holds no record: empty, or only blanks (CRLF's lone "\r"). One test for every path, so
 * that how the input happens to be chunked never changes what is a record.
 */
const isBlankLine = (text: string) => text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')

export class LineSplitter implements Splitter {
  private line: number
  /** The start of a line that the previous chunks did not finish. */
  private carry: Buffer[] = []
  private carryBytes = 0
  private oversize = false
  /** A line that may open a pretty-printed document: the next line tells. */
  private pending: { readonly text: string; readonly line: number } | undefined
  /** A pretty-printed document being read. */
  private joined: Joined | undefined

  constructor(
    private readonly handler: RecordHandler,
    private readonly maxRecordBytes: number,
    private readonly joinDocuments = false,
    /** The number of the first line (with --jobs, this thread reads what lies between the parts it sends). */
    firstLine = 1,
    /** Where the output can be congested: `push` then waits between records (see OutputFlow). */
    private readonly flow?: OutputFlow,
  ) {
    this.line = firstLine - 1
  }

  /** The number of the last line read (with `firstLine` 1: how many lines were read). */
  get lineCount(): number {
    return this.line
  }

  push(chunk: Buffer): void | Promise<void> {
    let start = 0
    if (this.carryBytes > 0 || this.oversize) {
      const newline = chunk.indexOf(LF)
      if (newline < 0) {
        this.keep(chunk)
        return
      }
      this.keep(chunk.subarray(0, newline))
      this.flushCarry()
      start = newline + 1
    }
    const last = chunk.lastIndexOf(LF)
    if (last >= start) {
      const body = chunk.subarray(start, last + 1)
      if (isUtf8(body)) {
        const text = body.toString('utf8')
        const stopped = this.lines(text, 0)
        if (stopped >= 0) return this.readOn(text, stopped, chunk.subarray(last + 1))
      } else this.byteLines(body)
      start = last + 1
    }
    if (start < chunk.length) this.keep(chunk.subarray(start))
  }

  /** The output was congested at `from` in `text`: reads on as it drains, then keeps the chunk's `tail`. */
  private async readOn(text: string, from: number, tail: Buffer): Promise<void> {
    for (let at = from; at >= 0; at = this.lines(text, at)) await this.flow!.drained()
    if (tail.length > 0) this.keep(tail)
  }

  end(): void {
    if (this.carryBytes > 0 || this.oversize) this.flushCarry()
    this.settle()
  }

  /**
   * The lines of a decoded text that ends with a newline, from `start`: -1 once all are read, or where the
   * next line starts when the output became congested.
   */
  private lines(text: string, start: number): number {
    const { maxRecordBytes, flow } = this
    for (;;) {
      const newline = text.indexOf('\n', start)
      if (newline < 0) return -1
      const line = ++this.line
      // Blank lines (and CRLF's lone "\r") are no records; only a leading blank needs the slower look.
      // A line over the limit is one, blank or not (as when it comes in pieces across chunks).
      // A UTF-16 unit is at most 3 UTF-8 bytes: only a long line needs its bytes counted.
      const long = (newline - start) * 3 > maxRecordBytes
      if (long && Buffer.byteLength(text.slice(start, newline)) > maxRecordBytes) this.tooLarge(line)
      else if (newline > start && !(text.charCodeAt(start) <= 32 && isBlankLine(text.slice(start, newline))))
        this.take(text.slice(start, newline), line)
      else if (this.joined) this.joined.parts.push('')
      start = newline + 1
      if (flow?.congested() && start < text.length) return start
    }
  }

  /** The slow path for a chunk that is not all UTF-8: find the lines that are not, line by line. */
  private byteLines(body: Buffer): void {
    let start = 0
    while (start < body.length) {
      const newline = body.indexOf(LF, start)
      this.emitBytes(body.subarray(start, newline))
      start = newline + 1
    }
  }

  private emitBytes(bytes: Buffer): void {
    const line = ++this.line
    const text = this.decoded(bytes, line)
    if (text !== undefined) this.emitText(text, line)
  }

  /** A line's text, or undefined when it is too large or not UTF-8 (reported). */
  private decoded(bytes: Buffer, line: number): string | undefined {
    // The same order of tests as for a line that comes in pieces: its size, its UTF-8, then blank or not.
    if (bytes.length > this.maxRecordBytes) {
      this.tooLarge(line)
      return undefined
    }
    if (!isUtf8(bytes)) {
      this.settle()
      this.handler.malformed(line, 'the line is not valid UTF-8')
      return undefined
    }
    return bytes.toString('utf8')
  }

  private emitText(text: string, line: number): void {
    if (isBlankLine(text)) {
      if (this.joined) this.joined.parts.push('')
    } else this.take(text, line)
  }

  /** One non-blank line. The hot path: a compact record is handed over at once. */
  private take(text: string, line: number): void {
    if (this.joined) {
      this.extend(this.joined, text, line)
      return
    }
    const pending = this.pending
    if (pending) {
      this.pending = undefined
      if (continues(text) && this.join(pending, text, line)) return
      this.handler.record(pending.text, pending.line)
    }
    if (this.joinDocuments && mayOpen(text)) this.pending = { text, line }
    else this.handler.record(text, line)
  }

  /** Starts a document with its opening line and the line that continues it; false if it is no such start. */
  private join(opening: { text: string; line: number }, text: string, line: number): boolean {
    const extent = new Extent()
    if (extent.feed(opening.text) || extent.brokenString) return false
    this.joined = {
      line: opening.line,
      extent,
      parts: [opening.text],
      bytes: Buffer.byteLength(opening.text),
      oversize: false,
    }
    this.extend(this.joined, text, line)
    return true
  }

  private extend(joined: Joined, text: string, line: number): void {
    if (opensValue(text) && !joined.extent.expectsValue) {
      // The document was cut off: this line, which cannot go on from there, is a record of its own.
      this.finishJoined()
      this.take(text, line)
      return
    }
    const before = joined.bytes
    joined.bytes += Buffer.byteLength(text) + 1
    recordGrew(before, joined.bytes)
    if (!joined.oversize && joined.bytes > this.maxRecordBytes) {
      joined.oversize = true
      joined.parts = []
    }
    if (!joined.oversize) joined.parts.push(text)
    const closed = joined.extent.feed(text)
    if (closed || joined.extent.brokenString) this.finishJoined()
  }

  private finishJoined(): void {
    const joined = this.joined!
    this.joined = undefined
    if (joined.oversize) this.handler.malformed(joined.line, this.limitMessage('record'))
    else this.handler.record(joined.parts.join('\n'), joined.line)
  }

  /** Hands over what is held back (a pending line, a document) before anything that comes after it. */
  private settle(): void {
    if (this.joined) this.finishJoined()
    const pending = this.pending
    this.pending = undefined
    if (pending) this.handler.record(pending.text, pending.line)
  }

  private tooLarge(line: number): void {
    this.settle()
    this.handler.malformed(line, this.limitMessage('line'))
  }

  private limitMessage(what: 'line' | 'record'): string {
    return `the ${what} is larger than the record size limit (${this.maxRecordBytes} bytes)`
  }

  private keep(bytes: Buffer): void {
    if (this.oversize) return
    if (this.carryBytes + bytes.length > this.maxRecordBytes) {
      this.oversize = true
      this.carry = []
      this.carryBytes = 0
      return
    }
    recordGrew(this.carryBytes, this.carryBytes + bytes.length)
    // A copy, so that the carried tail does not keep its whole chunk alive.
    this.carry.push(Buffer.from(bytes))
    this.carryBytes += bytes.length
  }

  private flushCarry(): void {
    const line = ++this.line
    const text = this.carriedText(line)
    if (text !== undefined) this.emitText(text, line)
  }

  /**
   * The line carried over from chunk to chunk, decoded; its bytes are let go before it is handed over, so that a
   * record of 8 MiB does not hold 16 MiB of buffers (its pieces and their concatenation) while it is handled.
   */
  private carriedText(line: number): string | undefined {
    const { carry, carryBytes, oversize } = this
    this.carry = []
    this.carryBytes = 0
    this.oversize = false
    if (oversize) {
      this.tooLarge(line)
      return undefined
    }
    return this.decoded(carry.length === 1 ? carry[0]! : Buffer.concat(carry, carryBytes), line)
  }
}
