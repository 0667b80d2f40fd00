/**
 * The explaining evaluator: compiles a JSON Schema (draft 2020-12, the keyword subset below) into a tree
 * of closures once, then validates values against it. It is the slow, thorough path behind `errors()`,
 * drift reports, coercion and the int64/secret annotations; `check()` uses the generated AOT code.
 * It never uses `eval`/`new Function`, so it also runs where code generation is banned.
 */
import { annotationFormats, checkedFormats, int64BoundsMaximum } from './formats.js'
import { type Issue, maxIssuesOption } from './issue.js'
import {
  type Alternatives,
  alternatives,
  IssueSink,
  isBudgetSpent,
  reportAlternatives,
} from './issue-sink.js'
import { firstDuplicate, jsonEqual } from './json-equal.js'
import type { IssueParams } from './messages.js'
import { numberFromText } from './number-text.js'
import type { PathSegment } from './pointer.js'
import { isJsonInteger, isJsonNumber, isMultipleOf, withinInt64Max } from './runtime.js'
import {
  type JsonSchema,
  type JsonSchemaObject,
  type Located,
  SchemaError,
  SchemaIndex,
} from './schema-index.js'
import { codePointLength, preview } from './wording.js'

/** The keywords this evaluator (and the code generator) implement; anything else is a SchemaError. */
export const SUPPORTED_KEYWORDS: readonly string[] = Object.freeze([
  // identifiers and annotations
  '$schema',
  '$id',
  '$anchor',
  '$defs',
  '$comment',
  'title',
  'description',
  'examples',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
  // applicators and assertions
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'format',
])
const SUPPORTED = new Set(SUPPORTED_KEYWORDS)
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'

/** Formats that are checked or annotate; any other format is a SchemaError. */
export const SUPPORTED_FORMATS: readonly string[] = Object.freeze([
  ...Object.keys(checkedFormats),
  ...annotationFormats,
])

/** What evaluation learns besides validity; only annotations of passing subschemas are kept. */
export interface Annotations {
  /**
   * For every object validated by a schema with `properties`: the keys that schema knows. A set may be
   * shared by every object one schema validated: read it, do not change it.
   */
  readonly known: Map<object, Set<string>>
  /** Objects validated by at least one schema with `properties` (documented shapes). */
  readonly shaped: Set<object>
  /** Values carrying an annotation-only format (`int64`, `password`, ...), by path. */
  readonly formats: { path: PathSegment[]; format: string }[]
  /** String scalars that coercion would turn into numbers or booleans, by path. */
  readonly coercions: { path: PathSegment[]; value: unknown }[]
}

/** Marks a `shape` entry in the undo log. */
const SHAPED = Symbol('shaped')

/**
 * The key sets of `properties` schemas, made once per schema and shared by every object it validates
 * (no set per object): copied before anything is added to them.
 */
const schemaKeys = new WeakSet<Set<string>>()

function keySet(names: readonly string[]): Set<string> {
  const keys = new Set(names)
  schemaKeys.add(keys)
  return keys
}

interface Mark {
  readonly undo: number
  readonly formats: number
  readonly coercions: number
}

/**
 * Annotations written in place. A branch (anyOf, oneOf, if) opens a mark and, if it fails, takes back
 * what it wrote since: no annotation set is created or copied per branch.
 */
class AnnotationLog implements Annotations {
  readonly known = new Map<object, Set<string>>()
  readonly shaped = new Set<object>()
  readonly formats: { path: PathSegment[]; format: string }[] = []
  readonly coercions: { path: PathSegment[]; value: unknown }[] = []
  /**
   * While a mark is open, (object, what to undo) pairs: a key added to the object's own set, SHAPED,
   * or the set (or undefined) that `known` held for the object before it was replaced.
   */
  readonly #undo: unknown[] = []
  #open = 0

  /** @param keys whether to record `known` and `shaped` (only drift and stripping need them). */
  constructor(readonly keys: boolean) {}

