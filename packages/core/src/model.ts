/**
 * The validator surface every model exports: `check`, `errors`, `parse`, `parseJson`,
 * `unknownProperties`, `secrets` and Standard Schema's `~standard`.
 */
import { type Annotations, type ErrorsOptions, Evaluator } from './evaluate.js'
import { type Issue, issuePathSegments, maxIssuesOption, moreIssues, ValidationError } from './issue.js'
import { IssueSink, isBudgetSpent } from './issue-sink.js'
import { bigintsToStrings, type Int64Mode, readJson } from './json.js'
import { escapeToken, type PathSegment, toPointer } from './pointer.js'
import { copyArray, defineValue, withValuesAt } from './safe-copy.js'
import type { JsonSchemaObject } from './schema-index.js'
import type { StandardJSONSchemaV1, StandardSchemaV1 } from './standard-schema.js'

export interface ParseOptions extends ErrorsOptions {
  /** Accept string-encoded numbers and booleans (`"1700000000"`, `"true"`) and return them typed. */
  readonly coerce?: boolean
  /** Properties the schema does not describe: `keep` them (default), `strip` them, or `reject` the value. */
  readonly unknownProperties?: 'keep' | 'strip' | 'reject'
}

export interface ParseJsonOptions extends ParseOptions {
  /** Integers beyond 2^53 come back exact, as `bigint` (default) or as decimal `string`s. */
  readonly int64?: Int64Mode
}

/** `T` as read with exact integers: any number may be a bigint (or string) when it is beyond 2^53. */
export type Exact<T, I = bigint> = T extends number
  ? number | I
  : T extends readonly (infer U)[]
    ? Exact<U, I>[]
    : T extends object
      ? { [K in keyof T]: Exact<T[K], I> }
      : T

/** What `safeParse` returns: the parsed value, or the issues `parse` would have thrown (never an exception). */
export type SafeParseResult<T> =
  | { readonly success: true; readonly value: T }
  | { readonly success: false; readonly issues: readonly Issue[] }

/** A property the schema does not describe (drift from a newer API, or a typo). */
export interface UnknownProperty {
  /** JSON Pointer of the property. */
  readonly path: string
  readonly key: string
}

export interface Model<T> {
  /** Standard Schema v1 and Standard JSON Schema v1: validate, and hand out the JSON Schema. */
  readonly '~standard': StandardSchemaV1.Props<unknown, T> & StandardJSONSchemaV1.Props<unknown, T>
  /** The model id, e.g. `extremecloudiq/XiqApiTokenInfo`. */
  readonly id: string
  /** The canonical JSON Schema, with every schema it references bundled under `$defs`. */
  readonly schema: JsonSchemaObject
  /** Fast boolean check (ahead-of-time compiled). */
  check(value: unknown): value is T
  /**
   * The issues, each with a JSON Pointer, the keyword and a message; `[]` when valid. At most
   * `maxIssues` (default 100) are listed; then a last issue `{ path: '', keyword: 'maxIssues',
   * message: '<n> more issues not listed' }` counts the rest.
   */
  errors(value: unknown, options?: ErrorsOptions): Issue[]
  /** Returns the value typed, or throws a `ValidationError` with its issues (listed as `errors()` lists them). */
  parse(value: unknown, options?: ParseOptions): T
  /**
   * `parse` without the exception: `{ success: true, value }`, or `{ success: false, issues }` with the
   * issues `parse` would throw (the result shape of zod's and valibot's safeParse).
   */
  safeParse(value: unknown, options?: ParseOptions): SafeParseResult<T>
  /** Reads JSON text (integers beyond 2^53 exact) and parses it. Throws `JsonSyntaxError` or `ValidationError`. */
  parseJson(text: string, options: ParseJsonOptions & { int64: 'string' }): Exact<T, string>
  parseJson(text: string, options?: ParseJsonOptions): Exact<T>
  /** Properties the schema does not describe, wherever the schema describes the object around them. */
  unknownProperties(value: unknown): UnknownProperty[]
  /** JSON Pointers of the secret values (session tokens and ids) present in a value. */
  secrets(value: unknown): string[]
}

