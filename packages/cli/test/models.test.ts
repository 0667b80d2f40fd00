import { describe, expect, it } from 'vitest'
import { similarIds } from '../src/models.js'

const ids = [
  'extremecloudiq/XiqApiTokenInfo',
  'extremecloudiq/XiqError',
  'vsphere/cis.Session.Info',
  'vsphere/vim25.UserSession',
  'netscaler/mpssession',
  'netscaler/mpssession.Response',
]

describe('did you mean', () => {
  it.each([
    ['extremecloudiq/XiqApiTokenInfp', 'extremecloudiq/XiqApiTokenInfo'], // one wrong key
    ['extremecloudiq/XiqApiTokenIfo', 'extremecloudiq/XiqApiTokenInfo'], // one key missing
    ['vsphere/cis.Sesion.Info', 'vsphere/cis.Session.Info'],
    ['extremcloudiq/XiqApiTokenInfo', 'extremecloudiq/XiqApiTokenInfo'], // a typo in the vendor
    ['XiqApiTokenInfo', 'extremecloudiq/XiqApiTokenInfo'], // the name without its vendor
    ['NETSCALER/MPSSESSION', 'netscaler/mpssession'], // another case
    ['vim25.usersesion', 'vsphere/vim25.UserSession'],
  ])('%s -> %s first', (typed, expected) => {
    expect(similarIds(typed, ids)[0]).toBe(expected)
  })

  it('suggests nothing for an id far from every model', () => {
    expect(similarIds('okta/Factor', ids)).toEqual([])
    expect(similarIds('x', ids)).toEqual([])
  })
})