  /** Adds a schema's key set (from `keySet`) to what is known of `object`. */
  knowAll(object: object, keys: Set<string>): void {
    const had = this.known.get(object)
    if (had === keys) return
    if (had === undefined) this.known.set(object, keys)
    else if (schemaKeys.has(had)) this.known.set(object, new Set([...had, ...keys]))
    else {
      for (const key of keys) this.know(object, key)
      return
    }
    if (this.#open > 0) this.#undo.push(object, had)
  }

  /** Adds one key to what is known of `object`. */
  know(object: object, key: string): void {
    const had = this.known.get(object)
    if (had?.has(key)) return
    if (had === undefined || schemaKeys.has(had)) {
      const own = new Set(had)
      own.add(key)
      this.known.set(object, own)
      if (this.#open > 0) this.#undo.push(object, had)
    } else {
      had.add(key)
      if (this.#open > 0) this.#undo.push(object, key)
    }
  }

  shape(object: object): void {
    if (this.shaped.has(object)) return
    this.shaped.add(object)
    if (this.#open > 0) this.#undo.push(object, SHAPED)
  }

  open(): Mark {
    this.#open++
    return { undo: this.#undo.length, formats: this.formats.length, coercions: this.coercions.length }
  }

  /** Keeps what was written since `mark`, or takes it back. */
  close(mark: Mark, keep: boolean): void {
    this.#open--
    if (keep) return
    this.formats.length = mark.formats
    this.coercions.length = mark.coercions
    while (this.#undo.length > mark.undo) {
      const undo = this.#undo.pop()
      const object = this.#undo.pop() as object
      if (undo === SHAPED) this.shaped.delete(object)
      else if (typeof undo === 'string') this.known.get(object)?.delete(undo)
      else if (undo === undefined) this.known.delete(object)
      else this.known.set(object, undo as Set<string>)
    }
  }
}

interface Context {
  readonly path: PathSegment[]
  /** undefined: stop at the first failure and say nothing. */
  readonly issues: IssueSink | undefined
  readonly annotations: AnnotationLog | undefined
  /** Whether a `type` keyword may take a string-encoded scalar (off while alternatives try the value as it is). */
  coerce: boolean
  depth: number
  /** Inside a secret (`format: "password"`) schema: messages name the value's type and size only. */
  secret: boolean
}

type Validate = (value: unknown, ctx: Context) => boolean

export interface EvaluatorOptions {
  /** Schemas that `$ref`s may point to, by `$id` (the root is added automatically). */
  readonly index?: SchemaIndex
  /** Deepest nesting the evaluator follows before it reports `maxDepth` (default 512). */
  readonly maxDepth?: number
}

export interface ErrorsOptions {
  /**
   * How many issues to list (default 100). Beyond it issues are only counted, and the list ends with
   * `{ path: '', keyword: 'maxIssues', message: '<n> more issues not listed' }`. `Infinity` lists all.
   */
  readonly maxIssues?: number
}

/** A context that stops at the first failure and records nothing (a pre-check, `not`, propertyNames). */
function quiet(ctx: Context): Context {
  return {
    path: ctx.path,
    issues: undefined,
    annotations: undefined,
    coerce: false,
    depth: ctx.depth,
    secret: ctx.secret,
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One predicate per JSON type: picked once per schema, not switched on per value. */
const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  string: (value) => typeof value === 'string',
  integer: isJsonInteger,
  number: isJsonNumber,
  boolean: (value) => typeof value === 'boolean',
  null: (value) => value === null,
  array: Array.isArray,
  object: isPlainObject,
}

function typeTest(names: readonly string[]): (value: unknown) => boolean {
  const tests = names.map((name) => TYPE_TESTS[name]!)
  if (tests.length === 1) return tests[0]!
  return (value) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true
    return false
  }
}

const NUMERIC = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/

/**
 * The value a string-encoded scalar stands for under `types`, or undefined if it does not fit. A number's
 * text is read exactly, as JSON text is (`numberFromText`): `"1.0000000000000000001"` and `"1e-400"` are no
 * integers, `"9.223372036854775807e18"` is the int64 maximum, and a text no double can hold exactly is none.
 */
function coerceScalar(types: readonly string[], value: string): unknown {
  if ((types.includes('integer') || types.includes('number')) && NUMERIC.test(value)) {
    let n: number | bigint
    try {
      n = numberFromText(value)
    } catch {
      return undefined
    }
    if (typeof n === 'bigint' || Number.isInteger(n)) return n
    return types.includes('number') ? n : undefined
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true'
  return undefined
}

function compare(a: number | bigint, b: number): number {
  // Mixed bigint/number comparison is exact in JavaScript.
  return a < b ? -1 : a > b ? 1 : 0
}

/** Compiles schemas into validators that explain themselves. */
export class Evaluator {
  readonly #index: SchemaIndex
  readonly #maxDepth: number
  readonly #compiled = new Map<object, Validate>()
  readonly #secrets = new Map<object, boolean>()
  readonly #root: Validate

  constructor(schema: JsonSchema, options: EvaluatorOptions = {}) {
    this.#index = options.index ?? new SchemaIndex()
    this.#maxDepth = options.maxDepth ?? 512
    const located = this.#index.locate(schema) ?? this.#index.add(schema)
    this.#root = this.#compile(located)
  }

  /** True if `value` is valid; stops at the first failure. */
  check(value: unknown): boolean {
    return this.#run(value, undefined, undefined, false)
  }

  /**
   * The issues, each with a JSON Pointer, the keyword and a message: at most `maxIssues` (default 100),
   * then one `maxIssues` issue that counts the rest.
   */
  errors(value: unknown, options: ErrorsOptions = {}): Issue[] {
    const sink = new IssueSink(maxIssuesOption(options.maxIssues))
    this.#run(value, sink, undefined, false)
    return sink.result()
  }

  /**
   * Validity and the annotations of the subschemas that passed. `keys: false` leaves `known` and
   * `shaped` empty (they cost a map entry per object), for callers that only need formats or coercions.
   */
  annotate(
    value: unknown,
    options: { coerce?: boolean; keys?: boolean } = {},
  ): { valid: boolean; annotations: Annotations } {
    const annotations = new AnnotationLog(options.keys !== false)
    // A sink that lists nothing keeps the run going past failures, so every part gets annotated.
    const valid = this.#run(value, new IssueSink(0), annotations, options.coerce === true)
    return { valid, annotations }
  }

  #run(
    value: unknown,
    issues: IssueSink | undefined,
    annotations: AnnotationLog | undefined,
    coerce: boolean,
  ): boolean {
    const ctx: Context = { path: [], issues, annotations, coerce, depth: 0, secret: false }
    try {
      return this.#root(value, ctx)
    } catch (error) {
      // (Asked safely: what a getter throws may be a Proxy whose traps throw when `instanceof` asks.)
      if (isSchemaError(error)) throw error
      // A value nested past the depth limit in too many places (a cycle): invalid, and the sink says so.
      if (isBudgetSpent(error)) return false
      // Only hostile values get here (a throwing getter, a Proxy): report, never throw.
      return fail(ctx, 'value', { kind: 'unreadable', reason: unreadableReason(error) })
    }
  }

  #compile(located: Located): Validate {
    const { schema } = located
    if (schema === true) return () => true
    if (schema === false) return (value, ctx) => fail(ctx, 'false', NOTHING_ALLOWED, value)
    const cached = this.#compiled.get(schema)
    if (cached) return cached
    // Recursive schemas: register a trampoline before compiling the body.
    let body: Validate = () => true
    const trampoline: Validate = (value, ctx) => body(value, ctx)
    this.#compiled.set(schema, trampoline)
    body = this.#compileObject(schema, located)
    if (this.#isSecret(located)) body = secretScope(body)
    return trampoline
  }

  /** Where a subschema sits: indexed, or under its parent's base URI. */
  #locate(parent: Located, schema: unknown, pointer: string): Located {
    if (typeof schema === 'boolean') return { schema, base: parent.base, location: pointer }
    if (!isPlainObject(schema)) throw new SchemaError(pointer, 'expected a schema (an object or a boolean)')
    return this.#index.locate(schema) ?? { schema, base: parent.base, location: pointer }
  }

  #sub(parent: Located, schema: unknown, pointer: string): Validate {
    return this.#compile(this.#locate(parent, schema, pointer))
  }

  /**
   * Whether a value this schema validates is a secret: the schema says `format: "password"`, or leads
   * to one that does through an applicator on the same value ($ref, allOf, anyOf, oneOf, not, if/then/else).
   */
  #isSecret(located: Located): boolean {
    const { schema } = located
    if (!isPlainObject(schema)) return false
    const known = this.#secrets.get(schema)
    if (known !== undefined) return known
    this.#secrets.set(schema, false) // a $ref cycle back to this schema adds nothing
    const at = (keyword: string) => `${located.location}/${keyword}`
    const parts: Located[] = []
    if (typeof schema.$ref === 'string')
      parts.push(this.#index.resolve(schema.$ref, located.base, at('$ref')))
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const list = schema[keyword]
      if (Array.isArray(list))
        for (let i = 0; i < list.length; i++)
          parts.push(this.#locate(located, list[i], `${at(keyword)}/${i}`))
    }
    for (const keyword of ['not', 'if', 'then', 'else'])
      if (keyword in schema) parts.push(this.#locate(located, schema[keyword], at(keyword)))
    const secret = schema.format === 'password' || parts.some((part) => this.#isSecret(part))
    this.#secrets.set(schema, secret)
    return secret
  }

  #compileObject(schema: JsonSchemaObject, located: Located): Validate {
    const at = (keyword: string) => `${located.location}/${keyword}`
    for (const keyword of Object.keys(schema)) {
      if (!SUPPORTED.has(keyword))
        throw new SchemaError(at(keyword), `unsupported keyword "${keyword}"`, keyword)
    }
    if ('$schema' in schema && schema.$schema !== DRAFT_2020_12) {
      throw new SchemaError(
        at('$schema'),
        `unsupported $schema ${JSON.stringify(schema.$schema)} (only ${DRAFT_2020_12})`,
        '$schema',
      )
    }
    const checks: Validate[] = []
    const typeCheck = this.#typeKeyword(schema, at('type'))
    if (typeCheck) checks.push(typeCheck)
    if ('$ref' in schema) {
      if (typeof schema.$ref !== 'string') throw new SchemaError(at('$ref'), '$ref must be a string', '$ref')
      // Compiled eagerly (recursion ends at the trampoline), so a broken $ref fails here, with its location.
      checks.push(this.#compile(this.#index.resolve(schema.$ref, located.base, at('$ref'))))
    }
    if ('enum' in schema) checks.push(this.#enumKeyword(schema.enum, at('enum')))
    if ('const' in schema) checks.push(this.#constKeyword(schema.const))
    checks.push(...this.#objectKeywords(schema, located, at))
    checks.push(...this.#arrayKeywords(schema, located, at))
    checks.push(...this.#stringKeywords(schema, at))
    checks.push(...this.#numberKeywords(schema, at))
    checks.push(...this.#applicators(schema, located, at))
    if (checks.length === 0) return () => true
    if (checks.length === 1) return checks[0]!
    return (value, ctx) => {
      let valid = true
      for (let i = 0; i < checks.length; i++) {
        if (!checks[i]!(value, ctx)) {
          valid = false
          if (ctx.issues === undefined) return false
        }
      }
      return valid
    }
  }

  #typeKeyword(schema: JsonSchemaObject, where: string): Validate | undefined {
    if (!('type' in schema)) return undefined
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || !matchesTypeName(t))) {
      throw new SchemaError(where, `"type" must be a type name or an array of them`, 'type')
    }
    const names = types as string[]
    const matches = typeTest(names)
    const message: IssueParams = { kind: 'type', types: names }
    return (value, ctx) => {
      if (matches(value)) return true
      if (ctx.coerce && typeof value === 'string' && ctx.annotations) {
        const coerced = coerceScalar(names, value)
        if (coerced !== undefined) {
          ctx.annotations.coercions.push({ path: [...ctx.path], value: coerced })
          return true
        }
      }
      return fail(ctx, 'type', message, value)
    }
  }

  #enumKeyword(values: unknown, where: string): Validate {
    if (!Array.isArray(values)) throw new SchemaError(where, '"enum" must be an array', 'enum')
    const list = values
    const message: IssueParams = { kind: 'enum', allowed: list }
    return (value, ctx) => {
      for (let i = 0; i < list.length; i++) if (jsonEqual(list[i], value)) return true
      return fail(ctx, 'enum', message, value)
    }
  }

  #constKeyword(expected: unknown): Validate {
    const message: IssueParams = { kind: 'const', expected }
    return (value, ctx) => jsonEqual(expected, value) || fail(ctx, 'const', message, value)
  }

  #objectKeywords(schema: JsonSchemaObject, located: Located, at: (k: string) => string): Validate[] {
    const checks: Validate[] = []
    const properties = isPlainObject(schema.properties) ? schema.properties : undefined
    const names = properties ? Object.keys(properties) : []
    const propertyChecks = names.map((name) =>
      this.#sub(located, properties![name], `${at('properties')}/${name}`),
    )
    const patterns = isPlainObject(schema.patternProperties)
      ? Object.entries(schema.patternProperties).map(([source, sub]) => ({
          regex: compilePattern(source, `${at('patternProperties')}/${source}`),
          check: this.#sub(located, sub, `${at('patternProperties')}/${source}`),
        }))
      : []
    const additional = 'additionalProperties' in schema ? schema.additionalProperties : undefined
    const forbidsOthers = additional === false
    const additionalCheck =
      additional === undefined || typeof additional === 'boolean'
        ? undefined
        : this.#sub(located, additional, at('additionalProperties'))
    const walksKeys = patterns.length > 0 || additionalCheck !== undefined || forbidsOthers
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
    const maxDepth = this.#maxDepth
    const unexpected: IssueParams = { kind: 'additionalProperties' }

    if (properties || walksKeys) {
      const known = keySet(names)
      // Names Object.prototype also has (toString, __proto__, ...) must be own keys to count.
      const inherited = names.map((name) => name in Object.prototype)
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        if (++ctx.depth > maxDepth) return tooDeep(ctx, maxDepth)
        let valid = true
        const record = ctx.annotations
        for (let i = 0; i < names.length; i++) {
          const name = names[i]!
          const property = value[name]
          // A property whose value is undefined is absent (ajv's rule; JSON.stringify drops it too).
          if (property === undefined || (inherited[i] && !Object.hasOwn(value, name))) continue
          ctx.path.push(name)
          const ok = propertyChecks[i]!(property, ctx)
          ctx.path.pop()
          if (!ok) {
            valid = false
            if (!ctx.issues) break
          }
        }
        if ((valid || ctx.issues) && walksKeys) {
          for (const key of Object.keys(value)) {
            let matched = known.has(key)
            for (const pattern of patterns) {
              if (!pattern.regex.test(key)) continue
              matched = true
              ctx.path.push(key)
              const ok = pattern.check(value[key], ctx)
              ctx.path.pop()
              if (!ok) valid = false
            }
            if (!matched && (additionalCheck || forbidsOthers)) {
              ctx.path.push(key)
              const ok = additionalCheck
                ? additionalCheck(value[key], ctx)
                : fail(ctx, 'additionalProperties', unexpected, key)
              ctx.path.pop()
              if (!ok) valid = false
              else if (record?.keys) record.know(value, key)
            }
            if (!valid && !ctx.issues) break
          }
        }
        if (record?.keys && valid) {
          if (properties) record.shape(value)
          if (names.length > 0) record.knowAll(value, known)
          if (patterns.length > 0)
            for (const key of Object.keys(value))
              if (patterns.some((p) => p.regex.test(key))) record.know(value, key)
        }
        ctx.depth--
        return valid
      })
    }
    if (required.length > 0) {
      const inherited = required.map((name) => name in Object.prototype)
      const messages = required.map((property): IssueParams => ({ kind: 'required', property }))
      // Missing properties first: they are usually the reason for everything else.
      checks.unshift((value, ctx) => {
        if (!isPlainObject(value)) return true
        let valid = true
        for (let i = 0; i < required.length; i++) {
          const name = required[i]!
          // Present means defined: a property whose value is undefined is missing (ajv's rule).
          if (value[name] !== undefined && (!inherited[i] || Object.hasOwn(value, name))) continue
          valid = false
          if (!ctx.issues) return false
          ctx.path.push(name)
          fail(ctx, 'required', messages[i]!, value)
          ctx.path.pop()
        }
        return valid
      })
    }
    if ('propertyNames' in schema) {
      const check = this.#sub(located, schema.propertyNames, at('propertyNames'))
      const notAllowed: IssueParams = { kind: 'propertyNames' }
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        let valid = true
        const names = quiet(ctx)
        for (const key of Object.keys(value)) {
          if (check(key, names)) continue
          valid = false
          if (!ctx.issues) return false
          ctx.path.push(key)
          fail(ctx, 'propertyNames', notAllowed, key)
          ctx.path.pop()
        }
        return valid
      })
    }
    const minProperties = numberOption(schema, 'minProperties', at)
    const maxProperties = numberOption(schema, 'maxProperties', at)
    if (minProperties !== undefined || maxProperties !== undefined) {
      const count = (value: unknown) => Object.keys(value as object).length
      const tooFew = size('at least', minProperties, 'properties')
      const tooMany = size('at most', maxProperties, 'properties')
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        const n = count(value)
        if (minProperties !== undefined && n < minProperties) return fail(ctx, 'minProperties', tooFew, value)
        if (maxProperties !== undefined && n > maxProperties)
          return fail(ctx, 'maxProperties', tooMany, value)
        return true
      })
    }
    if (isPlainObject(schema.dependentRequired)) {
      const dependencies = Object.entries(schema.dependentRequired).map(([name, needs]) => ({
        name,
        needs: needs as string[],
        messages: (needs as string[]).map(
          (need): IssueParams => ({ kind: 'dependentRequired', property: need, when: name }),
        ),
      }))
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        let valid = true
        for (const { name, needs, messages } of dependencies) {
          if (!isPresent(value, name)) continue
          for (let i = 0; i < needs.length; i++) {
            if (isPresent(value, needs[i]!)) continue
            valid = false
            if (!ctx.issues) return false
            ctx.path.push(needs[i]!)
            fail(ctx, 'dependentRequired', messages[i]!, value)
            ctx.path.pop()
          }
        }
        return valid
      })
    }
    return checks
  }

  #arrayKeywords(schema: JsonSchemaObject, located: Located, at: (k: string) => string): Validate[] {
    const checks: Validate[] = []
    const prefix = Array.isArray(schema.prefixItems)
      ? schema.prefixItems.map((s, i) => this.#sub(located, s, `${at('prefixItems')}/${i}`))
      : []
    const items = 'items' in schema ? this.#sub(located, schema.items, at('items')) : undefined
    const maxDepth = this.#maxDepth
    if (prefix.length > 0 || items) {
      checks.push((value, ctx) => {
        if (!Array.isArray(value)) return true
        if (++ctx.depth > maxDepth) return tooDeep(ctx, maxDepth)
        let valid = true
        // Every index up to the length: a hole or an undefined item is checked as undefined (ajv's rule).
        for (let i = 0; i < value.length; i++) {
          const check = i < prefix.length ? prefix[i] : items
          if (!check) break
          ctx.path.push(i)
          const ok = check(value[i], ctx)
          ctx.path.pop()
          if (!ok) {
            valid = false
            if (!ctx.issues) break
          }
        }
        ctx.depth--
        return valid
      })
    }
    const minItems = numberOption(schema, 'minItems', at)
    const maxItems = numberOption(schema, 'maxItems', at)
    if (minItems !== undefined || maxItems !== undefined) {
      const tooFew = size('at least', minItems, 'items')
      const tooMany = size('at most', maxItems, 'items')
      checks.push((value, ctx) => {
        if (!Array.isArray(value)) return true
        if (minItems !== undefined && value.length < minItems) return fail(ctx, 'minItems', tooFew, value)
        if (maxItems !== undefined && value.length > maxItems) return fail(ctx, 'maxItems', tooMany, value)
        return true
      })
    }
    if (schema.uniqueItems === true) {
      const message: IssueParams = { kind: 'uniqueItems' }
      checks.push(
        (value, ctx) =>
          !Array.isArray(value) ||
          firstDuplicate(value) === undefined ||
          fail(ctx, 'uniqueItems', message, value),
      )
    }
    return checks
  }

  #stringKeywords(schema: JsonSchemaObject, at: (k: string) => string): Validate[] {
    const checks: Validate[] = []
    const minLength = numberOption(schema, 'minLength', at)
    const maxLength = numberOption(schema, 'maxLength', at)
    if (minLength !== undefined || maxLength !== undefined) {
      const tooShort = size('at least', minLength, 'characters')
      const tooLong = size('at most', maxLength, 'characters')
      checks.push((value, ctx) => {
        if (typeof value !== 'string') return true
        // Code units bound code points from above, and twice the code points from below.
        if (value.length <= (maxLength ?? Number.POSITIVE_INFINITY) && value.length >= (minLength ?? 0) * 2)
          return true
        const n = codePointLength(value)
        if (minLength !== undefined && n < minLength) return fail(ctx, 'minLength', tooShort, value)
        if (maxLength !== undefined && n > maxLength) return fail(ctx, 'maxLength', tooLong, value)
        return true
      })
    }
    if (typeof schema.pattern === 'string') {
      const source = schema.pattern
      const regex = compilePattern(source, at('pattern'))
      const message: IssueParams = { kind: 'pattern', pattern: source }
      checks.push(
        (value, ctx) =>
          typeof value !== 'string' || regex.test(value) || fail(ctx, 'pattern', message, value),
      )
    }
    if ('format' in schema) {
      const format = schema.format
      if (typeof format !== 'string')
        throw new SchemaError(at('format'), '"format" must be a string', 'format')
      const checkFormat = checkedFormats[format]
      if (checkFormat) {
        const message: IssueParams = { kind: 'format', format }
        checks.push(
          (value, ctx) =>
            typeof value !== 'string' || checkFormat(value) || fail(ctx, 'format', message, value),
        )
      } else if (annotationFormats.includes(format)) {
        const beyondInt64: IssueParams = { kind: 'int64' }
        checks.push((value, ctx) => {
          ctx.annotations?.formats.push({ path: [...ctx.path], format })
          // An int64 beyond 2^63 - 1 (an exact bigint, or the double 2^63): the schema's maximum, read as
          // the double 2^63, cannot tell.
          if (
            format === 'int64' &&
            (typeof value === 'bigint' || typeof value === 'number') &&
            !withinInt64Max(value)
          )
            return fail(ctx, 'maximum', beyondInt64, value)
          return true
        })
      } else {
        throw new SchemaError(
          at('format'),
          `unsupported format "${format}" (supported: ${SUPPORTED_FORMATS.join(', ')})`,
          'format',
        )
      }
    }
    return checks
  }

  #numberKeywords(schema: JsonSchemaObject, at: (k: string) => string): Validate[] {
    const bounds: { keyword: string; bound: number; test: (c: number) => boolean; message: IssueParams }[] =
      []
    const add = (keyword: string, test: (c: number) => boolean, operator: '>=' | '<=' | '>' | '<') => {
      const bound = numberOption(schema, keyword, at, true)
      if (bound === undefined) return
      bounds.push({ keyword, bound, test, message: { kind: 'bound', operator, limit: bound } })
    }
    add('minimum', (c) => c >= 0, '>=')
    if (!int64BoundsMaximum(schema)) add('maximum', (c) => c <= 0, '<=')
    add('exclusiveMinimum', (c) => c > 0, '>')
    add('exclusiveMaximum', (c) => c < 0, '<')
    const checks: Validate[] = []
    if (bounds.length > 0) {
      checks.push((value, ctx) => {
        if (!isJsonNumber(value)) return true
        for (const { keyword, bound, test, message } of bounds)
          if (!test(compare(value, bound))) return fail(ctx, keyword, message, value)
        return true
      })
    }
    const multipleOf = numberOption(schema, 'multipleOf', at, true)
    if (multipleOf !== undefined) {
      const message: IssueParams = { kind: 'multipleOf', divisor: multipleOf }
      checks.push(
        (value, ctx) =>
          !isJsonNumber(value) || isMultipleOf(value, multipleOf) || fail(ctx, 'multipleOf', message, value),
      )
    }
    return checks
  }

  #applicators(schema: JsonSchemaObject, located: Located, at: (k: string) => string): Validate[] {
    const checks: Validate[] = []
    const list = (keyword: string): Validate[] => {
      const value = schema[keyword]
      if (!Array.isArray(value) || value.length === 0)
        throw new SchemaError(at(keyword), `"${keyword}" must be a non-empty array`, keyword)
      return value.map((s, i) => this.#sub(located, s, `${at(keyword)}/${i}`))
    }
    if ('allOf' in schema) {
      const all = list('allOf')
      checks.push((value, ctx) => {
        let valid = true
        for (let i = 0; i < all.length; i++) {
          if (!all[i]!(value, ctx)) {
            valid = false
            if (!ctx.issues) return false
          }
        }
        return valid
      })
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      if (!(keyword in schema)) continue
      const branches = list(keyword)
      const subschemas = schema[keyword] as unknown[]
      const described = alternatives(
        keyword,
        subschemas.map(describeSchema),
        // Alternatives that each state their own type are a type union ("type": ["array", "null"]).
        subschemas.every((s) => isPlainObject(s) && 'type' in s),
      )
      checks.push((value, ctx) => this.#someOf(described, branches, value, ctx))
    }
    if ('not' in schema) {
      const negated = this.#sub(located, schema.not, at('not'))
      const message: IssueParams = { kind: 'not', name: describeSchema(schema.not) }
      checks.push((value, ctx) => !negated(value, quiet(ctx)) || fail(ctx, 'not', message, value))
    }
    if ('if' in schema) {
      const test = this.#sub(located, schema.if, at('if'))
      const then = 'then' in schema ? this.#sub(located, schema.then, at('then')) : undefined
      const otherwise = 'else' in schema ? this.#sub(located, schema.else, at('else')) : undefined
      const conditional = (value: unknown, ctx: Context) => {
        const next = this.#branch(test, value, ctx, undefined) ? then : otherwise
        return next ? next(value, ctx) : true
      }
      // Coercing cannot change which branch the `if` picks for a value that one already takes.
      checks.push((value, ctx) => asItIsFirst(ctx, () => conditional(value, ctx)))
    }
    return checks
  }

  /**
   * Runs one branch on its own: with `issues` (or quietly), and with the caller's annotations, which it
   * keeps only if it passes.
   */
  #branch(check: Validate, value: unknown, ctx: Context, issues: IssueSink | undefined): boolean {
    const { annotations } = ctx
    const inner: Context = {
      path: ctx.path,
      issues,
      annotations,
      coerce: ctx.coerce,
      depth: ctx.depth,
      secret: ctx.secret,
    }
    const mark = annotations?.open()
    const valid = check(value, inner)
    if (mark) annotations!.close(mark, valid)
    return valid
  }

  #someOf(alternatives: Alternatives, branches: readonly Validate[], value: unknown, ctx: Context): boolean {
    const { keyword } = alternatives
    const exactlyOne = keyword === 'oneOf'
    const { annotations } = ctx
    if (annotations) {
      // Annotating: every branch runs, and keeps its annotations if it passes (and if the whole passes).
      const annotate = () => {
        const start = annotations.open()
        let passes = 0
        for (let i = 0; i < branches.length; i++)
          if (this.#branch(branches[i]!, value, ctx, undefined)) passes++
        const valid = exactlyOne ? passes === 1 : passes > 0
        annotations.close(start, valid)
        return valid
      }
      // A string that the string branch accepts is not turned into a number by the integer branch.
      return asItIsFirst(ctx, annotate) || fail(ctx, keyword, alternatives.params, value)
    }
    // Decide first without collecting anything: explaining is only needed when every branch fails.
    const decide = quiet(ctx)
    let passes = 0
    for (let i = 0; i < branches.length; i++) {
      if (!branches[i]!(value, decide)) continue
      passes++
      if (!exactlyOne || passes > 1) break
    }
    if (exactlyOne ? passes === 1 : passes > 0) return true
    const sink = ctx.issues
    if (!sink) return false
    // Explain: every branch again, each with a sink of its own (as much room as is left here).
    const passed: number[] = []
    const failures: IssueSink[] = []
    for (let i = 0; i < branches.length; i++) {
      const own = sink.branch()
      if (this.#branch(branches[i]!, value, ctx, own)) passed.push(i)
      else failures.push(own)
    }
    reportAlternatives(sink, ctx.path, ctx.path.length, alternatives, value, ctx.secret, passed, failures)
    return false
  }
}

