/**
 * Reads every source and hands each record to a handler: NDJSON line by line, JSON documents and
 * top-level arrays record by record. With `--input auto` the format is told from the first character
 * of each source (see `sniff`). Nothing here holds more than one record and one chunk in memory.
 */
import { DocumentSplitter } from './documents.js'
import type { OutputFlow, RecordHandler, Splitter } from './handler.js'
import { LineSplitter } from './lines.js'
import type { Source } from './sources.js'

export type InputMode = 'auto' | 'json' | 'ndjson'

export interface ReadOptions {
  readonly input: InputMode
  readonly maxRecordBytes: number
  /**
   * Reads a source of lines (NDJSON, or `--input auto` lines with pretty-printed documents among them)
   * some other way, e.g. on worker threads; JSON arrays and documents are always read here.
   */
  readonly lineSplitter?: (joinDocuments: boolean) => Splitter
  /** The output's room: reading waits between records while the output is congested (see OutputFlow). */
  readonly flow?: OutputFlow
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

const BOM = [0xef, 0xbb, 0xbf]
const hasBom = (bytes: Buffer) => bytes.length >= 3 && BOM.every((byte, i) => bytes[i] === byte)
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a

/**
 * How `--input auto` reads a source, from its first character that is not blank (after its BOM): a `[`
 * opens a JSON array of records; anything else is read line by line, where every line is a record and a
 * pretty-printed document spanning lines is one record too (see LineSplitter). Nothing depends on what
 * later lines hold, so no shape of input can make the reader take lines for parts of one document.
 * Undefined while the source has shown nothing but blanks.
 */
export function sniff(head: Buffer, done: boolean): 'array' | 'lines' | undefined {
  for (const byte of head) {
    if (isBlank(byte)) continue
    return byte === 0x5b ? 'array' : 'lines'
  }
  return done ? 'lines' : undefined
}

type Reading = 'json' | 'ndjson' | 'array' | 'lines'

function splitterFor(mode: Reading, handler: RecordHandler, options: ReadOptions): Splitter {
  switch (mode) {
    case 'ndjson':
      return (
        options.lineSplitter?.(false) ??
        new LineSplitter(handler, options.maxRecordBytes, false, 1, options.flow)
      )
    case 'lines':
      return (
        options.lineSplitter?.(true) ??
        new LineSplitter(handler, options.maxRecordBytes, true, 1, options.flow)
      )
    default:
      return new DocumentSplitter(handler, options.maxRecordBytes, options.flow)
  }
}

/** How to read a source once its first bytes are in (undefined: read on). */
function decide(head: Buffer, done: boolean, input: InputMode): Reading | undefined {
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
      return splitter.push(hasBom(bytes) ? bytes.subarray(BOM.length) : bytes)
    }
    for await (const chunk of source.open()) {
      hooks.progress?.(chunk.length)
      let pushed: void | Promise<void>
      if (splitter) pushed = splitter.push(chunk)
      else {
        head.push(chunk)
        pushed = start(false)
      }
      if (pushed) await pushed
      const wait = hooks.afterChunk?.()
      if (wait) await wait
    }
    if (!splitter) await start(true)
    await splitter?.end()
    const wait = hooks.afterChunk?.()
    if (wait) await wait
    await hooks.endSource?.(source)
  }
}
