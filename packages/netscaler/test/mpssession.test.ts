import { ValidationError } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import * as Mpssession from '../src/generated/mpssession.gen.js'
import * as Response from '../src/generated/mpssession.Response.gen.js'

const stringly = {
  login_time: '1700000000',
  last_activity_time: '1700000078',
  port: '53122',
  is_self: 'true',
  is_external_auth: 'false',
  username: 'nsroot',
}

describe('netscaler/mpssession', () => {
  it('rejects string-encoded numbers and booleans in check, and explains them', () => {
    expect(Mpssession.check(stringly)).toBe(false)
    expect(Mpssession.errors(stringly).map((i) => `${i.path} ${i.keyword}`)).toEqual([
      '/login_time type',
      '/port type',
      '/last_activity_time type',
      '/is_external_auth type',
      '/is_self type',
    ])
  })

  it('accepts them with parse({ coerce: true }) and returns the typed values', () => {
    expect(Mpssession.parse(stringly, { coerce: true })).toEqual({
      login_time: 1700000000,
      last_activity_time: 1700000078,
      port: 53122,
      is_self: true,
      is_external_auth: false,
      username: 'nsroot',
    })
    expect(() => Mpssession.parse({ port: '70000' }, { coerce: true })).toThrow(ValidationError)
    expect(() => Mpssession.parse({ is_self: 'yes' }, { coerce: true })).toThrow(/boolean/)
  })

  it('coerces records inside the NITRO envelope too', () => {
    const envelope = {
      errorcode: '0',
      message: 'Done',
      severity: 'NONE',
      mpssession: [stringly, { port: 443 }],
    }
    const parsed = Response.parse(envelope, { coerce: true })
    expect(parsed.errorcode).toBe(0)
    expect(parsed.mpssession?.[0]?.login_time).toBe(1700000000)
  })

  it('marks the session token and id as secrets', () => {
    expect(Mpssession.secrets({ token: 't', sessionid: '##1A44', id: 'x' })).toEqual(['/token', '/sessionid'])
  })
})
