/**
 * Lines read on worker threads: the main thread only cuts the bytes into parts at line boundaries and
 * sends each part as a transferable ArrayBuffer (no copy, no text: decoding and parsing happen on the
 * worker); the answers are merged back strictly in the order of the parts, so every record keeps its
 * number, its line and its place in the output.
 *
 * A part ends where a fresh LineSplitter would read on exactly as one that had read everything before:
 * after any newline for NDJSON; with `joinDocuments`, only before a line that starts a record in its
 * first column (`{` or `[`) after a line that ends a value (`}` or `]`), so that no pretty-printed
 * document is ever split (see LineSplitter). A part is cut at the first boundary past `partBytes` (or past
 * `partLines` lines, if they come first), or, when a read comes short (the input trickles), at the last
 * boundary of what has come (with complete lines and no boundary, this thread reads them: a pretty-printed
 * document is complete only when the next one starts, and a live log should not wait for it). Where no
 * boundary comes within `localBytes` (a line of over 1 MiB, a large pretty-printed document), the input is
 * read on this thread up to the next boundary: a worker only ever holds ordinary parts, and a huge record
 * costs the memory it costs with `--jobs 1`, once.
 *
 * The bytes are copied once, into a staging buffer that the part then takes along (transferred, so not
 * copied again); the worker hands it back with its answer, to be filled again.
 *
 * Memory stays flat: at most `maxInFlight` parts are sent and not yet merged; `push` waits for the oldest
 * one beyond that, so a slow reader of the output (whose writes the merge waits for) slows the reading.
 */
import type { RecordHandler, Splitter } from './handler.js'
import { LineSplitter } from './lines.js'

/** The size of the input's reads (see sources.ts). */
export const READ_BYTES = 64 * 1024
/** Larger parts cost each thread more memory (a part's results are held until it is merged), not less time. */
export const DEFAULT_PART_BYTES = 64 * 1024
/** Tiny records would make a part of tens of thousands of results; 2,048 lines is ~15 KB of `{}` records. */
export const DEFAULT_PART_LINES = 2048
/** Parts sent and not yet merged, per worker: enough to keep each busy, few enough to keep memory flat. */
export const IN_FLIGHT_PER_WORKER = 2
/** A line (or a pretty-printed document) longer than this is read on the main thread, not sent. */
const LOCAL_FROM_BYTES = 1024 * 1024
const LF = 0x0a
const CR = 0x0d
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === CR

/**
 * A part of the input, as a worker receives it. Its lines are numbered from 1: the worker counts them, and
 * the merge, which takes the parts in order, knows where each one starts (this thread never counts lines).
 */
export interface LinesJob {
  readonly buffer: ArrayBuffer
  readonly length: number
  readonly joinDocuments: boolean
}

/** A worker's answer: its result, how many lines the part had, and its buffer handed back to be filled again. */
export interface PartAnswer<T> {
  readonly result: T
  readonly lines: number
  readonly buffer: ArrayBuffer
}

export interface ParallelOptions<T> {
  /** Sends a part to a worker; resolves with its answer. */
  run(job: LinesJob, transfer: ArrayBuffer[]): Promise<PartAnswer<T>>
  /**
   * Takes an answer, in the order of the parts, with the number of the part's first line in its source (the
   * result numbers them from 1). May return a promise to wait for (output backpressure).
   */
  merge(result: T, firstLine: number): void | Promise<void>
  /** What the records go to when they are read on this thread instead. */
  handler: RecordHandler
  maxRecordBytes: number
  joinDocuments: boolean
  /** How many bytes a part holds (at least; it ends at a line boundary). */
  partBytes: number
  /**
   * How many lines a part holds before it may end, if that comes before `partBytes`: a part's verdicts are
   * held until it is merged, so tiny records (`1`, `{}`) must not make a part of 30,000 of them. Looked for
   * while the parts merged last had lines short enough for it to matter (see `cutFrom`).
   */
  partLines: number
  maxInFlight: number
}

/**
 * Hands `bytes` (a part, or what this thread reads of it) to a splitter made without an OutputFlow (its `push`
 * never waits), in pieces of a read's size, as the input came: the text of a larger piece would sit in V8's
 * large-object space, slow to cut and parse.
 */
export function pushInReads(splitter: Splitter, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; at += READ_BYTES)
    void splitter.push(bytes.subarray(at, at + READ_BYTES))
}

/**
 * The first place at or after `from` where the bytes may be cut: just after a newline, or -1. With
 * `joinDocuments`, the line before the cut must end with `}` or `]` (blanks aside) and the line after it
 * start with `{` or `[`.
 */
