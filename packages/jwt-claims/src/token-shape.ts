/**
 * What is checked before jose decodes anything: the length (a 1 MB token is refused without being read)
 * and the compact serialization (three base64url parts).
 */
import { readJson } from '@session-schemas/core'
import { base64url } from 'jose'
import { JwtError } from './errors.js'

/**
 * Default `maxTokenLength`: 16 KiB. Real access tokens are a few KiB (XIQ's, with a long scope list,
 * fit easily), and most HTTP servers refuse headers near 8-16 KiB anyway.
 */
export const DEFAULT_MAX_TOKEN_LENGTH = 16_384

const BASE64URL = /^[A-Za-z0-9_-]*$/

/** Refuses a token longer than the limit or not in JWS compact serialization; returns its three parts. */
export function tokenParts(jwt: unknown, maxTokenLength: number | undefined): [string, string, string] {
  const limit = maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH
  if (!Number.isSafeInteger(limit) || limit <= 0)
    throw new TypeError('maxTokenLength must be a positive integer')
  if (typeof jwt !== 'string')
    throw new JwtError('ERR_JWT_INVALID', 'malformed', 'a JWT must be a string (JWS compact serialization)')
  if (jwt.length > limit)
    throw new JwtError(
      'ERR_JWT_TOO_LARGE',
      'too_large',
      `the token is ${jwt.length} characters long, more than maxTokenLength (${limit}): refused before decoding`,
    )
  const parts = jwt.split('.')
  if (parts.length === 5)
    throw new JwtError('ERR_JWT_INVALID', 'malformed', 'a JWE (5 parts) is not a signed JWT: not accepted')
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
    throw new JwtError(
      'ERR_JWT_INVALID',
      'malformed',
      'not a JWS compact serialization (three base64url parts)',
    )
  return parts as [string, string, string]
}

export type PayloadReading =
  | { readonly kind: 'object'; readonly value: Record<string, unknown> }
  | { readonly kind: 'not_object' }
  | { readonly kind: 'malformed' }

/**
 * Reads the payload part with exact integers (jose's JSON.parse would round int64 claims beyond 2^53).
 * JSON.parse and the exact reader both keep a `__proto__` key as an own data property.
 */
export function readPayload(part: string): PayloadReading {
  let value: unknown
  try {
    value = readJson(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part)))
  } catch {
    return { kind: 'malformed' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'not_object' }
  return { kind: 'object', value: value as Record<string, unknown> }
}
