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
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const MiB = 1024 * 1024
/** What the heap (used) and the array buffers may hold while a record of `size` bytes is gathered. */
const room = (size: number) => Math.max(8 * MiB, 48 * MiB - 6 * size)

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
 * the garbage of the records before it is collected if the heap holds more than `room(after)`.
 */
export function recordGrew(before: number, after: number): void {
  if (after < MiB || Math.clz32(before) === Math.clz32(after)) return
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  if (heapUsed + arrayBuffers > room(after)) fullCollection()?.()
}

/**
 * Before a record of `size` bytes is parsed: the garbage of the records before it is collected if the heap holds
 * more than leaves room for its parsed form, which for a record of tiny objects is up to 24 times its text.
 */
export function makeRoomFor(size: number): void {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  if (heapUsed + arrayBuffers > Math.max(8 * MiB, 48 * MiB - 24 * size)) fullCollection()?.()
}
