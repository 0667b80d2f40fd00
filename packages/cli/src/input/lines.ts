/**
 * NDJSON: one record per line. Chunks are split on Buffers (a whole chunk is decoded at once, then cut
 * at each newline), so a line costs one `slice` and no per-line closures. CRLF, blank lines and a
 * missing final newline are fine; a line that is not UTF-8 is reported as malformed, with its number.
 *
 * With `joinDocuments` (the default input format), a pretty-printed document among the lines is one
 * record too: a line that opens a value without closing it, followed by lines that continue it
 * (indented, closing brackets, members), is joined with them until its brackets close. A document is ended
 * as cut off by a line that opens a value (`{` or `[` first, indented or not) where it cannot go on (where an
 * object needs a member's name); in an indented document, by any line that starts in the first column and
 * does not close it; in one without indentation (Python's `indent=0`), by a whole non-empty record in the
 * first column. A line that ends after a name's `:` opens none (see `mayOpen`). So no record is swallowed
 * by a broken one before it, except an indented one right after a line cut off where an array's element may
 * begin (which is exactly where a pretty array goes on), and a document without indentation right after one
 * cut off there. A document with a line that is not UTF-8, or too large to read, is one malformed record: it
 * is read to its end all the same: a line too large to hold is followed as it streams (its brackets and quotes,
 * see `LargeLine`), never kept.
 *
 * Given an OutputFlow, reading stops between two lines while the output is congested (`push` then returns
 * a promise): a chunk of tiny invalid records would otherwise write megabytes at once.
 */
import { isUtf8 } from 'node:buffer'
import {
  continues,
  continuesWith,
  Extent,
  isCompactRecord,
  isIndented,
  mayOpen,
  opensValue,
} from './extent.js'
import type { OutputFlow, RecordHandler, Splitter } from './handler.js'
import { recordGrew } from './large-records.js'

const LF = 10

interface Joined {
  readonly line: number
  readonly extent: Extent
  parts: string[]
  bytes: number
  oversize: boolean
  /** The first of its lines that is not UTF-8: the document is malformed, but read to its end all the same. */
  notUtf8Line: number | undefined
  /**
   * Its lines are indented (its second line is): then every line but the last, which closes it in the first
   * column, is indented, and a line that starts in the first column otherwise is the next record. Undecided
   * (undefined) for a document whose first line was too large to hold, until its second line.
   */
  indented: boolean | undefined
}

/**
 * A line too large to hold, followed as it streams: its first characters (the rules for where a document ends
 * look at them), its own brackets, and the brackets of the document it may continue.
 */
interface LargeLine {
  /** Its first character (byte), and its first one that is not blank; -1 while none came. */
  first: number
  firstSolid: number
  /** The line alone: whether it opens a document of its own, or is a whole record. */
  readonly own: Extent
  /** The document before it (or the pending line's) followed on through it, in case the line continues it. */
  readonly document: Extent | undefined
  /** Whether that document expected a value where the line begins (see `Extent.expectsValue`). */
  readonly expectsValue: boolean
}

interface Pending {
  readonly text: string
  readonly line: number
  readonly notUtf8: boolean
}

