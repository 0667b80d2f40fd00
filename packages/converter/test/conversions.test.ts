import { ValidationError } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import { model as ocsfModel } from '../src/generated/Authentication.gen.js'
import {
  ConversionError,
  convert,
  fromCommon,
  MissingFieldsError,
  OCSF_MODEL,
  REDACTED,
  SESSION_MODELS,
  toCommon,
  toOcsf,
  UnsupportedModelError,
} from '../src/index.js'
import { example, FULL } from './fixtures.js'

const SENTINEL = 'SENTINEL-SECRET-7f3a'
const FIXED = '2024-05-01T12:00:00Z'
const serialize = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))

/** Each session model's example with every secret replaced by a sentinel value. */
function withSentinels(model: (typeof SESSION_MODELS)[number]): Record<string, unknown> {
  const value = FULL[model]()
  for (const key of ['SessionId', 'key', 'token', 'sessionid', 'password', 'Secret', 'challenge_response'])
    if (key in value) value[key] = `${SENTINEL}-${key}`
  return value
}

/** The OCSF event, or for a session without any time (a NITRO login) the ERR_NO_TIME error it must raise. */
function ocsfOrNoTime(common: Parameters<typeof toOcsf>[0]): unknown {
  if (common.session?.created_time_dt === undefined && common.session?.last_activity_time_dt === undefined) {
    let thrown: unknown
    try {
      toOcsf(common)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConversionError)
    expect((thrown as ConversionError).code).toBe('ERR_NO_TIME')
    return (thrown as Error).message
  }
  return toOcsf(common)
}

describe('secrets', () => {
  it.each(SESSION_MODELS)(
    'never appear in default output from %s (common, OCSF, every other vendor)',
    (from) => {
      const source = withSentinels(from)
      const common = toCommon(from, source)
      expect(serialize(common)).not.toContain(SENTINEL)
      expect(serialize(ocsfOrNoTime(common.value))).not.toContain(SENTINEL)
      for (const to of SESSION_MODELS) {
        try {
          expect(serialize(convert(source, { from, to }))).not.toContain(SENTINEL)
        } catch (error) {
          expect(error).toBeInstanceOf(MissingFieldsError)
          expect(serialize((error as Error).message)).not.toContain(SENTINEL)
        }
      }
      if (serialize(source).includes(SENTINEL)) {
        expect(common.losses.some((l) => l.kind === 'redacted')).toBe(true)
        expect(serialize(toCommon(from, source, { includeSecrets: true }).value)).toContain(SENTINEL)
      }
    },
  )

  it('keeps a redacted secret structurally valid (vim25 key is required)', () => {
    const { value, losses } = convert(withSentinels('vsphere/vim25.UserSession'), {
      from: 'vsphere/vim25.UserSession',
      to: 'vsphere/vim25.UserSession',
    })
    expect((value as { key: string }).key).toBe(REDACTED)
    expect(losses).toContainEqual({
      path: '/key',
      kind: 'redacted',
      message: 'key is a secret; pass includeSecrets to keep it',
    })
  })
})

