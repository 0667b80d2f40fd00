import { describe, expect, it } from 'vitest'
import * as IamSession from '../src/generated/iam.Session.gen.js'
import * as IamSessionList from '../src/generated/iam.Session.List.gen.js'

describe('intersight/iam.Session', () => {
  it('says that ClassId is missing and points at the snake_case key', () => {
    expect(IamSession.errors({ class_id: 'iam.Session', object_type: 'iam.Session' })).toEqual([
      {
        path: '/ClassId',
        keyword: 'required',
        message: 'missing required property "ClassId" (found "class_id": a likely casing mistake)',
      },
      {
        path: '/ObjectType',
        keyword: 'required',
        message: 'missing required property "ObjectType" (found "object_type": a likely casing mistake)',
      },
    ])
  })

  it('accepts the zero date and rejects an impossible one', () => {
    const base = { ClassId: 'iam.Session', ObjectType: 'iam.Session' }
    expect(IamSession.check({ ...base, EndTime: '0001-01-01T00:00:00Z' })).toBe(true)
    expect(IamSession.errors({ ...base, EndTime: '2021-02-30T10:00:00.000Z' })).toEqual([
      {
        path: '/EndTime',
        keyword: 'format',
        message: 'must be a valid date-time (RFC 3339); got "2021-02-30T10:00:00.000Z"',
      },
    ])
  })

  it('tells a MoRef from an expanded object and null', () => {
    const base = { ClassId: 'iam.Session', ObjectType: 'iam.Session' }
    const moRef = {
      ClassId: 'mo.MoRef',
      ObjectType: 'iam.User',
      Moid: '5be4ab2367626c6d661c1514',
      link: 'https://www.intersight.com/api/v1/iam/Users/5be4ab2367626c6d661c1514',
    }
    expect(IamSession.check({ ...base, User: moRef })).toBe(true)
    expect(
      IamSession.check({ ...base, User: { ClassId: 'iam.User', ObjectType: 'iam.User', Name: 'x' } }),
    ).toBe(true)
    expect(IamSession.check({ ...base, User: null })).toBe(true)
    const issues = IamSession.errors({ ...base, User: { ...moRef, link: 42 } })
    expect(issues[0]).toEqual({
      path: '/User/link',
      keyword: 'type',
      message: 'expected string, got integer',
    })
  })

  it('marks SessionId as a secret and reports drift', () => {
    const value = JSON.parse(
      '{"ClassId":"iam.Session","ObjectType":"iam.Session","SessionId":"tok","NewField":1}',
    )
    expect(IamSession.secrets(value)).toEqual(['/SessionId'])
    expect(IamSession.unknownProperties(value)).toEqual([{ path: '/NewField', key: 'NewField' }])
  })

  it('validates the list envelope record by record', () => {
    const issues = IamSessionList.errors({
      ObjectType: 'iam.Session.List',
      Results: [{ ClassId: 'iam.Session', ObjectType: 'iam.Session', FailedLogins: '3' }],
    })
    expect(issues).toContainEqual({
      path: '/Results/0/FailedLogins',
      keyword: 'type',
      message: 'expected integer, got string (a string-encoded number?)',
    })
  })
})
