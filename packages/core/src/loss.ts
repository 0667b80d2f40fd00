/**
 * What a conversion could not carry over exactly. Every converter (vendor <-> common <-> vendor, OCSF,
 * JWT claims) reports its losses this way, so that "lossless" means "no losses".
 */

/**
 * - `dropped`: the target has no place for the value.
 * - `precision`: carried over with less precision (sub-second digits, an offset, a leap second, int64).
 * - `derived`: the target value was computed (from other fields, a reference time, a default, a constant).
 * - `relative`: a relative time (seconds from "now") kept relative, or needing a reference time.
 * - `redacted`: a secret left out (ask for it with `includeSecrets`).
 * - `invalid`: the value could not be read as what the target needs (e.g. a pipe name where an IP goes).
 */
export type LossKind = 'dropped' | 'precision' | 'derived' | 'relative' | 'redacted' | 'invalid'

export interface Loss {
  /** JSON Pointer into the source value (for a derived target value: into the target). */
  readonly path: string
  readonly kind: LossKind
  readonly message: string
}

/** The result of every conversion. */
export interface Conversion<T> {
  readonly value: T
  /** Everything that was not carried over exactly; empty for a lossless conversion. */
  readonly losses: readonly Loss[]
  /** Source fields that have no place in the target, by key (also kept inside the value where it has a bag). */
  readonly unmapped: Readonly<Record<string, unknown>>
}