describe('a redacted secret keeps its shape', () => {
  // A display-name map entry under a secret name (vim25's `key`) is redacted, but as a list of redacted
  // names: the map stays valid, so the round trip does too (fuzz found `{"key": []}` turned into a string).
  // A tag's `Key`, which the schema describes, is data.
  const session = {
    ClassId: 'iam.Session',
    ObjectType: 'iam.Session',
    DisplayNames: { key: ['Primary', 'Main'], empty: [] },
    Tags: [{ Key: 'env', Value: 'prod' }],
    Token: 'drift-secret',
  }

  it('through common/Session and back, with one loss per secret', () => {
    const { value: common, losses } = toCommon('intersight/iam.Session', session)
    expect(common.unmapped).toMatchObject({
      DisplayNames: { key: [REDACTED, REDACTED], empty: [] },
      Tags: [{ Key: 'env', Value: 'prod' }],
      Token: REDACTED,
    })
    expect(
      losses
        .filter((l) => l.kind === 'redacted')
        .map((l) => l.path)
        .sort(),
    ).toEqual(['/DisplayNames/key', '/Token'])
    const back = convert(session, { from: 'intersight/iam.Session', to: 'intersight/iam.Session' })
    expect(back.value).toMatchObject({
      DisplayNames: { key: [REDACTED, REDACTED], empty: [] },
      Token: REDACTED,
    })
    expect(back.losses.filter((l) => l.kind === 'redacted')).toHaveLength(2)
    expect(JSON.stringify(back.value)).not.toMatch(/Primary|Main|drift-secret/)
  })

  it('an object under a secret name is one marker: its keys are the secret too, on every hop', () => {
    // A review found the keys in clear: `cookies: {"JSESSIONID=…": true}`, `credentials: {"AKIA…": {...}}`.
    const info = {
      ...FULL['extremecloudiq/XiqApiTokenInfo'](),
      cookies: { 'JSESSIONID=SENTCOOKIE99': true },
      credentials: { AKIASENTKEYID: { secret: 'v' } },
      access_tokens: ['eyJSENT', { AKIASENTLIST: 1 }],
    }
    const { value, losses } = toCommon('extremecloudiq/XiqApiTokenInfo', info, { referenceTime: FIXED })
    expect(value.unmapped).toMatchObject({
      cookies: REDACTED,
      credentials: REDACTED,
      access_tokens: [REDACTED, REDACTED],
    })
    expect(
      losses
        .filter((l) => l.kind === 'redacted')
        .map((l) => l.path)
        .sort(),
    ).toEqual(['/access_tokens', '/cookies', '/credentials'])
    const outputs = [
      value,
      toOcsf(value).value,
      convert(info, { from: 'extremecloudiq/XiqApiTokenInfo', to: 'extremecloudiq/XiqApiTokenInfo' }).value,
    ]
    expect(serialize(outputs)).not.toMatch(/SENT/)
    // Redacted twice, nothing more is lost or reported.
    const again = convert(value, { from: 'common/Session', to: 'common/Session' })
    expect(again.value).toStrictEqual(value)
    expect(again.losses).toEqual([])
    // Kept when asked for, and back to the same vendor exactly.
    const kept = toCommon('extremecloudiq/XiqApiTokenInfo', info, { includeSecrets: true })
    expect(kept.value.unmapped).toMatchObject({ credentials: { AKIASENTKEYID: { secret: 'v' } } })
    expect(
      fromCommon('extremecloudiq/XiqApiTokenInfo', kept.value, { includeSecrets: true }).value,
    ).toStrictEqual(info)
  })

  it('true, false and null under a secret name stay what they are (they hold no secret)', () => {
    const flags = { ...session, has_password: false, require_password: true, client_secret: null }
    const { value, losses } = toCommon('intersight/iam.Session', flags)
    expect(value.unmapped).toMatchObject({ has_password: false, require_password: true, client_secret: null })
    expect(value.unmapped).toMatchObject({ Token: REDACTED })
    expect(losses.map((l) => l.path)).not.toContain('/has_password')
  })

  it("a tag's Key stays data on every later hop too: `unmapped` is judged by the source's schema", () => {
    const full = { ...FULL['intersight/iam.Session'](), ...session }
    // Kept upstream (`includeSecrets`), as a stored common session may be: read back, its secrets go.
    const kept = toCommon('intersight/iam.Session', full, { includeSecrets: true }).value
    expect(JSON.stringify(kept)).toMatch(/drift-secret/)
    const routes = {
      'intersight -> common': toCommon('intersight/iam.Session', full).value,
      'common -> common': convert(kept, { from: 'common/Session', to: 'common/Session' }).value,
      'common -> OCSF': toOcsf(kept).value,
      'common -> Intersight': convert(kept, { from: 'common/Session', to: 'intersight/iam.Session' }).value,
    }
    for (const [route, value] of Object.entries(routes)) {
      const text = JSON.stringify(value)
      expect(text, route).toContain('{"Key":"env","Value":"prod"}')
      expect(text, route).not.toMatch(/Primary|Main|drift-secret/)
    }
  })
})