export function firstBoundary(bytes: Uint8Array, from: number, joinDocuments: boolean): number {
  let newline = bytes.indexOf(LF, Math.max(0, from - 1))
  if (!joinDocuments) return newline < 0 ? -1 : newline + 1
  for (; newline >= 0; newline = bytes.indexOf(LF, newline + 1)) {
    const next = bytes[newline + 1]
    if (next !== 0x7b && next !== 0x5b) continue
    let end = newline - 1
    while (end >= 0 && isSpace(bytes[end]!)) end--
    const last = end >= 0 ? bytes[end] : undefined
    if (last === 0x7d || last === 0x5d) return newline + 1
  }
  return -1
}

/** How many lines a part had that was read on this thread (the workers count their parts' lines). */
function countLines(bytes: Uint8Array): number {
  let lines = 0
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) lines++
  return lines
}

interface InFlight<T> {
  readonly answer: Promise<PartAnswer<T>>
  /** The part's size in bytes. */
  readonly length: number
  done: boolean
}

const ignore = () => {}

export class ParallelLineSplitter<T> implements Splitter {
  /** The bytes not sent yet, at the start of a buffer of our own (so that it can be transferred). */
  private stage: Uint8Array
  private staged = 0
  /** No boundary lies before this index of the staged bytes (they were looked through). */
  private searchFrom = 0
  /** The lines merged or read on this thread so far (what is in flight is counted when it is merged). */
  private lines = 0
  /**
   * Bytes per line in the part merged last (0 before any). When lines are long enough that a part cannot
   * hold `partLines` of them, parts are cut by bytes alone, without looking for each newline.
   */
  private lineBytes = 0
  private readonly inFlight: InFlight<T>[] = []
  /** Buffers the workers handed back: filling one again costs no allocation and no page faults. */
  private spare: ArrayBuffer[] = []
  /** Reading on this thread, from a place where no boundary came in time up to the next boundary. */
  private local: LineSplitter | undefined
  /**
   * The merges, one after the other: an answer is merged as soon as it and all before it are in, not only
   * when more input comes (a slow trickle of input still gets each verdict at once). A failure (a worker's,
   * or a write's) stays here for `push` and `end` to throw.
   */
  private merging: Promise<void> = Promise.resolve()

  constructor(private readonly options: ParallelOptions<T>) {
    this.stage = this.buffer(0)
  }

  async push(chunk: Buffer): Promise<void> {
    this.append(chunk)
    // A read shorter than a full one: the input trickles (a pipe from a live log), so what is complete is
    // judged now rather than when a whole part has come.
    const trickle = chunk.length < READ_BYTES
    const { joinDocuments } = this.options
    for (;;) {
      if (this.local) {
        const cut = firstBoundary(this.stage.subarray(0, this.staged), this.searchFrom, joinDocuments)
        if (cut >= 0) {
          this.readHere(cut)
          this.local.end()
          this.local = undefined
          continue
        }
        // Read on, keeping the last line start: whether a boundary follows it shows with the next bytes.
        // A trickling input gives its newline too, so that its last record is judged now; a boundary right
        // after it goes unseen, and this thread reads on to the next one.
        const last = this.stage.subarray(0, this.staged).lastIndexOf(LF)
        if (trickle && last >= 0) this.readHere(last + 1)
        else this.readHere(last > 0 ? last : this.staged)
        break
      }
      const cutFrom = this.cutFrom()
      if (this.staged < cutFrom) {
        if (!trickle) break
        const last = this.lastBoundary()
        if (last > 0) await this.send(last)
        // Complete lines after the last boundary (a document is complete only when the next one starts):
        // this thread reads them, as --jobs 1 would, until a boundary comes.
        if (!this.stage.subarray(0, this.staged).includes(LF)) break
        await this.readLocally()
        continue
      }
      const cut = firstBoundary(
        this.stage.subarray(0, this.staged),
        Math.max(cutFrom, this.searchFrom),
        joinDocuments,
      )
      if (cut >= 0) {
        await this.send(cut)
        continue
      }
      this.searchFrom = this.staged
      if (this.staged <= this.localBytes) break
      // No boundary in sight: this thread reads.
      await this.readLocally()
    }
    await this.merging
  }

  /** From here this thread reads, up to the next boundary; what is in flight comes first. */
  private async readLocally(): Promise<void> {
    await this.settle(0)
    const { handler, maxRecordBytes, joinDocuments } = this.options
    this.local = new LineSplitter(handler, maxRecordBytes, joinDocuments, this.lines + 1)
    this.searchFrom = 0
  }

