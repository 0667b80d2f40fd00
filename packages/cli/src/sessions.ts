/**
 * The sessions inside a record: a NITRO envelope and an Intersight list hold several, a vim25
 * `currentSession` of `null` holds none ("no session", not an error), every session model holds itself.
 */
import { COMMON_MODEL, isSessionModel } from '@session-schemas/converter'
import { type Loss, toPointer, ValidationError } from '@session-schemas/core'
import { CURRENT_SESSION } from './detect.js'
import type { Registry } from './models.js'

export const NITRO_ENVELOPE = 'netscaler/mpssession.Response'
export const INTERSIGHT_LIST = 'intersight/iam.Session.List'

export interface SessionRecord {
  /** The session's own model (`netscaler/mpssession` for an element of a NITRO envelope). */
  readonly model: string
  readonly value: unknown
  /** JSON Pointer of the session inside the input record ('' for the record itself). */
  readonly pointer: string
}

export interface Expanded {
  readonly sessions: readonly SessionRecord[]
  /** Why a record holds no session (an error envelope, a count, a null currentSession). */
  readonly note?: string
}

/** Thrown for a record whose model holds no session at all (an error body, claims, OCSF). */
export class NotASessionError extends Error {
  static readonly code: string = 'ERR_NOT_A_SESSION'
  override readonly name = 'NotASessionError'
  readonly code = 'ERR_NOT_A_SESSION'
}

/** The models `convert --from` and `claims --from` accept. */
export function holdsSessions(model: string): boolean {
  return (
    isSessionModel(model) ||
    model === COMMON_MODEL ||
    model === NITRO_ENVELOPE ||
    model === INTERSIGHT_LIST ||
    model === CURRENT_SESSION
  )
}

function validated(registry: Registry, modelId: string, value: unknown): Record<string, unknown> | null {
  const model = registry.get(modelId)?.model
  if (model && !model.check(value)) throw new ValidationError(modelId, model.errors(value))
  return value as Record<string, unknown> | null
}

/** The sessions a record of `model` holds, each with its own model and where it sits. */
export function expandSessions(registry: Registry, model: string, value: unknown): Expanded {
  if (model === NITRO_ENVELOPE) {
    const envelope = validated(registry, model, value)!
    const list = envelope.mpssession
    const status = `errorcode ${String(envelope.errorcode)}${typeof envelope.message === 'string' ? `: ${envelope.message}` : ''}`
    if (!Array.isArray(list) || list.length === 0)
      return { sessions: [], note: `NITRO envelope without sessions (${status})` }
    const counts = list.filter((item) => isCount(item))
    if (counts.length === list.length) {
      return {
        sessions: [],
        note: `NITRO count response: ${counts.map((c) => String(c.__count)).join(', ')} session(s), no session records`,
      }
    }
    return {
      sessions: list.flatMap((item, i) =>
        isCount(item)
          ? []
          : [{ model: 'netscaler/mpssession', value: item, pointer: toPointer(['mpssession', i]) }],
      ),
    }
  }
  if (model === INTERSIGHT_LIST) {
    const list = validated(registry, model, value)!.Results
    if (!Array.isArray(list) || list.length === 0)
      return { sessions: [], note: 'Intersight list without sessions' }
    return {
      sessions: list.map((item, i) => ({
        model: 'intersight/iam.Session',
        value: item,
        pointer: toPointer(['Results', i]),
      })),
    }
  }
  if (model === CURRENT_SESSION) {
    if (validated(registry, model, value) === null)
      return { sessions: [], note: 'no session (vim25 currentSession is null)' }
    return { sessions: [{ model: 'vsphere/vim25.UserSession', value, pointer: '' }] }
  }
  if (isSessionModel(model) || model === COMMON_MODEL) return { sessions: [{ model, value, pointer: '' }] }
  throw new NotASessionError(`${model} holds no session`)
}

function isCount(item: unknown): item is { __count: unknown } {
  return (
    typeof item === 'object' &&
    item !== null &&
    Object.keys(item).length === 1 &&
    Object.hasOwn(item, '__count')
  )
}

/** A loss path of a session, made relative to the input record. */
export function withPrefix(losses: readonly Loss[], pointer: string): Loss[] {
  return pointer === '' ? [...losses] : losses.map((loss) => ({ ...loss, path: `${pointer}${loss.path}` }))
}
