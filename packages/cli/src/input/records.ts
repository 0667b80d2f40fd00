/**
 * Reads every source and hands each record to a handler: NDJSON line by line, JSON documents and
 * top-level arrays record by record. With `--input auto` the format is told from the first lines of
 * each source (see `sniff`). Nothing here holds more than one record and one chunk in memory.
 */
import { DocumentSplitter } from './documents.js'
import type { RecordHandler, Splitter } from './handler.js'
import { LineSplitter } from './lines.js'
import type { Source } from './sources.js'

export type InputMode = 'auto' | 'json' | 'ndjson'

export interface ReadOptions {
  readonly input: InputMode
  readonly maxRecordBytes: number
}

export interface ReadHooks {
  /** A source begins; its line numbers start again at 1. */
  beginSource?(source: Source): void
  endSource?(source: Source): void | Promise<void>
  /** Bytes read, for the progress bar. */
  progress?(bytes: number): void
  /** Called after every chunk: a promise to wait for (output backpressure, async work), if any. */
  afterChunk?(): Promise<void> | undefined
}

/** How far `sniff` looks before it settles for what it has. */
const SNIFF_BYTES = 1024 * 1024

const BOM = [0xef, 0xbb, 0xbf]
const hasBom = (bytes: Buffer) => bytes.length >= 3 && BOM.every((byte, i) => bytes[i] === byte)
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a

function parses(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'))
    return true
  } catch {
    return false
  }
}

/**
 * Tells NDJSON from JSON documents by the start of an input (after its BOM), or undefined when it needs
 * more bytes. A top-level `[` is a JSON array of records. Otherwise NDJSON when the first or the second
 * non-blank line is a JSON value by itself, or when the second line opens a new object at column 0 (so
 * malformed first lines do not turn an NDJSON stream into one broken document); else JSON documents
 * (pretty-printed, one or several), whose second line is a member or a closing brace.
 */
export function sniff(head: Buffer, done: boolean): 'json' | 'ndjson' | undefined {
  const lines: { text: Buffer; column: number }[] = []
  let i = 0
  while (lines.length < 2) {
    let lineStart = i
    while (i < head.length && isBlank(head[i]!)) {
      if (head[i] === 0x0a) lineStart = i + 1
      i++
    }
    if (i >= head.length) break
    if (lines.length === 0 && head[i] === 0x5b) return 'json'
    const newline = head.indexOf(0x0a, i)
    if (newline < 0 && !done) {
      if (head.length < SNIFF_BYTES) return undefined
      // A first line longer than the look-ahead is one huge record: NDJSON reads it the same way.
      return lines.length === 0 ? 'ndjson' : 'json'
    }
    const end = newline < 0 ? head.length : newline
    const text = head.subarray(i, end)
    if (parses(text)) return 'ndjson'
    lines.push({ text, column: i - lineStart })
    i = end + 1
  }
  const second = lines[1]
  if (!second) return done || head.length >= SNIFF_BYTES ? 'ndjson' : undefined
  return second.column === 0 && second.text[0] === 0x7b ? 'ndjson' : 'json'
}

function splitterFor(mode: 'json' | 'ndjson', handler: RecordHandler, options: ReadOptions): Splitter {
  return mode === 'ndjson'
    ? new LineSplitter(handler, options.maxRecordBytes)
    : new DocumentSplitter(handler, options.maxRecordBytes)
}

/** The format of a source once its first bytes are in (undefined: read on). */
function decide(head: Buffer, done: boolean, input: InputMode): 'json' | 'ndjson' | undefined {
  if (!done && head.length < BOM.length) return undefined
  const body = hasBom(head) ? head.subarray(BOM.length) : head
  return input === 'auto' ? sniff(body, done) : input
}

export async function readRecords(
  sources: readonly Source[],
  options: ReadOptions,
  handler: RecordHandler,
  hooks: ReadHooks = {},
): Promise<void> {
  for (const source of sources) {
    hooks.beginSource?.(source)
    let splitter: Splitter | undefined
    let head: Buffer[] = []
    const start = (done: boolean) => {
      const bytes = head.length === 1 ? head[0]! : Buffer.concat(head)
      const mode = decide(bytes, done, options.input)
      if (mode === undefined) return
      splitter = splitterFor(mode, handler, options)
      head = []
      splitter.push(hasBom(bytes) ? bytes.subarray(BOM.length) : bytes)
    }
    for await (const chunk of source.open()) {
      hooks.progress?.(chunk.length)
      if (splitter) splitter.push(chunk)
      else {
        head.push(chunk)
        start(false)
      }
      const wait = hooks.afterChunk?.()
      if (wait) await wait
    }
    if (!splitter) start(true)
    splitter?.end()
    const wait = hooks.afterChunk?.()
    if (wait) await wait
    await hooks.endSource?.(source)
  }
}