describe('relative times', () => {
  const nitro = () => example('netscaler/mpssession', 'full-current')

  it('stay relative without a reference time, and say what they could have become', () => {
    const { value } = toCommon('netscaler/mpssession', nitro())
    expect(value.session?.expires_in).toBe(nitro().expire_after)
    expect(value.session?.expiration_time_dt).toBeUndefined()
    const toIntersight = convert(nitro(), { from: 'netscaler/mpssession', to: 'intersight/iam.Session' })
    expect(toIntersight.losses).toContainEqual(
      expect.objectContaining({ path: '/expire_after', kind: 'relative' }),
    )
  })

  it('become absolute with an explicit referenceTime, reported as derived', () => {
    const referenceTime = '2023-11-14T22:15:00Z'
    const { value, losses } = toCommon('netscaler/mpssession', nitro(), { referenceTime })
    const expected = new Date(Date.parse(referenceTime) + Number(nitro().expire_after) * 1000)
      .toISOString()
      .replace('.000Z', 'Z')
    expect(value.session?.expiration_time_dt).toBe(expected)
    expect(losses).toContainEqual(expect.objectContaining({ path: '/expire_after', kind: 'derived' }))
    const back = fromCommon(
      'extremecloudiq/XiqApiTokenInfo',
      { ...value, session: { ...value.session, expires_in: undefined } },
      {
        referenceTime,
        defaults: {
          role: 'r',
          user_id: 1,
          owner_id: 1,
          data_center: 'd',
          scopes: [],
          user_name: 'u',
          issued_at: referenceTime,
        },
      },
    )
    expect((back.value as { expiration_time: string }).expiration_time).toBe(expected)
  })
})

describe('a secret that is an object without enumerable keys (from a JavaScript caller)', () => {
  it('is redacted, not kept as {} would be: a URL, a class instance, a toJSON', () => {
    class Credential {
      toJSON() {
        return 'SENTINEL-class'
      }
    }
    const hidden = Object.defineProperty({}, 'toJSON', { value: () => 'SENTINEL-hidden', enumerable: false })
    for (const secret of [new URL('https://admin:SENTINEL-url@x/'), new Credential(), hidden]) {
      const { value, losses } = toCommon('netscaler/mpssession', { username: 'u', id: '1', password: secret })
      expect(JSON.stringify(value)).not.toContain('SENTINEL')
      expect(losses).toContainEqual(expect.objectContaining({ path: '/password', kind: 'redacted' }))
    }
    // {} as JSON gives it holds nothing: it stays, without a loss.
    const empty = toCommon('netscaler/mpssession', { username: 'u', id: '1', password: {} })
    expect(empty.losses.filter((loss) => loss.path === '/password')).toEqual([])
  })
})

describe('a secret with no place in the target', () => {
  it('is one loss, dropped (not also redacted, which --include-secrets would not change)', () => {
    const session = example('vsphere/vim25.UserSession', 'full-current')
    for (const includeSecrets of [false, true]) {
      const { value, losses } = convert(session, {
        from: 'vsphere/vim25.UserSession',
        to: 'vsphere/cis.Session.Info',
        includeSecrets,
      })
      expect(losses.filter((loss) => loss.path === '/key').map((loss) => loss.kind)).toEqual(['dropped'])
      expect(JSON.stringify(value)).not.toContain(String((session as { key: string }).key))
    }
  })
})

