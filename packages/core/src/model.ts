/**
 * The validator surface every model exports: `check`, `errors`, `parse`, `parseJson`,
 * `unknownProperties`, `secrets` and Standard Schema's `~standard`.
 */
import { type Annotations, Evaluator } from './evaluate.js'
import { type Issue, issuePathSegments, ValidationError } from './issue.js'
import { bigintsToStrings, type Int64Mode, readJson } from './json.js'
import { fromPointer, type PathSegment, toPointer } from './pointer.js'
import { withoutKeyAt, withValueAt } from './safe-copy.js'
import type { JsonSchemaObject } from './schema-index.js'
import type { StandardJSONSchemaV1, StandardSchemaV1 } from './standard-schema.js'

export interface ParseOptions {
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
  /** Every issue, each with a JSON Pointer, the keyword and a message; `[]` when valid. */
  errors(value: unknown): Issue[]
  /** Returns the value typed, or throws a `ValidationError` with every issue. */
  parse(value: unknown, options?: ParseOptions): T
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
}

/** Builds the validator surface of one model. The explaining evaluator is compiled on first use. */
export function defineModel<T>(definition: ModelDefinition): Model<T> {
  const { id, schema } = definition
  const fastCheck = definition.check
  let compiled: Evaluator | undefined
  const evaluator = () => {
    compiled ??= new Evaluator(schema)
    return compiled
  }

  const check = (value: unknown): value is T => {
    try {
      return fastCheck(value)
    } catch {
      // A hostile value (a throwing getter, a cycle in a recursive shape) is simply not valid.
      return false
    }
  }

  const errors = (value: unknown): Issue[] => {
    const issues = evaluator().errors(value)
    if (issues.length === 0 && !check(value)) {
      // The two validators must agree; if they ever do not, say so rather than pass the value.
      return [
        {
          path: '',
          keyword: 'check',
          message: 'rejected by the compiled check, accepted by the evaluator (please report)',
        },
      ]
    }
    return issues
  }

  const parse = (value: unknown, options: ParseOptions = {}): T => {
    let result = value
    if (options.coerce)
      result = applyCoercions(result, evaluator().annotate(result, { coerce: true }).annotations)
    if (!check(result)) throw new ValidationError(id, errors(result))
    const mode = options.unknownProperties ?? 'keep'
    if (mode !== 'keep') {
      const unknown = unknownProperties(result)
      if (mode === 'reject' && unknown.length > 0) {
        throw new ValidationError(
          id,
          unknown.map((u) => ({
            path: u.path,
            keyword: 'unknownProperties',
            message: `property ${JSON.stringify(u.key)} is not in the schema`,
          })),
        )
      }
      for (const u of unknown.reverse()) result = withoutKeyAt(result, fromPointer(u.path))
    }
    return result as T
  }

  function parseJson(text: string, options: ParseJsonOptions = {}): never {
    const parsed = parse(readJson(text), options)
    return (options.int64 === 'string' ? bigintsToStrings(parsed) : parsed) as never
  }

  const unknownProperties = (value: unknown): UnknownProperty[] => {
    const { annotations } = evaluator().annotate(value)
    const found: UnknownProperty[] = []
    const stack: { value: unknown; path: PathSegment[] }[] = [{ value, path: [] }]
    while (stack.length > 0) {
      const { value: item, path } = stack.pop()!
      if (Array.isArray(item)) {
        for (let i = item.length - 1; i >= 0; i--) stack.push({ value: item[i], path: [...path, i] })
        continue
      }
      if (typeof item !== 'object' || item === null) continue
      const known = annotations.known.get(item)
      const shaped = annotations.shaped.has(item)
      // Only keys some schema described are followed: nothing below an unknown key is evaluated.
      for (const key of Object.keys(item).reverse()) {
        if (known?.has(key))
          stack.push({ value: (item as Record<string, unknown>)[key], path: [...path, key] })
        else if (shaped) found.push({ path: toPointer([...path, key]), key })
      }
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  // Secrets are top-level properties in most schemas: then finding them needs no evaluation.
  const topLevelSecrets = secretProperties(schema)
  const secrets = (value: unknown): string[] =>
    topLevelSecrets
      ? typeof value === 'object' && value !== null && !Array.isArray(value)
        ? topLevelSecrets.filter((key) => Object.hasOwn(value, key)).map((key) => toPointer([key]))
        : []
      : evaluator()
          .annotate(value)
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
    validate: (value) =>
      check(value)
        ? { value }
        : {
            issues: errors(value).map((issue) => ({
              message: issue.message,
              path: issuePathSegments(issue),
            })),
          },
  }

  return { id, schema, check, errors, parse, parseJson, unknownProperties, secrets, '~standard': standard }
}

function applyCoercions(value: unknown, annotations: Annotations): unknown {
  let result = value
  for (const { path, value: coerced } of annotations.coercions) result = withValueAt(result, path, coerced)
  return result
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
