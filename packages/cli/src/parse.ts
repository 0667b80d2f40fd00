/** One record's JSON text to a value: `JSON.parse`, and core's exact reader only when an integer is beyond 2^53. */
import { JsonLimitError, JsonSyntaxError, readJson } from '@session-schemas/core'
import { nestedWithin } from '@session-schemas/core/internal'
import { withoutStacks } from './errors.js'
import { DEFAULT_MAX_RECORD_BYTES } from './input/handler.js'
import { makeRoomFor } from './input/large-records.js'

/** A record whose parsed form would take more memory than the limits allow. */
export class RecordLimitError extends Error {
  static readonly code: string = 'ERR_RECORD_TOO_BIG'
  override readonly name = 'RecordLimitError'
  readonly code = 'ERR_RECORD_TOO_BIG'
}

/**
 * How many times `--max-record-size` a record may take once parsed. Real records take about one to three
 * times their text (an 8 MiB Intersight list: about 11 MB of heap); a record built of nothing but tiny
 * objects (`[{},{},...]`: 2.8 million objects in 8 MiB) would take over 170 MB. The bound keeps the peak
 * memory of any input under SECURITY.md's limit without refusing real data.
 */
const EXPANSION = 8
/** Below this size a record cannot reach the bound, so its text is not scanned. */
const SCAN_FROM = 1024 * 1024
/**
 * From this size the heap is looked at before a record is parsed (a look costs microseconds, the parse of such a
 * record milliseconds): see input/large-records.ts.
 */
const LOOK_FROM = 256 * 1024
/** What a record of tiny objects takes once parsed, at most, for each byte of its text (`[{},{},...]`). */
const WORST_EXPANSION = 24
/**
 * Heap bytes per parsed value in V8 (Node 20), measured with JSON.parse and rounded up to cover the
 * garbage parsing leaves behind (arrays and hash tables grow by copying) and the explaining evaluator's
 * pass over the value: an object or array; a member of a small object (its fields live in the object); a
 * member of an object with more than SMALL_OBJECT members (a hash table); a string value; an element.
 */
const CONTAINER = 96
const MEMBER = 16
const SMALL_OBJECT = 64
const DICTIONARY_MEMBER = 200
const STRING = 32
const ELEMENT = 48
/**
 * A number of 16 digits or more may be an integer beyond 2^53: read as a bigint, and written back through
 * a marked string (writeJson), it costs far more than its text.
 */
const LONG_NUMBER = 400
const LONG_DIGITS = 16
/** Deeper than this, members are counted at the dictionary rate (the stack of counts stays small). */
const TRACKED_DEPTH = 1024

/**
 * An upper estimate of the heap bytes a JSON text takes once parsed, from one pass over its structure
 * (outside strings): the text itself, and a cost per object or array, member, string value, comma and
 * long number.
 */