describe('defaults', () => {
  it('fill fields of the target only: a key that is no field of it is a TypeError, not a field in the output', () => {
    const { value } = toCommon('netscaler/mpssession', { username: 'u', login_time: 1700000000 })
    expect(() => fromCommon('intersight/iam.Session', value, { defaults: { NotAField: 1 } })).toThrow(
      new TypeError('defaults: "NotAField" is not a field of intersight/iam.Session'),
    )
    // Inherited keys (a prototype's) are no fields either.
    expect(() =>
      fromCommon('intersight/iam.Session', value, { defaults: JSON.parse('{"__proto__": 1}') }),
    ).toThrow(TypeError)
  })
})

describe('NITRO integer times', () => {
  it('are epoch seconds by default, and round-trip exactly', () => {
    const { value } = toCommon('netscaler/mpssession', { login_time: 1700000000 })
    expect(value.session?.created_time_dt).toBe('2023-11-14T22:13:20Z')
    expect(fromCommon('netscaler/mpssession', value).value).toEqual({ login_time: 1700000000 })
  })

  it('report a value that looks like milliseconds instead of guessing', () => {
    const { value, losses } = toCommon('netscaler/mpssession', { login_time: 1700000000123 })
    expect(value.session?.created_time_dt).toBeUndefined()
    expect(value.unmapped).toEqual({ login_time: 1700000000123 })
    expect(losses).toEqual([
      expect.objectContaining({
        path: '/login_time',
        kind: 'invalid',
        message: expect.stringMatching(/looks like milliseconds/),
      }),
    ])
  })

  it('can be declared milliseconds', () => {
    const { value } = toCommon(
      'netscaler/mpssession',
      { login_time: 1700000000123 },
      { nitroTimeUnit: 'milliseconds' },
    )
    expect(value.session?.created_time_dt).toBe('2023-11-14T22:13:20.123Z')
  })

  it('report lost precision when a finer time becomes epoch seconds', () => {
    const result = convert(example('vsphere/vim25.UserSession', 'full-current'), {
      from: 'vsphere/vim25.UserSession',
      to: 'netscaler/mpssession',
    })
    expect(result.losses).toContainEqual(expect.objectContaining({ path: '/loginTime', kind: 'precision' }))
  })
})

describe('input validation and errors', () => {
  it('validates the input first', () => {
    expect(() => toCommon('extremecloudiq/XiqApiTokenInfo', { user_name: 'x' })).toThrow(ValidationError)
    expect(() => fromCommon('netscaler/mpssession', { source: { vendor: 'x' } })).toThrow(ValidationError)
  })

  it('refuses models that are not sessions', () => {
    expect(() => toCommon('netscaler/mpssession.Response', { errorcode: 0 })).toThrow(UnsupportedModelError)
    expect(() => toCommon('nope/Nope', {})).toThrow(/not a session model/)
  })

  it('keeps __proto__ keys as data through every conversion', () => {
    const value = JSON.parse(
      '{"ClassId":"iam.Session","ObjectType":"iam.Session","__proto__":{"isAdmin":true}}',
    )
    const common = toCommon('intersight/iam.Session', value)
    expect(Object.hasOwn(common.value.unmapped ?? {}, '__proto__')).toBe(true)
    expect(fromCommon('intersight/iam.Session', common.value).value).toEqual(value)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })
})