/**
 * Applicators that choose among subschemas (anyOf, oneOf, if) when coercing: `decide` runs on the value as
 * it is first (its annotations kept only if it passes), and with coercion only if that fails, so that a
 * value one branch already takes is never coerced into another's shape.
 */
function asItIsFirst(ctx: Context, decide: () => boolean): boolean {
  const { annotations } = ctx
  if (ctx.coerce && annotations) {
    const start = annotations.open()
    ctx.coerce = false
    let valid = false
    try {
      valid = decide()
    } finally {
      ctx.coerce = true
      annotations.close(start, valid)
    }
    if (valid) return true
  }
  return decide()
}

/** Evaluates a secret schema with messages that name the value's type and size, never the value. */
function secretScope(validate: Validate): Validate {
  return (value, ctx) => {
    if (ctx.secret) return validate(value, ctx)
    ctx.secret = true
    const valid = validate(value, ctx)
    ctx.secret = false
    return valid
  }
}

/**
 * Whether an object has a property, as ajv decides it: its value is not undefined, and for names that
 * Object.prototype also has (`toString`, `__proto__`, ...) it is an own key.
 */
function isPresent(value: Record<string, unknown>, name: string): boolean {
  return value[name] !== undefined && (!(name in Object.prototype) || Object.hasOwn(value, name))
}