export interface ModelDefinition {
  readonly id: string
  readonly schema: JsonSchemaObject
  /** The generated ahead-of-time check. */
  readonly check: (value: unknown) => boolean
  /** The schema refers back to itself, so it can follow a value to any depth. */
  readonly recursive?: boolean
  /**
   * The generated explaining functions: add the issues of a value that failed `check` to `sink`, exactly
   * as the explaining evaluator would. Without it, errors() runs the evaluator.
   */
  readonly explain?: (value: unknown, sink: IssueSink) => void
}

/** How deep the explaining evaluator follows a value (its default `maxDepth`); `check` stops there too. */
const MAX_DEPTH = 512

/** Builds the validator surface of one model. The explaining evaluator is compiled on first use. */
export function defineModel<T>(definition: ModelDefinition): Model<T> {
  const { id, schema } = definition
  const fastCheck = definition.check
  let compiled: Evaluator | undefined
  const evaluator = () => {
    compiled ??= new Evaluator(schema, { maxDepth: MAX_DEPTH })
    return compiled
  }

  // A recursive schema follows a value as deep as it goes, and the explaining evaluator stops at
  // MAX_DEPTH levels (a maxDepth issue): check stops there too, or the two would disagree on values
  // nested between that depth and the depth where the stack runs out. Values that are not that deep
  // at all (nearly all) cost one walk; only deeper ones are measured along the schema.
  const recursive = definition.recursive === true
  const check = (value: unknown): value is T => {
    try {
      return fastCheck(value) && (!recursive || nestedWithin(value, MAX_DEPTH) || evaluator().check(value))
    } catch {
      // A hostile value (a throwing getter, a cycle in a recursive shape) is simply not valid.
      return false
    }
  }

  // The two validators must agree; if they ever do not, say so rather than pass the value.
  const disagreement = (): Issue[] => [
    {
      path: '',
      keyword: 'check',
      message: 'rejected by the compiled check, accepted by the evaluator (please report)',
    },
  ]

  const evaluatorErrors = (value: unknown, options: ErrorsOptions): Issue[] => {
    const issues = evaluator().errors(value, options)
    return issues.length === 0 ? disagreement() : issues
  }

  // The generated explanation: a valid value costs one check; an invalid one is explained from the
  // subtrees that fail. A value that throws while it is read (a getter, a Proxy) goes to the evaluator,
  // which reports where.
  const explain = definition.explain
  // `check` decides, so errors() is empty exactly when check is true (and a valid value costs one check).
  // A bad option is refused whatever the value.
  const errors = (value: unknown, options: ErrorsOptions = {}): Issue[] => {
    const limit = maxIssuesOption(options.maxIssues)
    if (check(value)) return []
    if (!explain) return evaluatorErrors(value, options)
    const sink = new IssueSink(limit)
    try {
      explain(value, sink)
    } catch (error) {
      // A value past the depth limit in too many places (a cycle): the sink lists what it has, and says so.
      if (isBudgetSpent(error)) return sink.result()
      return evaluatorErrors(value, options)
    }
    return sink.count === 0 ? disagreement() : sink.result()
  }

  const parse = (value: unknown, options: ParseOptions = {}): T => {
    const maxIssues = maxIssuesOption(options.maxIssues)
    let result = value
    // One rebuild for all coercions (in the order evaluation found them): each container is copied once.
    // A value valid as it is stays as it is: coercion only widens what passes (an anyOf whose string
    // branch takes a string must not see it turned into a number by its integer branch).
    if (options.coerce && !check(result)) {
      const { coercions } = evaluator().annotate(result, { coerce: true, keys: false }).annotations
      try {
        result = withValuesAt(result, coercions)
      } catch {
        // A value that throws while it is copied (a getter, a Proxy) is not coerced: it is judged as it
        // is, and its issues say where it could not be read.
      }
    }
    // One verdict (errors() checks first): a ValidationError always has issues.
    const invalid = errors(result, { maxIssues })
    if (invalid.length > 0) throw new ValidationError(id, invalid)
    const mode = options.unknownProperties ?? 'keep'
    if (mode === 'keep') return result as T
    const { annotations } = evaluator().annotate(result)
    if (mode === 'strip') return walkUnknown(result, annotations, () => {}, true) as T
    // reject: listed in document order, capped like errors() (the rest only counted).
    const issues: Issue[] = []
    let unlisted = 0
    walkUnknown(result, annotations, (path, key) => {
      if (issues.length === maxIssues) unlisted++
      else
        issues.push({
          path: `${toPointer(path)}/${escapeToken(key)}`,
          keyword: 'unknownProperties',
          message: `property ${JSON.stringify(key)} is not in the schema`,
        })
    })
    if (unlisted > 0) issues.push(moreIssues(unlisted))
    if (issues.length > 0) throw new ValidationError(id, issues)
    return result as T
  }

  const safeParse = (value: unknown, options?: ParseOptions): SafeParseResult<T> => {
    try {
      return { success: true, value: parse(value, options) }
    } catch (error) {
      // parse reports a bad value only as a ValidationError; anything else (bad options) is the caller's bug.
      if (error instanceof ValidationError) return { success: false, issues: error.issues }
      throw error
    }
  }

  function parseJson(text: string, options: ParseJsonOptions = {}): never {
    const parsed = parse(readJson(text), options)
    return (options.int64 === 'string' ? bigintsToStrings(parsed) : parsed) as never
  }

  const unknownProperties = (value: unknown): UnknownProperty[] =>
    findUnknown(value, evaluator().annotate(value).annotations).sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    )

  // Secrets are top-level properties in most schemas: then finding them needs no evaluation. (A
  // property whose value is undefined is absent, as everywhere.)
  const topLevelSecrets = secretProperties(schema)
  const secrets = (value: unknown): string[] =>
    topLevelSecrets
      ? typeof value === 'object' && value !== null && !Array.isArray(value)
        ? topLevelSecrets
            .filter(
              (key) => Object.hasOwn(value, key) && (value as Record<string, unknown>)[key] !== undefined,
            )
            .map((key) => toPointer([key]))
        : []
      : evaluator()
          .annotate(value, { keys: false })
          .annotations.formats.filter((f) => f.format === 'password')
          .map((f) => toPointer(f.path))

  const jsonSchema = (options: StandardJSONSchemaV1.Options): Record<string, unknown> => {
    if (options.target !== 'draft-2020-12') {
      throw new Error(
        `${id}: only the draft-2020-12 JSON Schema target is available, not ${JSON.stringify(options.target)}`,
      )
    }
    return schema as Record<string, unknown>
  }
  const standard: Model<T>['~standard'] = {
    version: 1,
    vendor: 'session-schemas',
    jsonSchema: { input: jsonSchema, output: jsonSchema },
    // The issues of errors(), capped the same way (`libraryOptions: { maxIssues }`); the `maxIssues`
    // issue that counts the rest has an empty path.
    // One verdict: errors() checks first, so a failure always has issues (a value whose getter changes
    // between reads cannot make it a failure without any).
    validate: (value, options) => {
      const issues = errors(value, { maxIssues: options?.libraryOptions?.maxIssues as number | undefined })
      // errors() is empty exactly when check() held: the value is a T.
      if (issues.length === 0) return { value: value as T }
      return { issues: issues.map((issue) => ({ message: issue.message, path: issuePathSegments(issue) })) }
    },
  }

  return {
    id,
    schema,
    check,
    errors,
    parse,
    safeParse,
    parseJson,
    unknownProperties,
    secrets,
    '~standard': standard,
  }
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

