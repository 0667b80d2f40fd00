/** The messages between the page (main.ts) and the worker that does all the work (worker.ts). */

/** A place in the input: 0-based offsets (UTF-16 units) and the 1-based line and column of its start. */
export interface Place {
  readonly start: number
  readonly end: number
  readonly line: number
  readonly column: number
}

export interface ShownIssue {
  readonly pointer: string
  readonly keyword: string
  readonly message: string
  /** Where in the input, when it can be found. */
  readonly place?: Place
}

export interface ShownRecord {
  /** 1-based position in the input. */
  readonly index: number
  readonly place: Place
  /** `valid`, `invalid` (schema issues), `unknown` (no model's evidence) or `malformed` (not JSON). */
  readonly status: 'valid' | 'invalid' | 'unknown' | 'malformed'
  /** The detected model(s), or a description of why none. */
  readonly model: string
  readonly issues: readonly ShownIssue[]
  /** Unknown properties: drift from a newer API (or a typo), listed apart from errors. */
  readonly drift: readonly ShownIssue[]
  /** Session models it can be converted from (itself, or the sessions an envelope holds). */
  readonly convertible: boolean
}

export interface Summary {
  readonly records: number
  readonly valid: number
  readonly invalid: number
  readonly unknown: number
  readonly malformed: number
  readonly withDrift: number
  /** How many records of each model (valid or not). */
  readonly byModel: Readonly<Record<string, number>>
  /** Records listed in `shown` (the first ones); the summary counts all. */
  readonly shown: readonly ShownRecord[]
  readonly bytes: number
  readonly milliseconds: number
}

export interface ModelRow {
  readonly id: string
  readonly package: string
  readonly detectable: boolean
  readonly description: string
}

export interface ConversionResult {
  readonly output: string
  readonly losses: readonly { readonly path: string; readonly kind: string; readonly message: string }[]
  /** Source keys the target has no place for (their values are never shown). */
  readonly unmapped: readonly string[]
  readonly notes: readonly string[]
}

export interface DecodedToken {
  readonly header: string
  readonly payload: string
  readonly issues: readonly ShownIssue[]
}

export type Request =
  | { readonly op: 'check'; readonly text: string }
  | { readonly op: 'checkFile'; readonly file: Blob }
  | {
      readonly op: 'convert'
      readonly record: number
      readonly target: string
      readonly includeSecrets: boolean
    }
  | { readonly op: 'models' }
  | { readonly op: 'schema'; readonly model: string }
  | { readonly op: 'targets' }
  | { readonly op: 'decode'; readonly token: string }
  | { readonly op: 'sign'; readonly claims: string; readonly alg: string; readonly key: string }
  | { readonly op: 'verify'; readonly token: string; readonly alg: string; readonly key: string }

export interface Replies {
  check: Summary
  checkFile: Summary
  convert: ConversionResult
  models: readonly ModelRow[]
  schema: string
  targets: readonly string[]
  decode: DecodedToken
  sign: string
  verify: { readonly header: string; readonly claims: string }
}

export type ToWorker = { readonly id: number } & Request

export type FromWorker =
  | {
      readonly id: number
      readonly kind: 'progress'
      readonly phase: string
      readonly done: number
      readonly total: number
    }
  | { readonly id: number; readonly kind: 'done'; readonly result: unknown }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string }
