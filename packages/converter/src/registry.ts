/** The generated models the converter validates against, by model id. */
import type { Model } from '@session-schemas/core'
import { dependencyModels } from './dependency-models.gen.js'
import { model as common } from './generated/Session.gen.js'
import type { CommonSession } from './types.js'

/** Every vendor model (sessions, envelopes, errors, supporting types), by model id. */
export const vendorModels: ReadonlyMap<string, Model<unknown>> = new Map(
  dependencyModels.map((m) => [m.id, m]),
)

export function sessionModel(id: string): Model<unknown> {
  const model = vendorModels.get(id)
  if (!model) throw new Error(`no generated model ${id}`)
  return model
}

export function commonModel(): Model<CommonSession> {
  return common
}

/** The vendor model a (checked) common session says it came from, `source.model`, if it names one. */
export function sourceModelOf(session: {
  readonly source?: { readonly model?: unknown }
}): Model<unknown> | undefined {
  const id = session.source?.model
  return typeof id === 'string' ? vendorModels.get(id) : undefined
}