/**
 * Whether no container in `value` is nested more than `limit` levels deep (iterative: any depth is safe). The
 * value itself, if a container, is level 1.
 */
export function nestedWithin(value: unknown, limit: number): boolean {
  if (!isContainer(value)) return true
  if (limit < 1) return false
  // Depth first, one entry per open container: a wide value (an array of 346,000 `{}`) must not queue each of its
  // children at once (that took 38 MB for a 1 MiB record).
  const lists: unknown[][] = [itemsOf(value)]
  const positions: number[] = [0]
  while (lists.length > 0) {
    const top = lists.length - 1
    const items = lists[top]!
    const at = positions[top]!
    if (at === items.length) {
      lists.pop()
      positions.pop()
      continue
    }
    positions[top] = at + 1
    const item = items[at]
    if (!isContainer(item)) continue
    // The item sits one level below the innermost open container, at depth lists.length + 1.
    if (lists.length >= limit) return false
    lists.push(itemsOf(item))
    positions.push(0)
  }
  return true
}

function itemsOf(container: object): unknown[] {
  return Array.isArray(container) ? container : Object.values(container)
}

/** A container being walked: its keys (none for an array), the next index, and its stripped copy. */
interface Frame {
  readonly container: Record<string, unknown>
  readonly keys: readonly string[] | undefined
  readonly known: Set<string> | undefined
  readonly shaped: boolean
  index: number
  copy: Record<string, unknown> | undefined
}

