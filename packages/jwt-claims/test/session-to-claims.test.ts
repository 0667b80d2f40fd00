import { readFileSync } from 'node:fs'
import path from 'node:path'
import { SESSION_MODELS, toCommon } from '@session-schemas/converter'
import { readJson } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import { model as claimsModel } from '../src/generated/Claims.gen.js'
import { sessionToClaims } from '../src/session-to-claims.js'

const schemas = path.resolve(import.meta.dirname, '../../../schemas')
const FULL: Record<string, string> = {
  'intersight/iam.Session': 'full-current',
  'vsphere/vim25.UserSession': 'full-current',
  'vsphere/cis.Session.Info': 'full-current',
  'netscaler/mpssession': 'full-current',
  'netscaler/login': 'full-current',
  'extremecloudiq/XiqApiTokenInfo': 'full',
}
const load = (model: string) => {
  const [vendor, id] = model.split('/') as [string, string]
  return readJson(
    readFileSync(path.join(schemas, vendor, 'examples/valid', id, `${FULL[model]}.json`), 'utf8'),
  )
}

describe('sessionToClaims', () => {
  it.each(SESSION_MODELS)('%s: valid claims with sub, iat and whatever else the session has', (model) => {
    const common = toCommon(model, load(model), { includeSecrets: true }).value
    const { value, losses } = sessionToClaims(common, { issuer: 'https://api.example.com', audience: 'siem' })
    expect(claimsModel.errors(value)).toEqual([])
    expect(value.iss).toBe('https://api.example.com')
    if (common.user?.name) expect(value.sub).toBe(common.user.name)
    if (common.session?.uid) expect(value.sid).toBe(common.session.uid)
    if (common.session?.created_time_dt) expect(typeof value.iat).toBe('number')
    if (common.session?.expiration_time_dt) expect(typeof value.exp).toBe('number')
    for (const loss of losses) expect(['dropped', 'precision', 'derived', 'redacted']).toContain(loss.kind)
  })

  it('vim25: sub, iat = auth_time, name and locale; the session key (a secret) is no sid', () => {
    const common = toCommon('vsphere/vim25.UserSession', load('vsphere/vim25.UserSession'), {
      includeSecrets: true,
    }).value
    const { value } = sessionToClaims(common)
    expect(value.sid).toBeUndefined()
    expect(JSON.stringify(value)).not.toContain(common.session?.credential_uid)
    expect(value.auth_time).toBe(value.iat)
    expect(value.name).toBe(common.user?.full_name)
    expect(value.locale).toBe(common.session?.locale)
  })

  it('never writes a redacted session id as sid', () => {
    const common = toCommon('netscaler/mpssession', { id: 'abc', username: 'nsroot' }).value
    const { value, losses } = sessionToClaims({
      ...common,
      session: { ...common.session, uid: '<redacted>' },
    })
    expect(value.sid).toBeUndefined()
    expect(losses).toContainEqual({
      path: '/session/uid',
      kind: 'redacted',
      message: 'sid left out: the session id was redacted',
    })
  })

  it('XIQ: iat but no auth_time (a token issue time is not a login)', () => {
    const { value } = sessionToClaims(
      toCommon('extremecloudiq/XiqApiTokenInfo', load('extremecloudiq/XiqApiTokenInfo')).value,
    )
    expect(value.iat).toBe(Date.parse('2024-05-01T12:00:00Z') / 1000)
    expect(value.auth_time).toBeUndefined()
  })
})
