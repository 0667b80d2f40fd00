/** The generated models the converter validates against, by model id. */
import type { Model } from '@session-schemas/core'
import { models as extremecloudiq } from '@session-schemas/extremecloudiq'
import { models as intersight } from '@session-schemas/intersight'
import { models as netscaler } from '@session-schemas/netscaler'
import { models as vsphere } from '@session-schemas/vsphere'
import { model as common } from './generated/Session.gen.js'
import type { CommonSession } from './types.js'

/** Every vendor model (sessions, envelopes, errors, supporting types), by model id. */
export const vendorModels: ReadonlyMap<string, Model<unknown>> = new Map(
  [...extremecloudiq, ...intersight, ...netscaler, ...vsphere].map((m) => [m.id, m]),
)

export function sessionModel(id: string): Model<unknown> {
  const model = vendorModels.get(id)
  if (!model) throw new Error(`no generated model ${id}`)
  return model
}

export function commonModel(): Model<CommonSession> {
  return common
}
