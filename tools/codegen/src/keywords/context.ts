/**
 * What every keyword module works with. A keyword module turns its keywords of one schema object into
 * (a) statements of the node's quiet test, which `return false` on a failure, and (b) statements of
 * the node's explaining function, which add issues (built from structured parameters, worded by core's
 * `issueMessage`) to a sink.
 *
 * Generated functions, per schema object N:
 * - `test_N(v, d)`: is `v` valid; `d` is how many segments deep `v` sits (the depth limit counts them);
 * - `explain_N(v, p, d, s, sink)`: adds the issues of `v`, at JSON Pointer `p` (`d` segments), to
 *   `sink`; `s` says whether the value is inside a secret (`format: "password"`) schema.
 * Both run exactly the checks of core's explaining evaluator, in its order.
 */
import { escapeToken, type IssueParams } from '@session-schemas/core/internal'

export interface KeywordCode {
  readonly test: readonly string[]
  readonly explain: readonly string[]
}

/** A keyword (or a schema) the generator does not explain: the model keeps the evaluator's errors(). */
export class NotGenerated extends Error {}

export interface EmitContext {
  /** A type annotation, or nothing when the code is emitted as JavaScript. */
  typed(annotation: string): string
  /** Recursive schema: containers check the depth limit (static nesting cannot reach it otherwise). */
  readonly maxDepth: number | undefined
  /** A module-level constant holding `code`; returns its name (the same name for the same code). */
  constant(code: string, prefix?: string): string
  /** A module-level constant holding issue parameters. */
  params(params: IssueParams): string
  /** A name imported from `@session-schemas/core/internal`. */
  helper(name: string): string
  /** The test of a subschema applied to `value` at depth `depth`: an expression. */
  testOf(schema: unknown, where: string, value: string, depth: string): string
  /**
   * Statements explaining why the subschema failed for `value` (only called after its test failed):
   * issues at `path` (`depth` segments) go to the sink named `sink`.
   */
  explainOf(schema: unknown, where: string, value: string, path: string, depth: string, sink: string): string
  /** The test and explanation of a `$ref` (resolved against the schema's base URI). */
  refOf(
    ref: string,
    where: string,
  ): { test: (value: string, depth: string) => string; explain: (sink: string) => string }
}

/** Turns the keywords one module knows of `schema` into code, or returns undefined if it has none. */
export type KeywordModule = (
  schema: Readonly<Record<string, unknown>>,
  at: string,
  ctx: EmitContext,
) => KeywordCode | undefined

/** `p + "/name"`: the JSON Pointer of a property, its token escaped now rather than at run time. */
export function childPointer(name: string): string {
  return `p + ${JSON.stringify(`/${escapeToken(name)}`)}`
}

/** A JavaScript expression testing that `v` is a plain object (what JSON calls an object). */
export const IS_OBJECT = '(typeof v === "object" && v !== null && !Array.isArray(v))'

/** Statements `if (failed) <then>` for the test and the explanation alike. */
export function guarded(condition: string, explain: string): KeywordCode {
  return { test: [`if (${condition}) return false`], explain: [`if (${condition}) ${explain}`] }
}

/** `sink.add(...)` for an issue at the current value. */
export function issue(keyword: string, params: string, value = 'v', sink = 'sink'): string {
  return `${sink}.add(p, d, ${JSON.stringify(keyword)}, ${params}, ${value}, s)`
}