/**
 * Walks a value along the keys some schema described (nothing below an unknown key is visited), depth
 * first with a stack of containers (no recursion), and calls `unknown` for every property that no
 * schema describes in an object that a `properties` schema validated.
 *
 * With `strip`, it also returns the value without those properties. Each container on the way to one
 * is copied once, when the walk first needs it (top-down), so stripping is linear in the value.
 */
function walkUnknown(
  value: unknown,
  annotations: Annotations,
  unknown: (path: readonly PathSegment[], key: string) => void,
  strip = false,
): unknown {
  if (!isContainer(value)) return value
  const path: PathSegment[] = [] // the keys that lead from the root to the top frame
  const frames: Frame[] = []
  // Unknown: not described, in a described object. (Keys of other objects are neither reported nor followed.)
  const isUnknown = (frame: Frame, key: string) => frame.shaped && frame.known?.has(key) !== true
  /** The stripped copy of every frame from the root to the top one, made where missing. */
  const copyFrames = () => {
    let from = frames.length
    while (from > 0 && !frames[from - 1]!.copy) from--
    for (let i = from; i < frames.length; i++) {
      const frame = frames[i]!
      const copy: Record<string, unknown> = frame.keys ? {} : (copyArray(frame.container as never) as never)
      if (frame.keys)
        for (const key of frame.keys) if (!isUnknown(frame, key)) defineValue(copy, key, frame.container[key])
      frame.copy = copy
      if (i > 0) defineValue(frames[i - 1]!.copy!, String(path[i - 1]), copy)
    }
  }
  const enter = (container: object) => {
    const keys = Array.isArray(container) ? undefined : Object.keys(container)
    const frame: Frame = {
      container: container as Record<string, unknown>,
      keys,
      known: annotations.known.get(container),
      shaped: annotations.shaped.has(container),
      index: 0,
      copy: undefined,
    }
    frames.push(frame)
    if (strip && keys?.some((key) => isUnknown(frame, key))) copyFrames()
  }
  enter(value)
  const root = frames[0]!
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!
    const { keys, container } = frame
    if (frame.index >= (keys ? keys.length : (container as unknown as unknown[]).length)) {
      frames.pop()
      path.pop()
      continue
    }
    const index = frame.index++
    const key = keys ? keys[index]! : index
    if (keys && !frame.known?.has(key as string)) {
      if (frame.shaped) unknown(path, key as string)
      continue
    }
    const child = container[key]
    if (!isContainer(child)) continue
    path.push(key)
    enter(child)
  }
  return root.copy ?? value
}

/** Unknown properties with their paths, in the order of the walk (the document's order). */
function findUnknown(value: unknown, annotations: Annotations): UnknownProperty[] {
  const found: UnknownProperty[] = []
  walkUnknown(value, annotations, (path, key) =>
    found.push({ path: `${toPointer(path)}/${escapeToken(key)}`, key }),
  )
  return found
}

/**
 * The secret (\`format: "password"\`) top-level properties of a schema, when those are its only secrets;
 * undefined when a secret sits deeper, where only evaluation can find it.
 */
function secretProperties(schema: JsonSchemaObject): string[] | undefined {
  const properties = (schema.properties ?? {}) as Record<string, { format?: unknown }>
  const keys = Object.keys(properties).filter((key) => properties[key]?.format === 'password')
  const everywhere = JSON.stringify(schema).split('"format":"password"').length - 1
  return everywhere === keys.length ? keys : undefined
}
