/**
 * Decoding WITHOUT verification, for inspection only (logs, debugging, the CLI's `jwt decode`). Nothing
 * it returns may be trusted: the signature is not checked and anyone can write any claim.
 */
import type { Issue } from '@session-schemas/core'
import { decodeJwt, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose'
import { JwtError } from './errors.js'
import { model as claimsModel } from './generated/Claims.gen.js'
import { readPayload, tokenParts } from './token-shape.js'

export interface DecodeOptions {
  /** Longest token accepted, in characters (default `DEFAULT_MAX_TOKEN_LENGTH`, 16 KiB). */
  readonly maxTokenLength?: number
}

export interface UnverifiedToken {
  /** The protected header, unverified. */
  readonly header: ProtectedHeaderParameters
  /** The claims set, unverified, with exact integers. */
  readonly payload: Record<string, unknown>
  /** What does not match `jwt/Claims` (empty when the payload matches). */
  readonly issues: readonly Issue[]
}

/**
 * Decodes a JWT's header and payload WITHOUT checking the signature or any claim value. Inspection
 * only: to trust a token, `verify` it. Throws `JwtError` when the token is too large or not a JWT.
 */
export function decodeUnverified(jwt: string, options: DecodeOptions = {}): UnverifiedToken {
  const [, encodedPayload] = tokenParts(jwt, options.maxTokenLength)
  let header: ProtectedHeaderParameters
  try {
    header = decodeProtectedHeader(jwt)
    decodeJwt(jwt)
  } catch (cause) {
    const notObject = readPayload(encodedPayload).kind === 'not_object'
    throw new JwtError(
      'ERR_JWT_INVALID',
      notObject ? 'payload_not_object' : 'malformed',
      notObject ? 'JWT Claims Set must be a top-level JSON object' : 'not a decodable JWT',
      { cause },
    )
  }
  const payload = readPayload(encodedPayload)
  if (payload.kind !== 'object') throw new JwtError('ERR_JWT_INVALID', 'malformed', 'not a decodable JWT')
  return { header, payload: payload.value, issues: claimsModel.errors(payload.value) }
}