const NOT_UTF8 = 'the line is not valid UTF-8'

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
  /** The line being carried once it is too large to hold (with joinDocuments): followed, not kept. */
  private large: LargeLine | undefined
  /** A line that may open a pretty-printed document: the next line tells. */
  private pending: Pending | undefined
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
      } else {
        const stopped = this.byteLines(body, 0)
        if (stopped >= 0) return this.readBytesOn(body, stopped, chunk.subarray(last + 1))
      }
      start = last + 1
    }
    if (start < chunk.length) this.keep(chunk.subarray(start))
  }

  /** The output was congested at `from` in `text`: reads on as it drains, then keeps the chunk's `tail`. */
  private async readOn(text: string, from: number, tail: Buffer): Promise<void> {
    for (let at = from; at >= 0; at = this.lines(text, at)) await this.flow!.drained()
    if (tail.length > 0) this.keep(tail)
  }

  /** `readOn` for lines read as bytes (a chunk that is not all UTF-8). */
  private async readBytesOn(body: Buffer, from: number, tail: Buffer): Promise<void> {
    for (let at = from; at >= 0; at = this.byteLines(body, at)) await this.flow!.drained()
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
      if (long && Buffer.byteLength(text.slice(start, newline)) > maxRecordBytes)
        this.tooLarge(line, this.followed(text.slice(start, newline)))
      else if (newline > start && !(text.charCodeAt(start) <= 32 && isBlankLine(text.slice(start, newline))))
        this.take(text.slice(start, newline), line)
      else if (this.joined) this.joined.parts.push('')
      start = newline + 1
      if (flow?.congested() && start < text.length) return start
    }
  }

  /**
   * The slow path for a chunk that is not all UTF-8 (`body` ends with a newline): its lines from `start`, each
   * decoded on its own. Returns -1 once all are read, or where the next line starts when the output became
   * congested (as `lines` does).
   */
  private byteLines(body: Buffer, start: number): number {
    const { flow } = this
    while (start < body.length) {
      const newline = body.indexOf(LF, start)
      this.emitBytes(body.subarray(start, newline))
      start = newline + 1
      if (flow?.congested() && start < body.length) return start
    }
    return -1
  }

  private emitBytes(bytes: Buffer): void {
    const line = ++this.line
    const found = this.decoded(bytes, line)
    if (found !== undefined) this.emitText(found.text, line, found.notUtf8)
  }

  /**
   * A line's text, or undefined when it is too large (reported, or taken as a part of a document). A line that
   * is not UTF-8 is reported as malformed; with joinDocuments it may be a line of a document, which is then
   * malformed as a whole: its text, with U+FFFD for each invalid sequence, still shows where its brackets are
   * (they and quotes are ASCII, which a replaced sequence never takes with it).
   */
  private decoded(bytes: Buffer, line: number): { text: string; notUtf8: boolean } | undefined {
    // The same order of tests as for a line that comes in pieces: its size, its UTF-8, then blank or not.
    if (bytes.length > this.maxRecordBytes) {
      this.tooLarge(line, this.followed(bytes.toString('latin1')))
      return undefined
    }
    if (isUtf8(bytes)) return { text: bytes.toString('utf8'), notUtf8: false }
    if (this.joinDocuments) return { text: bytes.toString('utf8'), notUtf8: true }
    this.settle()
    this.handler.malformed(line, NOT_UTF8)
    return undefined
  }

  private emitText(text: string, line: number, notUtf8 = false): void {
    if (isBlankLine(text)) {
      if (this.joined) this.joined.parts.push('')
    } else this.take(text, line, notUtf8)
  }

  /** One non-blank line. The hot path: a compact record is handed over at once. */
  private take(text: string, line: number, notUtf8 = false): void {
    if (this.joined) {
      this.extend(this.joined, text, line, notUtf8)
      return
    }
    const pending = this.pending
    if (pending) {
      this.pending = undefined
      if (continues(text) && this.join(pending, text, line, notUtf8)) return
      this.emitPending(pending)
    }
    if (this.joinDocuments && mayOpen(text)) this.pending = { text, line, notUtf8 }
    else if (notUtf8) this.handler.malformed(line, NOT_UTF8)
    else this.handler.record(text, line)
  }

  private emitPending(pending: Pending): void {
    if (pending.notUtf8) this.handler.malformed(pending.line, NOT_UTF8)
    else this.handler.record(pending.text, pending.line)
  }

  /** Starts a document with its opening line and the line that continues it; false if it is no such start. */
  private join(opening: Pending, text: string, line: number, notUtf8: boolean): boolean {
    const joined = this.opened(opening, isIndented(text))
    if (!joined) return false
    this.joined = joined
    this.extend(joined, text, line, notUtf8)
    return true
  }

  /** A document begun by `opening`, or undefined if that line closes what it opens (or breaks a string). */
  private opened(opening: Pending, indented: boolean | undefined): Joined | undefined {
    const extent = new Extent()
    if (extent.feed(opening.text) || extent.brokenString) return undefined
    return {
      line: opening.line,
      extent,
      parts: [opening.text],
      bytes: Buffer.byteLength(opening.text),
      oversize: false,
      notUtf8Line: opening.notUtf8 ? opening.line : undefined,
      indented,
    }
  }

  private extend(joined: Joined, text: string, line: number, notUtf8: boolean): void {
    // A document opened by a line too large to hold: its second line tells whether it goes on, and how.
    if (joined.indented === undefined && continues(text)) joined.indented = isIndented(text)
    const ends = endsBefore(
      joined.indented,
      joined.extent.expectsValue,
      text.charCodeAt(0),
      opensValue(text),
      joined.indented === false && isCompactRecord(text),
    )
    if (ends) {
      this.finishJoined()
      this.take(text, line, notUtf8)
      return
    }
    if (notUtf8) joined.notUtf8Line ??= line
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
    else if (joined.notUtf8Line !== undefined)
      // Its line within the record: the same wherever the record is read (a --jobs worker numbers its part's
      // lines from 1), as a syntax error's line is.
      this.handler.malformed(
        joined.line,
        `the record is not valid UTF-8 (its line ${joined.notUtf8Line - joined.line + 1})`,
      )
    else this.handler.record(joined.parts.join('\n'), joined.line)
  }

  /** Hands over what is held back (a pending line, a document) before anything that comes after it. */
  private settle(): void {
    if (this.joined) this.finishJoined()
    const pending = this.pending
    this.pending = undefined
    if (pending) this.emitPending(pending)
  }

  /**
   * A line too large to hold, followed to its end (`large`; undefined without joinDocuments). Where it continues
   * a document (by the rules of `endsBefore`, read on its first characters), the document is too large and is
   * followed on to its end; where it opens one of its own (it ends with `{`, `[` or `,` and leaves a bracket
   * open), that one is; otherwise it is a record of its own.
   */
  private tooLarge(line: number, large: LargeLine | undefined): void {
    if (!large) {
      this.settle()
      this.handler.malformed(line, this.limitMessage('line'))
      return
    }
    const pending = this.pending
    this.pending = undefined
    let joined = this.joined
    if (!joined && pending && continuesWith(large.first) && large.document)
      joined = tooLargeDocument(
        pending.line,
        large.document,
        pending.notUtf8 ? pending.line : undefined,
        large.first === 0x20 || large.first === 0x09,
      )
    else if (pending) this.emitPending(pending)
    if (joined && !largeEnds(joined, large)) {
      // `large.document` is this document's extent, followed through the line already.
      this.joined = joined
      joined.oversize = true
      joined.parts = []
      if (joined.extent.endLine() || joined.extent.brokenString) this.finishJoined()
      return
    }
    if (this.joined) this.finishJoined()
    const { own } = large
    const opens = own.lastChar === 0x7b || own.lastChar === 0x5b || own.lastChar === 0x2c
    if (!own.endLine() && !own.brokenString && opens) {
      this.joined = tooLargeDocument(line, own, undefined, undefined)
      return
    }
    this.handler.malformed(line, this.limitMessage('line'))
  }

  /** A line too large to hold, followed whole (it came in one piece); undefined without joinDocuments. */
  private followed(text: string): LargeLine | undefined {
    const large = this.startLarge()
    if (large) this.followLarge(large, text)
    return large
  }

  /** Starts following a line too large to hold, with the document it may continue. */
  private startLarge(): LargeLine | undefined {
    if (!this.joinDocuments) return undefined
    const joined = this.joined
    let document = joined?.extent
    if (!joined && this.pending) {
      document = new Extent()
      // A pending line that closes what it opens opens no document.
      if (document.feed(this.pending.text) || document.brokenString) document = undefined
    }
    return {
      first: -1,
      firstSolid: -1,
      own: new Extent(),
      document,
      expectsValue: document?.expectsValue ?? false,
    }
  }

  private followLarge(large: LargeLine, piece: string): void {
    if (piece.length === 0) return
    if (large.first < 0) large.first = piece.charCodeAt(0)
    if (large.firstSolid < 0) {
      const solid = piece.search(/[^ \t\r]/)
      if (solid >= 0) large.firstSolid = piece.charCodeAt(solid)
    }
    large.own.feedPiece(piece)
    large.document?.feedPiece(piece)
  }

  private limitMessage(what: 'line' | 'record'): string {
    return `the ${what} is larger than the record size limit (${this.maxRecordBytes} bytes)`
  }

  private keep(bytes: Buffer): void {
    if (this.oversize) {
      if (this.large) this.followLarge(this.large, bytes.toString('latin1'))
      return
    }
    if (this.carryBytes + bytes.length > this.maxRecordBytes) {
      this.oversize = true
      // Not held any more: followed (what was carried, then each piece as it comes).
      this.large = this.startLarge()
      if (this.large)
        for (const piece of [...this.carry, bytes]) this.followLarge(this.large, piece.toString('latin1'))
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
    const found = this.carriedText(line)
    if (found !== undefined) this.emitText(found.text, line, found.notUtf8)
  }

  /**
   * The line carried over from chunk to chunk, decoded; its bytes are let go before it is handed over, so that a
   * record of 8 MiB does not hold 16 MiB of buffers (its pieces and their concatenation) while it is handled.
   */
  private carriedText(line: number): { text: string; notUtf8: boolean } | undefined {
    const { carry, carryBytes, oversize, large } = this
    this.carry = []
    this.carryBytes = 0
    this.oversize = false
    this.large = undefined
    if (oversize) {
      this.tooLarge(line, large)
      return undefined
    }
    return this.decoded(carry.length === 1 ? carry[0]! : Buffer.concat(carry, carryBytes), line)
  }
}

