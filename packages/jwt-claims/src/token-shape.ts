/**
 * What is checked before jose decodes anything: the length (a 1 MB token is refused without being read)
 * and the compact serialization (three base64url parts); then the header and the payload as read here,
 * with exact integers and the nesting limit.
 */
import { JsonLimitError, readJson } from '@session-schemas/core'
import type { ProtectedHeaderParameters } from 'jose'
import * as base64url from 'jose/base64url'
import { decodeProtectedHeader } from 'jose/decode/protected_header'
import { JwtError } from './errors.js'
import { MAX_NESTING_DEPTH, memberNestedTooDeep } from './nesting.js'

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
  const base64 = parts.every((part) => BASE64URL.test(part))
  if (parts.length === 5 && base64 && isJweHeader(parts[0]!))
    throw new JwtError('ERR_JWT_INVALID', 'malformed', 'a JWE (5 parts) is not a signed JWT: not accepted')
  if (parts.length !== 3 || !base64)
    throw new JwtError(
      'ERR_JWT_INVALID',
      'malformed',
      `not a JWS compact serialization (three base64url parts): ${shapeOf(jwt, parts, base64)}`,
    )
  return parts as [string, string, string]
}

/** A JWE's header names its content encryption (`enc`); a JWS header never does. */
function isJweHeader(part: string): boolean {
  try {
    const header: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(part)))
    return typeof header === 'object' && header !== null && 'enc' in header
  } catch {
    return false
  }
}

/** What is wrong with the shape, in words that point at the likely cause (never quoting the token). */
function shapeOf(jwt: string, parts: readonly string[], base64: boolean): string {
  const count = parts.length
  if (/\s/.test(jwt)) return 'it has white space inside (one token per line?)'
  // Two tokens written without a line between them read as 5 parts: the signature runs into the next header.
  if (count === 5 && base64 && parts.every((part) => part !== ''))
    return 'it has 5 parts but is no JWE, its header names no "enc" (two tokens run together?)'
  if (count !== 3) return `it has ${count} part${count === 1 ? '' : 's'}`
  return 'a part has a character that base64url does not use'
}

/** The protected header, or a `JwtError` (`ERR_JWS_INVALID`): not a base64url JSON object, or nested too deeply. */
export function readHeader(jwt: string): ProtectedHeaderParameters {
  let header: ProtectedHeaderParameters
  try {
    header = decodeProtectedHeader(jwt)
  } catch (cause) {
    throw new JwtError(
      'ERR_JWS_INVALID',
      'malformed',
      'the protected header is not a base64url JSON object',
      {
        cause,
      },
    )
  }
  if (memberNestedTooDeep(header) !== undefined)
    throw new JwtError(
      'ERR_JWS_INVALID',
      'too_deep',
      `the protected header nests deeper than ${MAX_NESTING_DEPTH} levels`,
    )
  return header
}

/**
 * The payload as a claims object, read with exact integers (jose's JSON.parse would round int64 claims
 * beyond 2^53), or the `JwtError` (`ERR_JWT_INVALID`) that says why it is not one. JSON.parse and the
 * exact reader both keep a `__proto__` key as an own data property.
 */
export function readPayload(part: string): Record<string, unknown> {
  let value: unknown
  try {
    value = readJson(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part)))
  } catch (error) {
    // The exact reader recurses: a deep payload with an integer beyond 2^53 stops it.
    if (error instanceof JsonLimitError) throw payloadTooDeep()
    throw new JwtError('ERR_JWT_INVALID', 'malformed', 'the payload is not base64url-encoded UTF-8 JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new JwtError(
      'ERR_JWT_INVALID',
      'payload_not_object',
      'JWT Claims Set must be a top-level JSON object',
    )
  if (memberNestedTooDeep(value) !== undefined) throw payloadTooDeep()
  return value as Record<string, unknown>
}

const payloadTooDeep = () =>
  new JwtError('ERR_JWT_INVALID', 'too_deep', `the payload nests deeper than ${MAX_NESTING_DEPTH} levels`)
