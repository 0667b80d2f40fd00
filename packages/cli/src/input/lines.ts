/**
 * NDJSON: one record per line. Chunks are split on Buffers (a whole chunk is decoded at once, then cut
 * at each newline), so a line costs one `slice` and no per-line closures. CRLF, blank lines and a
 * missing final newline are fine; a line that is not UTF-8 is reported as malformed, with its number.
 */
import { isUtf8 } from 'node:buffer'
import type { RecordHandler, Splitter } from './handler.js'

const LF = 10

export class LineSplitter implements Splitter {
  private line = 0
  /** The start of a line that the previous chunks did not finish. */
  private carry: Buffer[] = []
  private carryBytes = 0
  private oversize = false

  constructor(
    private readonly handler: RecordHandler,
    private readonly maxRecordBytes: number,
  ) {}

  push(chunk: Buffer): void {
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
      if (isUtf8(body)) this.lines(body.toString('utf8'))
      else this.byteLines(body)
      start = last + 1
    }
    if (start < chunk.length) this.keep(chunk.subarray(start))
  }

  end(): void {
    if (this.carryBytes > 0 || this.oversize) this.flushCarry()
  }

  /** Every line of a decoded text that ends with a newline. */
  private lines(text: string): void {
    const { handler, maxRecordBytes } = this
    let start = 0
    for (;;) {
      const newline = text.indexOf('\n', start)
      if (newline < 0) return
      const line = ++this.line
      // Blank lines (and CRLF's lone "\r") are no records; only a leading blank needs the slower look.
      const first = text.charCodeAt(start)
      if (newline > start && !(first <= 32 && text.slice(start, newline).trim() === '')) {
        // A UTF-16 unit is at most 3 UTF-8 bytes: only a long line needs its bytes counted.
        const long = (newline - start) * 3 > maxRecordBytes
        if (long && Buffer.byteLength(text.slice(start, newline)) > maxRecordBytes)
          handler.malformed(line, this.tooLarge())
        else handler.record(text.slice(start, newline), line)
      }
      start = newline + 1
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
    if (!isUtf8(bytes)) {
      this.handler.malformed(line, 'the line is not valid UTF-8')
      return
    }
    const text = bytes.toString('utf8')
    if (text.trim() === '') return
    if (bytes.length > this.maxRecordBytes) this.handler.malformed(line, this.tooLarge())
    else this.handler.record(text, line)
  }

  private tooLarge(): string {
    return `the line is larger than the record size limit (${this.maxRecordBytes} bytes)`
  }

  private keep(bytes: Buffer): void {
    if (this.oversize) return
    if (this.carryBytes + bytes.length > this.maxRecordBytes) {
      this.oversize = true
      this.carry = []
      this.carryBytes = 0
      return
    }
    // A copy, so that the carried tail does not keep its whole chunk alive.
    this.carry.push(Buffer.from(bytes))
    this.carryBytes += bytes.length
  }

  private flushCarry(): void {
    if (this.oversize) this.handler.malformed(++this.line, this.tooLarge())
    else this.emitBytes(this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes))
    this.carry = []
    this.carryBytes = 0
    this.oversize = false
  }
}
