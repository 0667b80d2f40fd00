/**
 * What every keyword module works with. A keyword module turns its keywords of one schema object into
 * (a) statements of the node's quiet test, which `return false` on a failure, and (b) statements of
 * the node's explaining function, which add issues (built from structured parameters, worded by core's
 * `issueMessage`) to a sink.
 *
 * Generated functions, per schema object N:
 * - `test_N(v)` (`test_N(v, d)` in a recursive schema, `d` being how many segments deep `v` sits, which
 *   the depth limit counts): is `v` valid. `check` is the root's test;
 * - `explain_N(v, p, d, s, sink)`: adds the issues of `v`, at JSON Pointer `p` (`d` segments), to
 *   `sink`; `s` says whether the value is inside a secret (`format: "password"`) schema.
 * Both run exactly the checks of core's explaining evaluator, in its order.
 */
import { escapeToken, type IssueParams } from '@session-schemas/core/internal'

export interface KeywordCode {
  readonly test: readonly string[]
  /** undefined: this keyword is not explained (the model's errors() then runs the evaluator). */
  readonly explain: readonly string[] | undefined
}

/**
 * A schema uses a keyword (or a format) that no keyword module generates: `check` cannot be generated,
 * and there is no fallback for it.
 */
export class UnsupportedKeyword extends Error {
  override readonly name = 'UnsupportedKeyword'
  /** JSON Pointer of the keyword inside the bundled schema. */
  readonly location: string
  constructor(location: string, what: string) {
    super(`${what} at ${location}: no keyword module generates it, so check cannot be generated`)
    this.location = location
  }
}

export interface EmitContext {
  /** A type annotation, or nothing when the code is emitted as JavaScript. */
  typed(annotation: string): string
  /** Recursive schema: containers check the depth limit (static nesting cannot reach it otherwise). */
  readonly maxDepth: number | undefined
  /**
   * The JSON type the node's `type` keyword names when it names one: the test has returned false for
   * any other value before the other keywords run, so their tests need not ask again.
   */
  readonly knownType: string | undefined
  /** A module-level constant holding `code`; returns its name (the same name for the same code). */
  constant(code: string, prefix?: string): string
  /** A module-level constant that only explaining code uses. */
  explainConstant(code: string, prefix: string): string
  /** A module-level constant holding issue parameters (explaining code only). */
  params(params: IssueParams): string
  /** A name imported from `@session-schemas/core/internal`. */
  helper(name: string): string
  /** A name imported from `@session-schemas/core/internal` that only explaining code uses. */
  explainHelper(name: string): string
  /** The test of a subschema applied to `value` (an expression) at depth `depth`: an expression. */
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

/** The keywords of one family, and how to turn them into code. */
export interface KeywordModule {
  /** The keywords `emit` generates (a schema using any other fails to generate). */
  readonly keywords: readonly string[]
  /** Turns the module's keywords of `schema` into code, or returns undefined if it has none. */
  emit(schema: Readonly<Record<string, unknown>>, at: string, ctx: EmitContext): KeywordCode | undefined
}

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

/** The code of several keywords of one module, in order; not explained if one of them is not. */
export function joined(code: readonly (KeywordCode | undefined)[]): KeywordCode | undefined {
  const present = code.filter((c): c is KeywordCode => c !== undefined)
  if (present.length === 0) return undefined
  const explained = present.every((c) => c.explain !== undefined)
  return {
    test: present.flatMap((c) => c.test),
    explain: explained ? present.flatMap((c) => c.explain!) : undefined,
  }
}

/**
 * `test` under `if (guard) { ... }`, or bare when the node's type already ensures the guard; the
 * explanation always under the guard (explaining goes on after a failed `type`).
 */
export function underGuard(
  guard: string,
  types: readonly string[],
  ctx: EmitContext,
  test: readonly string[],
  explain: readonly string[] | undefined,
): KeywordCode {
  return {
    test: knownToBe(types, ctx) ? test : [`if (${guard}) {`, ...test, '}'],
    explain: explain && [`if (${guard}) {`, ...explain, '}'],
  }
}

/** The node's `type` ensures the value is one of `types`. */
export function knownToBe(types: readonly string[], ctx: EmitContext): boolean {
  return ctx.knownType !== undefined && types.includes(ctx.knownType)
}