/** Records an issue at the current path (its message is built only if it is listed). */
function fail(ctx: Context, keyword: string, params: IssueParams, value?: unknown): false {
  ctx.issues?.add(ctx.path, ctx.path.length, keyword, params, value, ctx.secret)
  return false
}

const NOTHING_ALLOWED: IssueParams = { kind: 'false' }

function size(
  bound: 'at least' | 'at most',
  limit: number | undefined,
  unit: 'properties' | 'items' | 'characters',
): IssueParams {
  return { kind: 'size', bound, limit: limit ?? 0, unit }
}

function tooDeep(ctx: Context, maxDepth: number): false {
  ctx.depth--
  return fail(ctx, 'maxDepth', { kind: 'maxDepth', maxDepth })
}

function matchesTypeName(type: string): boolean {
  return Object.hasOwn(TYPE_TESTS, type)
}

function numberOption(
  schema: JsonSchemaObject,
  keyword: string,
  at: (k: string) => string,
  allowFraction = false,
) {
  if (!(keyword in schema)) return undefined
  const value = schema[keyword]
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (!allowFraction && (!Number.isInteger(value) || value < 0))
  ) {
    throw new SchemaError(
      at(keyword),
      `"${keyword}" must be a ${allowFraction ? 'number' : 'non-negative integer'}`,
      keyword,
    )
  }
  return value
}

