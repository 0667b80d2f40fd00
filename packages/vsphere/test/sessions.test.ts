import { describe, expect, it } from 'vitest'
import * as CisSessionInfo from '../src/generated/cis.Session.Info.gen.js'
import * as Unauthenticated from '../src/generated/vapi.std.errors.Unauthenticated.gen.js'
import * as CurrentSession from '../src/generated/vim25.SessionManager.currentSession.gen.js'
import * as UserSession from '../src/generated/vim25.UserSession.gen.js'

const govmomi = {
  _typeName: 'UserSession',
  key: '527025b6-f0f4-144e-0d36-a7aaf2eb21da',
  userName: 'VSPHERE.LOCAL\\Administrator',
  fullName: 'Administrator vsphere.local',
  loginTime: '2023-02-14T22:12:48.753169Z',
  lastActiveTime: '2023-02-14T22:12:48.753169Z',
  locale: 'en',
  messageLocale: 'en',
  extensionSession: false,
  ipAddress: '10.93.153.94',
  userAgent: 'curl/7.86.0',
  callCount: 0,
}

describe('vsphere', () => {
  it('vim25.UserSession: the govmomi fixture is valid; the key is a secret; a pipe name is a valid ipAddress', () => {
    expect(UserSession.check(govmomi)).toBe(true)
    expect(UserSession.secrets(govmomi)).toEqual(['/key'])
    expect(UserSession.check({ ...govmomi, ipAddress: '/var/run/vmware/vpxd-webserver-pipe' })).toBe(true)
  })

  it('vim25.UserSession: callCount beyond 2^53 comes back exact', () => {
    const text = JSON.stringify({ ...govmomi, callCount: 0 }).replace(
      '"callCount":0',
      '"callCount":9007199254740993',
    )
    expect(UserSession.parseJson(text).callCount).toBe(9007199254740993n)
  })

  it('currentSession: null (nobody logged in) is a valid body, an array is not', () => {
    expect(CurrentSession.check(null)).toBe(true)
    expect(CurrentSession.check(govmomi)).toBe(true)
    expect(CurrentSession.errors([])[0]?.keyword).toBe('anyOf')
  })

  it('cis.Session.Info: vim25 casing is a likely mistake', () => {
    expect(
      CisSessionInfo.errors({
        user: 'x',
        createdTime: '2023-02-14T22:12:48.753Z',
        last_accessed_time: '2023-02-14T22:12:48.753Z',
      }),
    ).toEqual([
      {
        path: '/created_time',
        keyword: 'required',
        message: 'missing required property "created_time" (found "createdTime": a likely casing mistake)',
      },
    ])
  })

  it('Unauthenticated: error_type outside the enum is explained', () => {
    const issues = Unauthenticated.errors({ error_type: 'UNAUTHENTICATED_X', messages: [] })
    expect(issues.some((i) => i.path === '/error_type')).toBe(true)
  })
})
