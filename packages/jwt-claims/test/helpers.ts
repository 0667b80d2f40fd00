/** Arbitraries and token builders shared by the tests. */
import { type Exact, isDateTime } from '@session-schemas/core'
import type { XiqApiTokenInfo } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import fc from 'fast-check'
import { base64url, CompactSign, type CryptoKey } from 'jose'

export const INT64_MIN = -(2n ** 63n)
export const INT64_MAX = 2n ** 63n - 1n
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER)
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER)

/** An int64 as `parseJson` of the XIQ model returns it: a safe number, or a bigint beyond 2^53. */
export const int64 = fc.oneof(
  fc.maxSafeInteger(),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).filter((b) => b < SAFE_MIN || b > SAFE_MAX),
  fc.constantFrom(INT64_MAX, INT64_MIN, SAFE_MAX + 1n, SAFE_MIN - 1n),
)

/** One RFC 6749 §3.3 scope-token. */
export const scopeToken = fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,20}$/)

const FIRST = Date.parse('0001-01-01T00:00:00Z') / 1000
const LAST = Date.parse('9998-12-31T23:59:59Z') / 1000

function offsetText(minutes: number, negativeZero: boolean): string {
  const sign = minutes < 0 || (minutes === 0 && negativeZero) ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/**
 * RFC 3339 date-times of the years 0001-9998, with sub-second digits, offsets (including -00:00), leap
 * seconds (23:59:60 UTC, shifted by the offset) and lowercase t/z. Built with `Date` (an oracle
 * independent of the code under test) and filtered through the strict checker.
 */
export const dateTime = fc
  .record(
    {
      seconds: fc.integer({ min: FIRST, max: LAST }),
      offset: fc.option(fc.integer({ min: -1439, max: 1439 }), { nil: undefined }),
      negativeZero: fc.boolean(),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }),
      leap: fc.boolean(),
      lower: fc.boolean(),
    },
    { noNullPrototype: true },
  )
  .map(({ seconds, offset, negativeZero, fraction, leap, lower }) => {
    // A leap second is 23:59:60 UTC: take the last second of that day and write it as :60.
    const utc = leap ? Math.floor(seconds / 86_400) * 86_400 + 86_399 : seconds
    const local = utc + (offset ?? 0) * 60
    let text = new Date(local * 1000).toISOString().slice(0, 19)
    if (leap) text = `${text.slice(0, 17)}60`
    if (fraction !== undefined) text += `.${fraction}`
    text += offset === undefined ? 'Z' : offsetText(offset, negativeZero)
    return lower ? text.replace('T', 't').replace(/Z$/, 'z') : text
  })
  .filter(isDateTime)

/** A date-time that converts exactly: whole seconds, UTC, `Z`. */
export const exactDateTime = fc
  .integer({ min: FIRST, max: LAST })
  .map((s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z'))

/** The whole UTC second a date-time stands for (leap second as :59, fraction cut), by `Date.parse`. */
export function oracleSeconds(text: string): number {
  const normal = text
    .toUpperCase()
    .replace(/^(.{17})60/, '$159')
    .replace(/\.\d+/, '')
  return Date.parse(normal) / 1000
}

/** Keys that are not XiqApiTokenInfo fields: unicode, JS-special, registered claim names. */
export const driftKey = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'iss',
      'scope',
      'roles',
      'customer_id',
    ),
  )
  .filter(
    (k) =>
      ![
        'user_name',
        'user_id',
        'role',
        'owner_id',
        'data_center',
        'scopes',
        'issued_at',
        'expiration_time',
        'expires_in',
      ].includes(k),
  )

/** Builds an object whose keys (even `__proto__`) are own data properties. */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  return object
}

/** An XiqApiTokenInfo with every feature a conversion must handle. */
export const tokenInfo = fc
  .record(
    {
      user_name: fc.string({ unit: 'binary', maxLength: 30 }),
      user_id: int64,
      role: fc.string({ unit: 'binary', maxLength: 20 }),
      owner_id: int64,
      data_center: fc.string({ maxLength: 12 }),
      scopes: fc.array(
        fc.oneof({ weight: 4, arbitrary: scopeToken }, fc.string({ unit: 'binary', maxLength: 8 })),
        {
          maxLength: 6,
        },
      ),
      issued_at: dateTime,
      expiration_time: fc.option(dateTime, { nil: undefined }),
      expires_in: fc.option(fc.integer({ min: -1, max: 31_536_000 }), { nil: undefined }),
      drift: fc.uniqueArray(fc.tuple(driftKey, fc.jsonValue({ maxDepth: 2 })), {
        maxLength: 4,
        selector: ([key]) => key,
      }),
    },
    { noNullPrototype: true },
  )
  .map(
    ({ drift, expiration_time, expires_in, ...fields }) =>
      ownObject([
        ...Object.entries(fields),
        ...(expiration_time === undefined ? [] : [['expiration_time', expiration_time] as const]),
        ...(expires_in === undefined ? [] : [['expires_in', expires_in] as const]),
        ...drift,
      ]) as Exact<XiqApiTokenInfo>,
  )

/** A compact JWS over an arbitrary payload text (a hand-written JSON text, or not JSON at all). */
export async function signRaw(header: Record<string, unknown>, payload: string, key: Uint8Array | CryptoKey) {
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader(header as { alg: string })
    .sign(key)
}

/** A token with any header, payload and signature text: what an attacker can send. */
export function forge(header: unknown, payload: unknown, signature = ''): string {
  const part = (value: unknown) => base64url.encode(typeof value === 'string' ? value : JSON.stringify(value))
  return `${part(header)}.${part(payload)}.${signature}`
}
