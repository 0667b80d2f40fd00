import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readJson } from '@session-schemas/core'
import type { SessionModelId } from '../src/index.js'

const schemas = path.resolve(import.meta.dirname, '../../../schemas')

/** A valid example payload of a session model, read exactly (int64 beyond 2^53 as bigint). */
export function example(model: SessionModelId, name: string): Record<string, unknown> {
  const [vendor, id] = model.split('/') as [string, string]
  return readJson(
    readFileSync(path.join(schemas, vendor, 'examples/valid', id, `${name}.json`), 'utf8'),
  ) as Record<string, unknown>
}

/** The richest example of each session model. */
export const FULL: Record<SessionModelId, () => Record<string, unknown>> = {
  'intersight/iam.Session': () => example('intersight/iam.Session', 'full-current'),
  'vsphere/vim25.UserSession': () => example('vsphere/vim25.UserSession', 'full-current'),
  'vsphere/cis.Session.Info': () => example('vsphere/cis.Session.Info', 'full-current'),
  'netscaler/mpssession': () => example('netscaler/mpssession', 'full-current'),
  'netscaler/login': () => example('netscaler/login', 'full-current'),
  'extremecloudiq/XiqApiTokenInfo': () => example('extremecloudiq/XiqApiTokenInfo', 'full'),
}
