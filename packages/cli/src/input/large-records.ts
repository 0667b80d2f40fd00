/**
 * Large records one after another. A record's garbage (its bytes, its text, its parsed value, its output:
 * about six times its size) lives in V8's large-object space, which V8 collects only once the heap passes
 * its next limit: often after the next large record has been read and parsed too. Then the peak is two
 * records' worth, not one (measured with `convert` on 8 MiB records: 195 MB for several in a row against
 * 130 MB for one; SECURITY.md's bound is 150 MB). So while a record is being gathered from chunks, each time
 * it passes 1, 2, 4, ... MiB the heap is looked at, and collected first if what it holds leaves less room
 * than a record of that size needs. Ordinary records (under 1 MiB) never get here while they are gathered; from
 * 256 KiB the heap is looked at once more before one is parsed (`makeRoomFor`), since a record of tiny objects
 * just under 1 MiB takes 25 MB once parsed (15 of them in a row peaked at 225 MB).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const MiB = 1024 * 1024
/** What a record being gathered takes by the time it is parsed, for each byte of it: its bytes, its text, its value. */
const GATHERED_EXPANSION = 6

let collect: (() => void) | null | undefined

/**
 * V8's full collection, as `node --expose-gc` offers it, or null if this V8 does not give it. The flag is
 * set only while a new context picks the function up (as jest-leak-detector does), then cleared again.
 */
function fullCollection(): (() => void) | null {
  if (collect !== undefined) return collect
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('gc')
    collect = typeof gc === 'function' ? (gc as () => void) : null
  } catch {
    collect = null
  } finally {
    setFlagsFromString('--no-expose-gc')
  }
  return collect
}

/**
 * A record being gathered grew from `before` to `after` bytes. When it passes a power of two from 1 MiB,
 * the garbage of the records before it is collected if the heap leaves too little room for it.
 */
export function recordGrew(before: number, after: number): void {
  if (after < MiB || Math.clz32(before) === Math.clz32(after)) return
  makeRoomFor(GATHERED_EXPANSION * after)
}

/**
 * Before a record is parsed into about `parsedBytes` (measured for a record over 1 MiB; the worst case, 24 times
 * its text, below that): the garbage of the records before it is collected if the heap holds more than leaves
 * room for it.
 */
export function makeRoomFor(parsedBytes: number): void {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  if (heapUsed + arrayBuffers > Math.max(8 * MiB, 48 * MiB - parsedBytes)) fullCollection()?.()
}

/** How far the heap may grow past what a full collection left before the next one, between a record's sessions. */
const SESSIONS_SLACK = 24 * MiB

/**
 * The sessions of one record, converted one after another: a list of a hundred thousand tiny sessions makes a
 * few KiB of short-lived garbage each (the conversion, its error, the report line), and V8 promotes part of it
 * to the old generation, which it collects only once the heap passes a limit that grows with the heap (an 8 MiB
 * list of 148,000 failing sessions to OCSF: 243 MB). Looked at every few hundred sessions, the heap is collected
 * when it has grown SESSIONS_SLACK past what the last collection left, so garbage stays within that.
 */
export class SessionsHeapWatch {
  private limit: number | undefined

  /** Looks at the heap (a few microseconds: call it every few hundred sessions, not every one). */
  look(): void {
    const used = heapInUse()
    if (this.limit === undefined) this.limit = used + SESSIONS_SLACK
    else if (used > this.limit) {
      const collected = fullCollection()
      if (collected === null) return
      collected()
      this.limit = heapInUse() + SESSIONS_SLACK
    }
  }
}

function heapInUse(): number {
  const { used_heap_size, external_memory } = getHeapStatistics()
  return used_heap_size + external_memory
}
