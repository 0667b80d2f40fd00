/**
 * What an issue says, from structured parameters: the one wording shared by the explaining evaluator
 * and the generated `errors()` functions. Merging the issues of anyOf/oneOf branches works on these
 * parameters too, never on the English they render to.
 */
import { firstDuplicate } from './json-equal.js'
import {
  type CasingIndex,
  codePointLength,
  describeSecret,
  describeValue,
  likelyCasingMistake,
  preview,
} from './wording.js'

/**
 * The parameters of one issue. Messages that end in `; got <value>` are a requirement and that value
 * (see `requirement`); the value is the one the issue was raised for, passed alongside.
 */
export type IssueParams =
  | { readonly kind: 'type'; readonly types: readonly string[] }
  | { readonly kind: 'enum'; readonly allowed: readonly unknown[] }
  | { readonly kind: 'const'; readonly expected: unknown }
  /** The value is the object (its keys show a likely casing mistake). */
  | { readonly kind: 'required'; readonly property: string }
  /** The value is the property name. */
  | { readonly kind: 'additionalProperties' }
  /** The value is the property name. */
  | { readonly kind: 'propertyNames' }
  | { readonly kind: 'dependentRequired'; readonly property: string; readonly when: string }
  /** The value is the object, array or string whose size is wrong. */
  | {
      readonly kind: 'size'
      readonly limit: number
      readonly bound: 'at least' | 'at most'
      readonly unit: 'properties' | 'items' | 'characters'
    }
  /** The value is the array. */
  | { readonly kind: 'uniqueItems' }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'format'; readonly format: string }
  | { readonly kind: 'bound'; readonly operator: '>=' | '<=' | '>' | '<'; readonly limit: number }
  /** An integer beyond the int64 maximum 2^63 - 1: an exact bigint, or the double 2^63. */
  | { readonly kind: 'int64' }
  | { readonly kind: 'multipleOf'; readonly divisor: number }
  | { readonly kind: 'alternatives'; readonly exactlyOne: boolean; readonly names: readonly string[] }
  | {
      readonly kind: 'matchesSeveral'
      readonly names: readonly string[]
      readonly matched: readonly number[]
    }
  | { readonly kind: 'not'; readonly name: string }
  | { readonly kind: 'false' }
  | { readonly kind: 'maxDepth'; readonly maxDepth: number }
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** Alternatives that all failed on the same keyword here: their requirements, joined with "or". */
  | { readonly kind: 'either'; readonly parts: readonly Finding[] }

/** An issue before it is worded: its parameters and the value (and secrecy) it was raised for. */
export interface Finding {
  readonly params: IssueParams
  readonly value: unknown
  readonly secret: boolean
}

/** The instance value as a message shows it: quoted (cut short), or only its type and size if secret. */
function shown(value: unknown, secret: boolean): string {
  return secret ? describeSecret(value) : preview(value)
}

/** The type of the instance value as a message names it (size too, if secret). */
function typeOf(value: unknown, secret: boolean): string {
  return secret ? describeSecret(value) : describeValue(value)
}

/** A bound as the schema wrote it: ±2^63 are the int64 limits, which a double rounds. */
function exactBound(bound: number): string {
  if (bound === 2 ** 63) return '9223372036854775807'
  if (bound === -(2 ** 63)) return '-9223372036854775808'
  return String(bound)
}

function sizeOf(value: unknown, unit: 'properties' | 'items' | 'characters'): number {
  if (unit === 'characters') return codePointLength(value as string)
  if (unit === 'items') return (value as unknown[]).length
  return Object.keys(value as object).length
}

/** The allowed values of an enum as messages list them, made once per schema (enums can be long). */
const allowedTexts = new WeakMap<object, string>()

function allowedText(params: { readonly allowed: readonly unknown[] }): string {
  let text = allowedTexts.get(params)
  if (text === undefined) {
    text = params.allowed.map((v) => preview(v)).join(', ')
    allowedTexts.set(params, text)
  }
  return text
}

/** An enum's string values by their lower case (the first of each), made once per schema: for near misses. */
const lowerCasedAllowed = new WeakMap<object, ReadonlyMap<string, string>>()

function lowerCased(params: { readonly allowed: readonly unknown[] }): ReadonlyMap<string, string> {
  let map = lowerCasedAllowed.get(params)
  if (map === undefined) {
    const byLower = new Map<string, string>()
    for (const c of params.allowed)
      if (typeof c === 'string' && !byLower.has(c.toLowerCase())) byLower.set(c.toLowerCase(), c)
    map = byLower
    lowerCasedAllowed.set(params, map)
  }
  return map
}

/**
 * What is required, without the value: the part of a `...; got <value>` message before `; got`, or the
 * whole message for the others. Alternatives that fail on the same keyword are explained by these.
 */
