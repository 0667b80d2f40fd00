/**
 * XIQ ids are int64. As claims they are JSON numbers while that is exact (a safe integer) and decimal
 * strings beyond 2^53, so that no JWT library rounds them; read back, they are numbers or exact bigints,
 * as the XIQ model's `parseJson` returns them.
 */

import { exactInteger } from '@session-schemas/core/internal'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

export interface Int64Claim {
  readonly claim: number | string
  /** The input was a number beyond 2^53: JSON.parse may already have rounded it before it got here. */
  readonly unsafeNumber: boolean
}

/** The claim form of an int64 value (number or bigint). */
export function int64ToClaim(value: number | bigint): Int64Claim {
  if (typeof value === 'bigint') {
    const exact = exactInteger(value)
    return { claim: typeof exact === 'number' ? exact : value.toString(), unsafeNumber: false }
  }
  if (Number.isSafeInteger(value)) return { claim: value, unsafeNumber: false }
  return { claim: BigInt(value).toString(), unsafeNumber: true }
}

export interface Int64Reading {
  /** A number when it is a safe integer, else an exact bigint. */
  readonly value: number | bigint
  /** The claim was a JSON number beyond 2^53 (already rounded when it was read with JSON.parse). */
  readonly unsafeNumber: boolean
}

/** Reads an int64 claim (number, exact bigint or decimal string); undefined when it is not an int64. */
export function claimToInt64(claim: unknown): Int64Reading | undefined {
  if (typeof claim === 'number') {
    if (!Number.isInteger(claim)) return undefined
    if (Number.isSafeInteger(claim)) return { value: claim, unsafeNumber: false }
    return inRange(BigInt(claim)) ? { value: claim, unsafeNumber: true } : undefined
  }
  let exact: bigint
  if (typeof claim === 'bigint') exact = claim
  else if (typeof claim === 'string' && /^(0|-?[1-9][0-9]{0,18})$/.test(claim)) exact = BigInt(claim)
  else return undefined
  if (!inRange(exact)) return undefined
  return { value: exactInteger(exact), unsafeNumber: false }
}

function inRange(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX
}