function compilePattern(source: string, where: string): RegExp {
  try {
    return new RegExp(source, 'u')
  } catch (error) {
    throw new SchemaError(where, `invalid regular expression: ${(error as Error).message}`, 'pattern')
  }
}

/** A short name for a subschema, used in anyOf/oneOf messages. */
export function describeSchema(schema: unknown): string {
  if (schema === true) return 'anything'
  if (schema === false) return 'nothing'
  if (!isPlainObject(schema)) return 'a schema'
  if (typeof schema.title === 'string') return schema.title
  if (typeof schema.$ref === 'string') return schema.$ref.replace(/^.*[/#]/, '') || schema.$ref
  if ('const' in schema) return preview(schema.const)
  if (typeof schema.type === 'string') return schema.type
  if (Array.isArray(schema.type)) return schema.type.join(' or ')
  return 'a schema'
}

/**
 * Why a value could not be read, without the text of what was thrown: a getter's or a Proxy's error is
 * the caller's text, not ours to repeat (it may hold anything), and turning it into a string may itself
 * throw (an object without a prototype, a throwing \`toString\`).
 */
function unreadableReason(error: unknown): string {
  try {
    if (error instanceof RangeError && /call stack/i.test(String(error.message)))
      return 'the call stack ran out (the value is nested too deeply for the stack left)'
  } catch {
    // A Proxy as the error, whose traps throw: the general reason below.
  }
  return 'a getter or a Proxy threw while it was read (not a JSON value)'
}

function isSchemaError(thrown: unknown): thrown is SchemaError {
  try {
    return thrown instanceof SchemaError
  } catch {
    return false
  }
}
