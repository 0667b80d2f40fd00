/**
 * The sessions inside a record: an envelope (the manifest says which models are, what they hold and
 * where) holds several, or one at a pointer (vSphere's legacy `{"value": …}`), one that may be `null` (vim25's `currentSession`) holds none when it is
 * ("no session", not an error), every session model holds itself.
 */
import { COMMON_MODEL, isSessionModel } from '@session-schemas/converter'
import type { Envelope } from '@session-schemas/converter/manifest'
import { fromPointer, type Loss, type PathSegment, toPointer, ValidationError } from '@session-schemas/core'
import { factsOf, type Registry } from './models.js'

export interface SessionRecord {
  /** The session's own model (`netscaler/mpssession` for an element of a NITRO envelope). */
  readonly model: string
  readonly value: unknown
  /** JSON Pointer of the session inside the input record ('' for the record itself). */
  readonly pointer: string
}

/**
 * The sessions of a record, each made when it is asked for: a list can hold a hundred thousand, and their
 * records and pointers made at once took 20 MB more (an 8 MiB Intersight list of tiny sessions).
 */
export interface SessionList {
  readonly length: number
  at(index: number): SessionRecord
}

/** A SessionList of records made already (one session, or none). */
export function listOf(records: readonly SessionRecord[]): SessionList {
  return { length: records.length, at: (index) => records[index]! }
}

export interface Expanded {
  readonly sessions: SessionList
  /** Why a record holds no session (an error envelope, a count, a null currentSession). */
  readonly note?: string
  /**
   * The envelope's own fields, beside the sessions it holds (NITRO's `errorcode`, a list's `Count`, a
   * `next_page`): the documents written are the sessions, so these are not carried over.
   */
  readonly dropped?: readonly Loss[]
}

/** Thrown for a record whose model holds no session at all (an error body, claims, OCSF). */
export class NotASessionError extends Error {
  static readonly code: string = 'ERR_NOT_A_SESSION'
  override readonly name = 'NotASessionError'
  readonly code = 'ERR_NOT_A_SESSION'
}

/** The envelope a model is, if it is one. */
function envelopeOf(model: string): Envelope | undefined {
  return factsOf(model)?.envelope
}

/** The models `convert --from` and `claims --from` accept. */
export function holdsSessions(model: string): boolean {
  return isSessionModel(model) || model === COMMON_MODEL || envelopeOf(model) !== undefined
}

function validated(registry: Registry, modelId: string, value: unknown): Record<string, unknown> | null {
  const model = registry.get(modelId)?.model
  if (model && !model.check(value)) throw new ValidationError(modelId, model.errors(value))
  return value as Record<string, unknown> | null
}

/** The sessions a record of `model` holds, each with its own model and where it sits. */
export function expandSessions(registry: Registry, model: string, value: unknown): Expanded {
  const envelope = envelopeOf(model)
  if (envelope) {
    const document = validated(registry, model, value)
    if (envelope.value !== undefined) {
      const at = fromPointer(envelope.value)
      let held: unknown = document
      for (const key of at) held = (held as Record<string, unknown>)[String(key)]
      return {
        sessions: listOf([{ model: envelope.holds, value: held, pointer: envelope.value }]),
        dropped: besides(model, document!, at),
      }
    }
    if (envelope.items === undefined) {
      if (document === null) return { sessions: listOf([]), note: `no session (${model} is null)` }
      return { sessions: listOf([{ model: envelope.holds, value, pointer: '' }]) }
    }
    return itemsOf(model, envelope, envelope.items, document!)
  }
  if (isSessionModel(model) || model === COMMON_MODEL)
    return { sessions: listOf([{ model, value, pointer: '' }]) }
  throw new NotASessionError(`${model} holds no session`)
}

/** The sessions in an envelope's array (an item that is only a count is none). */
function itemsOf(
  model: string,
  envelope: Envelope,
  items: string,
  document: Record<string, unknown>,
): Expanded {
  const at = fromPointer(items)
  let list: unknown = document
  for (const key of at) list = (list as Record<string, unknown> | null)?.[String(key)]
  if (!Array.isArray(list) || list.length === 0)
    return { sessions: listOf([]), note: `${model} without sessions${statusOf(envelope, document)}` }
  const isCount = (item: unknown): item is Record<string, unknown> =>
    envelope.countKey !== undefined && onlyKey(item, envelope.countKey)
  const counts = list.filter(isCount)
  if (counts.length === list.length) {
    return {
      sessions: listOf([]),
      note: `${model} count response: ${counts.map((c) => String(c[envelope.countKey!])).join(', ')} session(s), no session records`,
    }
  }
  // The items that are sessions, by index (all of them unless some are counts).
  const indexes = counts.length === 0 ? undefined : list.flatMap((item, i) => (isCount(item) ? [] : [i]))
  const prefix = toPointer(at)
  // (The array narrowed above, as a constant the closure below can keep narrowed.)
  const found: readonly unknown[] = list
  return {
    sessions: {
      length: indexes?.length ?? found.length,
      at(index) {
        const i = indexes === undefined ? index : indexes[index]!
        return { model: envelope.holds, value: found[i], pointer: `${prefix}/${i}` }
      },
    },
    dropped: besides(model, document, at),
  }
}

/** How many of an envelope's own fields a record's losses name one by one, and how long a name they quote. */
const LISTED_FIELDS = 100
const LISTED_NAME_CHARS = 1024

/**
 * A loss for each top-level field of an envelope but the one that holds its sessions (the first key of `at`):
 * the first LISTED_FIELDS by name (the path names it; the message does not repeat it), then one loss that counts
 * the rest, so that an envelope of 250,000 keys makes 101 losses, not 250,000.
 */
function besides(model: string, document: Record<string, unknown>, at: readonly PathSegment[]): Loss[] {
  const losses: Loss[] = []
  let more = 0
  for (const key of Object.keys(document)) {
    if (key === String(at[0])) continue
    if (losses.length < LISTED_FIELDS && key.length <= LISTED_NAME_CHARS)
      losses.push({
        path: toPointer([key]),
        kind: 'dropped',
        message: `a field of the ${model} envelope, not of the sessions it holds: the documents are the sessions`,
      })
    else more++
  }
  if (more > 0)
    losses.push({
      path: '',
      kind: 'dropped',
      message: `${more} more field${more === 1 ? '' : 's'} of the ${model} envelope (past the first ${LISTED_FIELDS}, or with names over ${LISTED_NAME_CHARS} characters) are not carried over either`,
    })
  return losses
}

/** The envelope's status code when it has one (` (errorcode 444)`): a number only, never input text. */
function statusOf(envelope: Envelope, document: Record<string, unknown>): string {
  const key = envelope.statusKey
  if (key === undefined || !Object.hasOwn(document, key)) return ''
  const code = document[key]
  return typeof code === 'number' || typeof code === 'bigint' ? ` (${key} ${String(code)})` : ''
}

function onlyKey(item: unknown, key: string): boolean {
  return (
    typeof item === 'object' &&
    item !== null &&
    !Array.isArray(item) &&
    Object.keys(item).length === 1 &&
    Object.hasOwn(item, key)
  )
}

/** A loss path of a session, made relative to the input record. */
export function withPrefix(losses: readonly Loss[], pointer: string): Loss[] {
  return pointer === '' ? [...losses] : losses.map((loss) => ({ ...loss, path: `${pointer}${loss.path}` }))
}