describe('OCSF', () => {
  it.each(SESSION_MODELS)(
    'an Authentication event from %s validates against the OCSF subset schema',
    (from) => {
      const source = FULL[from]()
      const common = toCommon(from, source).value
      const hasUser = common.user?.name !== undefined || common.user?.uid !== undefined
      if (!hasUser) {
        expect(() => toOcsf(common)).toThrow(MissingFieldsError)
        return
      }
      // A login response states no time at all: the event cannot be dated, so nothing is invented.
      if (typeof ocsfOrNoTime(common) === 'string') return
      const { value } = toOcsf(common, { issuer: 'api.example.com' })
      expect(ocsfModel.errors(value)).toEqual([])
      expect(value).toMatchObject({
        class_uid: 3002,
        category_uid: 3,
        type_uid: 300201,
        metadata: { version: '1.8.0' },
      })
      expect(value.time_dt).toBe(common.session?.created_time_dt ?? common.session?.last_activity_time_dt)
      expect(value.time).toBe(Date.parse(value.time_dt!.replace(/(\.\d{3})\d+/, '$1')))
    },
  )

  it('keeps sub-millisecond digits in the _dt sibling and reports them', () => {
    const common = toCommon('vsphere/vim25.UserSession', FULL['vsphere/vim25.UserSession']()).value
    const { value, losses } = toOcsf(common)
    expect(value.session?.created_time_dt).toBe(common.session?.created_time_dt)
    expect(losses.some((l) => l.kind === 'precision')).toBe(
      common.session?.created_time_dt?.match(/\.\d{4,}/) !== null,
    )
    expect(OCSF_MODEL).toBe('ocsf/Authentication')
  })
})

/** `leaf` under n levels of `wrap` (an object or an array around the level below). */
function nestedIn(n: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf
  for (let i = 0; i < n; i++) value = wrap(value)
  return value
}

describe('hostile secrets (an adversarial review)', () => {
  it('redacts a secret nested 5,000 arrays deep without a stack overflow', () => {
    const password = nestedIn(5_000, SENTINEL, (inner) => [inner])
    const record = { username: 'u', id: '1', password }
    for (const to of ['common/Session', 'intersight/iam.Session', 'netscaler/mpssession']) {
      const { value, losses } = convert(record, { from: 'netscaler/mpssession', to })
      expect(serialize(value)).not.toContain(SENTINEL)
      // Redacted where it has a place (common's unmapped, NITRO), dropped where it has none (Intersight).
      expect(
        losses.filter((loss) => loss.kind === 'redacted' || loss.kind === 'dropped').map((loss) => loss.path),
      ).toContainEqual(expect.stringMatching(/password$/))
    }
    // OCSF: an event, or the typed error of a session without any time; never a RangeError.
    expect(serialize(ocsfOrNoTime(toCommon('netscaler/mpssession', record).value))).not.toContain(SENTINEL)
  })

  it('refuses a record whose secret-named values would take too many path segments to report (ERR_TOO_COSTLY)', () => {
    // 2,100 secret-named keys 2,000 levels deep: 4.2 million segments of paths from 200 KB of record.
    const keys = Object.fromEntries(Array.from({ length: 2_100 }, (_, i) => [`${i}token`, SENTINEL]))
    const record = { username: 'u', id: '1', drift: nestedIn(2_000, keys, (inner) => ({ a: inner })) }
    let thrown: unknown
    try {
      toCommon('netscaler/mpssession', record)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ConversionError)
    expect((thrown as ConversionError).code).toBe('ERR_TOO_COSTLY')
    expect((thrown as Error).message).not.toContain(SENTINEL)
    // Few segments, but long ones (a second review): 40 secrets under 500 keys of 1,000 characters make paths
    // of 20 million characters, from 500 KB of record.
    const long = 'k'.repeat(1_000)
    const deepLong = nestedIn(500, { ...Object.fromEntries(Object.entries(keys).slice(0, 40)) }, (inner) => ({
      [long]: inner,
    }))
    expect(() => toCommon('netscaler/mpssession', { username: 'u', id: '1', drift: deepLong })).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_COSTLY' }),
    )
    // The same keys less deep are redacted, each with its loss.
    const shallow = { username: 'u', id: '1', drift: nestedIn(3, keys, (inner) => ({ a: inner })) }
    const { value, losses } = toCommon('netscaler/mpssession', shallow)
    expect(serialize(value)).not.toContain(SENTINEL)
    expect(losses.filter((loss) => loss.kind === 'redacted')).toHaveLength(2_100)
  })
})
