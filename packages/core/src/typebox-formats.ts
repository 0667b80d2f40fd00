/**
 * Our formats for `@sinclair/typebox` 0.34, whose `Value.Check` and `TypeCompiler` reject a string
 * whose format is not in its `FormatRegistry`. Registration is an explicit call (no import side
 * effects); core does not depend on 0.34: the registry is passed in.
 */
import { annotationFormats, checkedFormats } from './formats.js'

/** What `registerFormats` needs of 0.34's `FormatRegistry` (its `Set`). */
export interface FormatRegistryLike {
  Set(format: string, check: (value: string) => boolean): void
}

/**
 * Registers, in a `@sinclair/typebox` 0.34 `FormatRegistry`, the formats our validators check
 * (`date-time`, `date`, `ipv4`, `ipv6`, `uuid`: the same functions) and the annotation-only ones
 * (`password`, `int64`, ...) as accepting every string. Replaces formats of the same names.
 *
 * @example
 * import { FormatRegistry } from '@sinclair/typebox'
 * registerFormats(FormatRegistry)
 */
export function registerFormats(registry: FormatRegistryLike): void {
  for (const [format, check] of Object.entries(checkedFormats)) registry.Set(format, check)
  for (const format of annotationFormats) registry.Set(format, () => true)
}
