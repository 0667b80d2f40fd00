/**
 * XiqApiTokenInfo -> claims -> XiqApiTokenInfo is exact modulo the reported losses, and the losses are
 * never spurious. Claims -> XiqApiTokenInfo -> claims is exact for claims written by the convention.
 */
import { isDeepStrictEqual } from 'node:util'
import { fromPointer } from '@session-schemas/core'
import { check as checkTokenInfo } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REGISTERED_CLAIMS, UNSAFE_KEYS } from '../src/claim-names.js'
import { check as checkClaims } from '../src/generated/Claims.gen.js'
import { claimsToTokenInfo, isScopeToken, tokenInfoToClaims } from '../src/index.js'
import { claimToInt64, int64ToClaim } from '../src/int64.js'
import { fromNumericDate, toNumericDate } from '../src/numeric-date.js'
import {
  dateTime,
  driftKey,
  exactDateTime,
  int64,
  oracleSeconds,
  ownObject,
  scopeToken,
  tokenInfo,
} from './helpers.js'

const RUNS = 2000
const run = <T>(property: fc.IProperty<T>) => fc.assert(property, { numRuns: RUNS })

/** The XiqApiTokenInfo field a loss names (its first path segment). */
const lossField = (path: string) => fromPointer(path)[0]

describe(`round trips (${RUNS} runs each)`, () => {
  it('info -> claims -> info: every field that differs is named by a loss, and every named time did differ', () => {
    const seen = { leapSecond: 0, offset: 0, fraction: 0, bigint: 0, proto: 0, invalidScope: 0, nonAscii: 0 }
    run(
      fc.property(tokenInfo, (info) => {
        seen.leapSecond += /:60/.test(info.issued_at) ? 1 : 0
        seen.offset += /[+-]\d\d:\d\d$/.test(info.issued_at) ? 1 : 0
        seen.fraction += /\.\d/.test(info.issued_at) ? 1 : 0
        seen.bigint += typeof info.user_id === 'bigint' ? 1 : 0
        seen.proto += Object.hasOwn(info, '__proto__') ? 1 : 0
        seen.invalidScope += info.scopes.some((s) => !isScopeToken(s)) ? 1 : 0
        seen.nonAscii += [...info.user_name].some((c) => c.codePointAt(0)! > 0x7f) ? 1 : 0
        expect(checkTokenInfo(info)).toBe(true)
        const forward = tokenInfoToClaims(info)
        expect(checkClaims(forward.value)).toBe(true)
        const back = claimsToTokenInfo(forward.value)
        const named = new Set([...forward.losses, ...back.losses].map((l) => lossField(l.path)))
        const keys = new Set([...Object.keys(info), ...Object.keys(back.value)])
        for (const key of keys) {
          const before = Object.getOwnPropertyDescriptor(info, key)?.value
          const after = Object.getOwnPropertyDescriptor(back.value, key)?.value
          if (!isDeepStrictEqual(before, after)) expect(named, `${key} differs`).toContain(key)
        }
        // Time losses are exact: reported if and only if the string does not come back.
        for (const field of ['issued_at', 'expiration_time'] as const) {
          const reported = forward.losses.some((l) => l.path === `/${field}`)
          expect(reported, field).toBe(info[field] !== back.value[field])
        }
        if (forward.losses.length === 0 && back.losses.length === 0) expect(back.value).toStrictEqual(info)
      }),
    )
    // The generator did exercise every hard case.
    for (const [name, count] of Object.entries(seen)) expect(count, name).toBeGreaterThan(RUNS / 100)
  })

  it('info -> claims -> info is the identity on the lossless subset (bigint ids, unicode names)', () => {
    const lossless = fc.record(
      {
        user_name: fc.string({ unit: 'binary', maxLength: 30 }),
        user_id: int64,
        role: fc.string({ unit: 'grapheme', maxLength: 20 }),
        owner_id: int64,
        data_center: fc.string({ maxLength: 12 }),
        scopes: fc.array(scopeToken, { minLength: 1, maxLength: 6 }),
        issued_at: exactDateTime,
        expiration_time: exactDateTime,
      },
      {
        noNullPrototype: true,
        requiredKeys: ['user_name', 'user_id', 'role', 'owner_id', 'data_center', 'scopes', 'issued_at'],
      },
    )
    run(
      fc.property(lossless, (info) => {
        const forward = tokenInfoToClaims(info)
        const back = claimsToTokenInfo(forward.value)
        expect(forward.losses).toEqual([])
        expect(back.losses).toEqual([])
        expect(back.value).toStrictEqual(info)
        for (const id of ['user_id', 'owner_id'] as const) expect(typeof back.value[id]).toBe(typeof info[id])
      }),
    )
  })

  it('claims -> info -> claims is the identity for claims written by the convention', () => {
    const idClaim = int64.map((v) => int64ToClaim(v).claim)
    const claims = fc
      .record(
        {
          sub: fc.string({ unit: 'binary', maxLength: 20 }),
          user_id: idClaim,
          role: fc.string({ maxLength: 10 }),
          owner_id: idClaim,
          data_center: fc.string({ maxLength: 10 }),
          scope: fc.array(scopeToken, { minLength: 1, maxLength: 5 }).map((s) => s.join(' ')),
          iat: fc.integer({ min: -62_135_596_800, max: 253_370_764_799 }),
          exp: fc.integer({ min: -62_135_596_800, max: 253_370_764_799 }),
          drift: fc.uniqueArray(fc.tuple(driftKey, fc.jsonValue({ maxDepth: 2 })), {
            maxLength: 3,
            selector: ([key]) => key,
          }),
        },
        {
          noNullPrototype: true,
          requiredKeys: ['sub', 'user_id', 'role', 'owner_id', 'data_center', 'iat', 'drift'],
        },
      )
      .map(({ drift, ...fields }) =>
        ownObject([
          ...Object.entries(fields),
          // Registered names and unsafe keys are dropped by design (a separate property covers them).
          ...drift.filter(([key]) => !REGISTERED_CLAIMS.has(key) && !UNSAFE_KEYS.has(key)),
        ]),
      )
    run(
      fc.property(claims, (set) => {
        expect(checkClaims(set)).toBe(true)
        const info = claimsToTokenInfo(set)
        // Secrets kept: drift with a secret name (`key`) would be redacted otherwise (token-info.test.ts).
        const back = tokenInfoToClaims(info.value, { includeSecrets: true })
        expect(back.value).toStrictEqual(set)
        expect(back.losses).toEqual([])
        // The only loss: no scope claim reads as no scopes.
        expect(info.losses.map((l) => l.path)).toEqual(Object.hasOwn(set, 'scope') ? [] : ['/scopes'])
      }),
    )
  })

  it('RFC 3339 -> NumericDate agrees with Date.parse (leap second as :59, fraction cut), and comes back in UTC', () => {
    run(
      fc.property(dateTime, (text) => {
        const reading = toNumericDate(text)!
        expect(reading.seconds).toBe(oracleSeconds(text))
        const back = fromNumericDate(reading.seconds)!
        expect(back.exact).toBe(true)
        expect(back.text).toBe(new Date(reading.seconds * 1000).toISOString().replace('.000Z', 'Z'))
        expect(reading.notes.length === 0).toBe(back.text === text)
      }),
    )
  })

  it('int64 ids survive the claim form exactly, within the int64 range', () => {
    run(
      fc.property(int64, (id) => {
        const { claim } = int64ToClaim(id)
        expect(checkClaims({ user_id: claim })).toBe(true)
        expect(typeof claim).toBe(
          Number.isSafeInteger(Number(id)) && BigInt(Number(id)) === BigInt(id) ? 'number' : 'string',
        )
        expect(claimToInt64(claim)?.value).toBe(
          typeof id === 'bigint' && typeof claim === 'number' ? Number(id) : id,
        )
      }),
    )
    expect(claimToInt64('9223372036854775808')).toBeUndefined()
    expect(claimToInt64('-9223372036854775809')).toBeUndefined()
  })

  it('scopes -> scope: always a valid claim, and every left-out scope is reported', () => {
    const scopes = fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 8 })
    run(
      fc.property(scopes, (list) => {
        const info = {
          user_name: 'u',
          user_id: 1,
          role: 'r',
          owner_id: 1,
          data_center: 'd',
          scopes: list,
          issued_at: '2024-05-01T12:00:00Z',
        }
        const { value, losses } = tokenInfoToClaims(info)
        expect(checkClaims(value)).toBe(true)
        const kept = list.filter(isScopeToken)
        expect(value.scope ?? '').toBe(kept.join(' '))
        const reported = losses.filter((l) => l.kind === 'invalid').map((l) => Number(fromPointer(l.path)[1]))
        expect(reported).toEqual(list.flatMap((s, i) => (isScopeToken(s) ? [] : [i])))
      }),
    )
  })
})