/**
 * Whether the next line cannot be a line of a document that was cut off before it (it is the next record), on
 * what is known of that line: its first character, whether it opens a value (`{` or `[` first, indented or not),
 * and, for a document without indentation, whether it is a whole record in the first column. A line that opens a
 * value where the document cannot go on; in an indented document, also a line that starts in the first column
 * and does not close it, and in one without indentation a whole record in the first column (which no printer
 * writes inside a document). A document whose first line was too large goes on only with a line that continues
 * it.
 */
function endsBefore(
  indented: boolean | undefined,
  expectsValue: boolean,
  first: number,
  opens: boolean,
  compactRecord: boolean,
): boolean {
  if (indented === undefined) return !continuesWith(first)
  if (opens && !expectsValue) return true
  return indented ? !continuesWith(first) : compactRecord
}

/** `endsBefore` for a line too large to hold, judged on what was followed of it. */
function largeEnds(joined: Joined, large: LargeLine): boolean {
  const { own, first } = large
  const compactRecord =
    joined.indented === false &&
    (first === 0x7b || first === 0x5b) &&
    (own.lastChar === 0x7d || own.lastChar === 0x5d) &&
    own.endLine() &&
    !own.brokenString
  const opens = large.firstSolid === 0x7b || large.firstSolid === 0x5b
  return endsBefore(joined.indented, large.expectsValue, first, opens, compactRecord)
}

/** A document one of whose lines is too large to hold: malformed, followed to its end by `extent`. */
function tooLargeDocument(
  line: number,
  extent: Extent,
  notUtf8Line: number | undefined,
  indented: boolean | undefined,
): Joined {
  return { line, extent, parts: [], bytes: 0, oversize: true, notUtf8Line, indented }
}