  async end(): Promise<void> {
    if (this.local) {
      this.readHere(this.staged)
      this.local.end()
      this.local = undefined
    } else if (this.staged > 0) await this.send(this.staged)
    await this.settle(0)
  }

  /** Where the next part may end at the earliest: after `partBytes`, or after `partLines` lines if sooner. */
  private cutFrom(): number {
    const { partBytes, partLines } = this.options
    // Lines twice as long as would let partLines of them fit: no need to look for each one (a denser stretch
    // is seen when its first parts are merged; until then at most maxInFlight parts go out by bytes alone).
    if (this.lineBytes * partLines >= 2 * partBytes) return partBytes
    const bytes = this.stage.subarray(0, Math.min(this.staged, partBytes))
    let newline = -1
    for (let lines = 0; lines < partLines; lines++) {
      newline = bytes.indexOf(LF, newline + 1)
      if (newline < 0) return partBytes
    }
    return newline + 1
  }

  /** The last place the staged bytes may be cut (0: none). */
  private lastBoundary(): number {
    const bytes = this.stage.subarray(0, this.staged)
    if (!this.options.joinDocuments) return bytes.lastIndexOf(LF) + 1
    let last = 0
    for (let cut = firstBoundary(bytes, 1, true); cut > 0; cut = firstBoundary(bytes, cut + 1, true))
      last = cut
    return last
  }

  /** How far the staged bytes may go without a boundary before this thread reads them. */
  private get localBytes(): number {
    return Math.max(LOCAL_FROM_BYTES, 2 * this.options.partBytes)
  }

  /** The size of a staging buffer: a part, and a read that goes past it. */
  private get usualBytes(): number {
    return 2 * this.options.partBytes + READ_BYTES
  }

  /** A staging buffer for at least `size` bytes: a spare one if it is large enough. */
  private buffer(size: number): Uint8Array {
    const spare = this.spare.pop()
    if (spare !== undefined && spare.byteLength >= size) return new Uint8Array(spare)
    return new Uint8Array(new ArrayBuffer(Math.max(size, this.usualBytes)))
  }

  private append(chunk: Uint8Array): void {
    if (this.staged + chunk.length > this.stage.length) {
      const larger = new Uint8Array(
        new ArrayBuffer(Math.max(2 * this.stage.length, this.staged + chunk.length)),
      )
      larger.set(this.stage.subarray(0, this.staged))
      this.stage = larger
    }
    this.stage.set(chunk, this.staged)
    this.staged += chunk.length
  }

  /** Sends the first `length` staged bytes (the stage's buffer goes along); the rest is staged anew. */
  private async send(length: number): Promise<void> {
    const part = this.stage
    const rest = this.staged - length
    this.stage = this.buffer(rest)
    this.stage.set(part.subarray(length, this.staged))
    this.staged = rest
    this.searchFrom = 0
    const job: LinesJob = {
      buffer: part.buffer as ArrayBuffer,
      length,
      joinDocuments: this.options.joinDocuments,
    }
    const entry: InFlight<T> = { answer: this.options.run(job, [job.buffer]), length, done: false }
    const settled = () => {
      entry.done = true
      this.mergeReady()
    }
    entry.answer.then(settled, settled)
    this.inFlight.push(entry)
    await this.settle(this.options.maxInFlight - 1)
  }

  /** Queues the merge of every answer that is in, oldest first (the oldest one still out stops it). */
  private mergeReady(): void {
    this.merging = this.merging.then(async () => {
      while (this.inFlight[0]?.done) {
        const entry = this.inFlight.shift()!
        const { result, lines, buffer } = await entry.answer
        // Only buffers of the usual size are kept: one grown for a huge line is let go.
        if (this.spare.length < this.options.maxInFlight && buffer.byteLength <= this.usualBytes)
          this.spare.push(buffer)
        const firstLine = this.lines + 1
        this.lines += lines
        this.lineBytes = entry.length / Math.max(lines, 1)
        await this.options.merge(result, firstLine)
      }
    })
    this.merging.catch(ignore)
  }

  /** Waits until at most `most` parts are out and not merged; throws what failed. */
  private async settle(most: number): Promise<void> {
    while (this.inFlight.length > most) {
      await this.inFlight[0]!.answer.catch(ignore)
      this.mergeReady()
      await this.merging
    }
    await this.merging
  }

  /** Hands the first `length` staged bytes to this thread's splitter, in reads' sizes (as the input came). */
  private readHere(length: number): void {
    const bytes = Buffer.from(this.stage.buffer, 0, length)
    this.lines += countLines(bytes)
    pushInReads(this.local!, bytes)
    this.stage.copyWithin(0, length, this.staged)
    this.staged -= length
    this.searchFrom = 0
  }
}