export function requirement(params: IssueParams, value: unknown, secret: boolean): string {
  if (params.kind === 'either')
    return params.parts.map((part) => requirement(part.params, part.value, part.secret)).join(', or ')
  const fixed = params.kind === 'type' || params.kind === 'required' ? undefined : fixedRequirement(params)
  return fixed ?? issueMessage(params, value, secret)
}

/**
 * The part of a message that names no value (the requirement, or for `type` and `required` the start),
 * worded once per parameters object: the generated code and the evaluator make one per schema keyword,
 * and an invalid stream repeats them.
 */
const fixedTexts = new WeakMap<IssueParams, string | null>()
function fixedRequirement(params: IssueParams): string | undefined {
  let text = fixedTexts.get(params)
  if (text === undefined) {
    text = wordRequirement(params) ?? null
    fixedTexts.set(params, text)
  }
  return text ?? undefined
}

function wordRequirement(params: IssueParams): string | undefined {
  switch (params.kind) {
    case 'const':
      return `must be ${preview(params.expected)}`
    case 'enum':
      return `must be one of ${allowedText(params)}`
    case 'pattern':
      return `must match the pattern ${JSON.stringify(params.pattern)}`
    case 'format':
      return `must be a valid ${params.format}${params.format === 'date-time' ? ' (RFC 3339)' : ''}`
    case 'bound':
      return `must be ${params.operator} ${exactBound(params.limit)}`
    case 'int64':
      return 'must be <= 9223372036854775807 (int64)'
    case 'multipleOf':
      return `must be a multiple of ${params.divisor}`
    case 'alternatives':
      return `must be ${params.exactlyOne ? 'exactly one' : 'one'} of: ${params.names.join(', ')}`
    case 'type':
      return `expected ${params.types.join(' or ')}`
    case 'required':
      return `missing required property ${JSON.stringify(params.property)}`
    default:
      return undefined
  }
}

/** The message of an issue. A secret value is described by its type and size only, never quoted. */
export function issueMessage(
  params: IssueParams,
  value: unknown,
  secret: boolean,
  /** Where a run that words several issues finds the casing hints of one object's missing keys. */
  casing?: CasingIndex,
): string {
  switch (params.kind) {
    case 'type':
      return `${fixedRequirement(params)}, got ${typeOf(value, secret)}`
    case 'enum': {
      // A near miss would say what the secret almost is: name its type and size only.
      if (secret) return `${requirement(params, value, secret)}; got ${describeSecret(value)}`
      const near = typeof value === 'string' ? lowerCased(params).get(value.toLowerCase()) : undefined
      const hint = near !== undefined ? ` (did you mean ${preview(near)}? values are case-sensitive)` : ''
      return `${requirement(params, value, secret)}; got ${preview(value)}${hint}`
    }
    case 'required': {
      const mistake = casing
        ? casing.mistakeFor(params.property, value as object)
        : likelyCasingMistake(params.property, Object.keys(value as object))
      return (
        fixedRequirement(params) +
        (mistake ? ` (found ${JSON.stringify(mistake)}: a likely casing mistake)` : '')
      )
    }
    case 'additionalProperties':
      return `unexpected property ${JSON.stringify(value)}`
    case 'propertyNames':
      return `property name ${JSON.stringify(value)} is not allowed`
    case 'dependentRequired':
      return `missing property ${JSON.stringify(params.property)}, required when ${JSON.stringify(params.when)} is present`
    case 'size': {
      const n = sizeOf(value, params.unit)
      return params.unit === 'characters'
        ? `must be ${params.bound} ${params.limit} characters long, is ${n}`
        : `must have ${params.bound} ${params.limit} ${params.unit}, has ${n}`
    }
    case 'uniqueItems': {
      const [j, i] = firstDuplicate(value as unknown[])!
      return `items ${j} and ${i} are equal; items must be unique`
    }
    case 'bound':
    case 'multipleOf':
      return `${requirement(params, value, secret)}; got ${secret ? describeSecret(value) : String(value)}`
    case 'alternatives':
      return `${requirement(params, value, secret)}; got ${typeOf(value, secret)}`
    case 'matchesSeveral':
      return `must match exactly one of ${params.names.join(', ')}; matches ${params.matched.map((i) => params.names[i]).join(' and ')}`
    case 'not':
      return `must not match ${params.name}`
    case 'false':
      return 'no value is allowed here'
    case 'int64':
      // A double this large is what JSON.parse makes of an int64 near the maximum: say which integer it is
      // exactly, and how to read one exactly.
      if (typeof value === 'number' && Number.isFinite(value) && !secret)
        return `${requirement(params, value, secret)}; got the double ${BigInt(value)} (JSON.parse rounds integers beyond 2^53: read JSON with parseJson to keep them exact)`
      return `${requirement(params, value, secret)}; got ${shown(value, secret)}`
    case 'maxDepth':
      return `nested deeper than ${params.maxDepth} levels`
    case 'unreadable':
      return `cannot be read: ${params.reason}`
    default:
      // const, pattern, format, either: the requirement and the value.
      return `${requirement(params, value, secret)}; got ${shown(value, secret)}`
  }
}
