/**
 * Every ordered pair of the six session models: a valid target, or a MissingFieldsError naming each
 * required target field the source cannot fill; with `defaults` for those fields, a valid target.
 */
import { describe, expect, it } from 'vitest'
import { convert, MissingFieldsError, SESSION_MODELS, vendorModels } from '../src/index.js'
import { MAPPINGS } from '../src/internal.js'
import { FULL } from './fixtures.js'

const pairs = SESSION_MODELS.flatMap((from) =>
  SESSION_MODELS.filter((to) => to !== from).map((to) => [from, to] as const),
)

/** Plausible values for every required field of every model, used only as `defaults`. */
const DEFAULTS: Record<string, unknown> = {
  key: 'supplied-session-key',
  userName: 'supplied-user',
  fullName: 'Supplied User',
  loginTime: '2024-01-01T00:00:00Z',
  lastActiveTime: '2024-01-01T00:00:00Z',
  locale: 'en',
  messageLocale: 'en',
  extensionSession: false,
  ipAddress: '192.0.2.1',
  userAgent: 'supplied',
  callCount: 0,
  user: 'supplied-user',
  created_time: '2024-01-01T00:00:00Z',
  last_accessed_time: '2024-01-01T00:00:00Z',
  role: 'Operator',
  user_id: 1,
  owner_id: 1,
  user_name: 'supplied-user',
  data_center: 'US_WEST',
  scopes: [],
  issued_at: '2024-01-01T00:00:00Z',
}

describe('cross-vendor matrix: all 30 ordered pairs', () => {
  it('has 30 pairs', () => expect(pairs).toHaveLength(30))

  it.each(pairs)('%s -> %s', (from, to) => {
    const target = vendorModels.get(to)!
    const required = (target.schema.required as string[] | undefined) ?? []
    let missing: readonly string[] = []
    try {
      const result = convert(FULL[from](), { from, to })
      expect(target.errors(result.value)).toEqual([])
    } catch (error) {
      expect(error).toBeInstanceOf(MissingFieldsError)
      missing = (error as MissingFieldsError).fields
      expect(missing.length).toBeGreaterThan(0)
      for (const field of missing) expect(required).toContain(field)
      expect((error as Error).message).toContain(JSON.stringify(missing[0]))
    }
    // With the missing fields supplied, the conversion succeeds and says where they came from.
    const defaults = Object.fromEntries(missing.map((field) => [field, DEFAULTS[field]]))
    const result = convert(FULL[from](), { from, to, defaults })
    expect(target.errors(result.value)).toEqual([])
    for (const field of missing) {
      expect(result.losses).toContainEqual({
        path: `/${field}`,
        kind: 'derived',
        message: `${field} comes from the defaults option`,
      })
    }
    // Nothing of the source vanishes silently: every source field has a place in the target or is reported.
    const targetPaths = new Set(MAPPINGS[to].fields.map((f) => f.path))
    const placeOf = new Map(MAPPINGS[from].fields.map((f) => [f.key, f.path]))
    for (const key of Object.keys(FULL[from]())) {
      const carried = targetPaths.has(placeOf.get(key) ?? '')
      const reported = result.losses.some((l) => l.path === `/${key}`)
      expect(carried || reported, `${from} ${key} is carried over or reported`).toBe(true)
    }
  })

  it('vim25 -> cis.Session.Info maps userName/loginTime/lastActiveTime to user/created_time/last_accessed_time', () => {
    const vim = FULL['vsphere/vim25.UserSession']()
    const { value, losses } = convert(vim, {
      from: 'vsphere/vim25.UserSession',
      to: 'vsphere/cis.Session.Info',
    })
    expect(value).toEqual({
      user: vim.userName,
      created_time: vim.loginTime,
      last_accessed_time: vim.lastActiveTime,
    })
    expect(losses.map((l) => l.path)).toEqual(
      expect.arrayContaining(['/key', '/fullName', '/callCount', '/userAgent', '/_typeName']),
    )
  })

  it('names exactly the fields XIQ needs from a CIS session', () => {
    expect(() =>
      convert(FULL['vsphere/cis.Session.Info'](), {
        from: 'vsphere/cis.Session.Info',
        to: 'extremecloudiq/XiqApiTokenInfo',
      }),
    ).toThrow(expect.objectContaining({ fields: ['role', 'user_id', 'owner_id', 'data_center', 'scopes'] }))
  })
})