export function parsedSize(text: string): number {
  let size = text.length
  let strings = 0
  let inString = false
  let digits = 0
  /** Members so far of each open container (-1 for an array), up to TRACKED_DEPTH. */
  const members: number[] = []
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
      continue
    }
    if (c >= 0x30 && c <= 0x39) {
      digits++
      continue
    }
    if (digits >= LONG_DIGITS) size += LONG_NUMBER
    digits = 0
    if (c === 0x22) {
      inString = true
      strings++
    } else if (c === 0x7b || c === 0x5b) {
      size += CONTAINER
      if (depth < TRACKED_DEPTH) members[depth] = c === 0x7b ? 0 : -1
      depth++
    } else if (c === 0x7d || c === 0x5d) {
      depth--
      const count = depth >= 0 && depth < TRACKED_DEPTH ? members[depth]! : 0
      if (count > SMALL_OBJECT) size += count * (DICTIONARY_MEMBER - MEMBER)
    } else if (c === 0x3a) {
      strings-- // a member's key is a string, not a string value
      if (depth > 0 && depth <= TRACKED_DEPTH) {
        members[depth - 1]!++
        size += MEMBER
      } else size += DICTIONARY_MEMBER
    } else if (c === 0x2c) size += ELEMENT
  }
  if (digits >= LONG_DIGITS) size += LONG_NUMBER
  return size + Math.max(0, strings) * STRING
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`

/**
 * Parses a record with core's reader: one JSON.parse, and a second, exact read only for the rare
 * record with an integer beyond 2^53 (bigints). A large record is first measured, so that a record
 * built to blow up memory (millions of tiny objects) is refused instead of parsed.
 * @throws JsonSyntaxError (with line and column inside the record), RecordLimitError, JsonLimitError
 */
export function parseRecord(text: string, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): unknown {
  if (text.length > SCAN_FROM) {
    const size = parsedSize(text)
    if (size > EXPANSION * maxRecordBytes)
      throw new RecordLimitError(
        `the record would take about ${mebibytes(size)} once parsed (the limit is ${EXPANSION} times --max-record-size, ${mebibytes(EXPANSION * maxRecordBytes)}): it holds too many objects, arrays or members`,
      )
    // Room for what it was measured to take (its worst case made every 1.4 MB record of a stream of ordinary
    // lists collect the heap first: twice the CPU).
    makeRoomFor(size)
  } else if (text.length >= LOOK_FROM) makeRoomFor(WORST_EXPANSION * text.length)
  // A malformed record throws twice (JSON.parse's SyntaxError, then the reader's JsonSyntaxError): 130 MB of
  // stacks' garbage in a stream of them, had they been captured.
  return withoutStacks(() => readJson(text))
}

/** What a reader error says, and where in its record (line 1 is the record's first line), if it says. */
export interface SyntaxFinding {
  readonly message: string
  readonly at?: { readonly line: number; readonly column: number }
}

/** A reader error as a finding: the message without its place, and the place in the record. */
export function syntaxFinding(error: unknown): SyntaxFinding {
  if (!(error instanceof JsonSyntaxError || error instanceof JsonLimitError))
    return { message: error instanceof Error ? error.message : String(error) }
  if (error.line === undefined || error.column === undefined) return { message: error.message }
  return {
    message: error.message.replace(/ \(line \d+, column \d+\)$/, ''),
    at: { line: error.line, column: error.column },
  }
}

/** A finding's message, with its line counted in the input (the record starts on `recordLine`). */
export function placedMessage(finding: SyntaxFinding, recordLine: number): string {
  const { message, at } = finding
  return at ? `${message} (line ${recordLine + at.line - 1}, column ${at.column})` : message
}

/**
 * How deep `convert` and `claims` follow a record: deeper than this, a record fails (ERR_JSON_TOO_DEEP) before it
 * is converted. Writing JSON recurses, so without a fixed limit whether a deep record overflows the stack would
 * depend on the thread (a worker's stack is larger) and on what the JIT has compiled: a record 8,000 levels deep
 * converted on a worker and failed on the main thread. Real records are a few levels deep; 1,000 levels fit any
 * thread's stack with room to spare.
 */
export const MAX_CONVERTED_DEPTH = 1000

/**
 * Fails a record nested deeper than MAX_CONVERTED_DEPTH (a walk without recursion). A text shorter than twice
 * the limit cannot be that deep (each level takes an opening and a closing bracket): most records are not walked.
 * @throws JsonLimitError ERR_JSON_TOO_DEEP
 */
export function refuseTooDeep(text: string, value: unknown): void {
  if (text.length < 2 * MAX_CONVERTED_DEPTH || nestedWithin(value, MAX_CONVERTED_DEPTH)) return
  throw new JsonLimitError(
    'ERR_JSON_TOO_DEEP',
    `the record is nested deeper than ${MAX_CONVERTED_DEPTH} levels, the most that convert and claims write`,
  )
}

/** A reader error's message with its line counted in the input, not in the record. */
export function syntaxMessage(error: unknown, recordLine: number): string {
  return placedMessage(syntaxFinding(error), recordLine)
}
