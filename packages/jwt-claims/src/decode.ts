/**
 * Decoding WITHOUT verification, for inspection only (logs, debugging, the CLI's `jwt decode`). Nothing
 * it returns may be trusted: the signature is not checked and anyone can write any claim.
 */
import type { Issue } from '@session-schemas/core'
import type { ProtectedHeaderParameters } from 'jose'
import { model as claimsModel } from './generated/Claims.gen.js'
import { readHeader, readPayload, tokenParts } from './token-shape.js'

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
 * only: to trust a token, `verify` it. Throws `JwtError` when the token is too large, not a JWT, or
 * nests deeper than `MAX_NESTING_DEPTH`.
 */
export function decodeUnverified(jwt: string, options: DecodeOptions = {}): UnverifiedToken {
  const [, encodedPayload] = tokenParts(jwt, options.maxTokenLength)
  const header = readHeader(jwt)
  const payload = readPayload(encodedPayload)
  return { header, payload, issues: claimsModel.errors(payload) }
}
