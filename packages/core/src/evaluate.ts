/**
 * The explaining evaluator: compiles a JSON Schema (draft 2020-12, the keyword subset below) into a tree
 * of closures once, then validates values against it. It is the slow, thorough path behind `errors()`,
 * drift reports, coercion and the int64/secret annotations; `check()` uses the generated AOT code.
 * It never uses `eval`/`new Function`, so it also runs where code generation is banned.
 */
import { annotationFormats, checkedFormats } from './formats.js'
import type { Issue } from './issue.js'
import { jsonEqual } from './json-equal.js'
import { type PathSegment, toPointer } from './pointer.js'
import { exactInteger, isJsonInteger, isJsonNumber, withinInt64Max } from './runtime.js'
import {
  type JsonSchema,
  type JsonSchemaObject,
  type Located,
  SchemaError,
  SchemaIndex,
} from './schema-index.js'
import { describeValue, likelyCasingMistake, preview } from './wording.js'

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
  /** For every object validated by a schema with `properties`: the keys that schema knows. */
  readonly known: Map<object, Set<string>>
  /** Objects validated by at least one schema with `properties` (documented shapes). */
  readonly shaped: Set<object>
  /** Values carrying an annotation-only format (`int64`, `password`, ...), by path. */
  readonly formats: { path: PathSegment[]; format: string }[]
  /** String scalars that coercion would turn into numbers or booleans, by path. */
  readonly coercions: { path: PathSegment[]; value: unknown }[]
}

interface Context {
  readonly path: PathSegment[]
  /** undefined: stop at the first failure and say nothing. */
  readonly issues: Issue[] | undefined
  readonly annotations: Annotations | undefined
  readonly coerce: boolean
  depth: number
}

type Validate = (value: unknown, ctx: Context) => boolean

export interface EvaluatorOptions {
  /** Schemas that `$ref`s may point to, by `$id` (the root is added automatically). */
  readonly index?: SchemaIndex
  /** Deepest nesting the evaluator follows before it reports `maxDepth` (default 512). */
  readonly maxDepth?: number
}

function newAnnotations(): Annotations {
  return { known: new Map(), shaped: new Set(), formats: [], coercions: [] }
}

function mergeAnnotations(into: Annotations, from: Annotations): void {
  for (const [object, keys] of from.known) {
    const set = into.known.get(object)
    if (set) for (const key of keys) set.add(key)
    else into.known.set(object, new Set(keys))
  }
  for (const object of from.shaped) into.shaped.add(object)
  into.formats.push(...from.formats)
  into.coercions.push(...from.coercions)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function codePointLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
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
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/

/** The value a string-encoded scalar stands for under `types`, or undefined if it does not fit. */
function coerceScalar(types: readonly string[], value: string): unknown {
  if ((types.includes('integer') || types.includes('number')) && NUMERIC.test(value)) {
    if (INTEGER.test(value)) return exactInteger(value)
    const n = Number(value)
    if (types.includes('number') && Number.isFinite(n)) return n
    if (types.includes('integer') && Number.isInteger(n) && Number.isSafeInteger(n)) return n
    return undefined
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true'
  return undefined
}

function compare(a: number | bigint, b: number): number {
  // Mixed bigint/number comparison is exact in JavaScript.
  return a < b ? -1 : a > b ? 1 : 0
}

function isMultipleOf(value: number | bigint, divisor: number): boolean {
  if (typeof value === 'bigint') {
    return Number.isInteger(divisor)
      ? value % BigInt(divisor) === 0n
      : Number.isInteger(Number(value) / divisor)
  }
  const quotient = value / divisor
  if (!Number.isFinite(quotient)) return false
  return Math.abs(quotient - Math.round(quotient)) < 1e-9 * Math.max(1, Math.abs(quotient))
}

function escapeForMessage(key: string): string {
  return JSON.stringify(key)
}

/** Compiles schemas into validators that explain themselves. */
export class Evaluator {
  readonly #index: SchemaIndex
  readonly #maxDepth: number
  readonly #compiled = new Map<object, Validate>()
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

  /** Every issue, each with a JSON Pointer, the keyword and a message. */
  errors(value: unknown): Issue[] {
    const issues: Issue[] = []
    this.#run(value, issues, undefined, false)
    return issues
  }

  /** Validity and the annotations of the subschemas that passed. */
  annotate(value: unknown, options: { coerce?: boolean } = {}): { valid: boolean; annotations: Annotations } {
    const annotations = newAnnotations()
    const valid = this.#run(value, undefined, annotations, options.coerce === true, true)
    return { valid, annotations }
  }

  #run(
    value: unknown,
    issues: Issue[] | undefined,
    annotations: Annotations | undefined,
    coerce: boolean,
    exhaustive = false,
  ): boolean {
    // An exhaustive run (annotations) must not stop early, so it keeps a private issue list.
    const ctx: Context = {
      path: [],
      issues: exhaustive && !issues ? [] : issues,
      annotations,
      coerce,
      depth: 0,
    }
    try {
      return this.#root(value, ctx)
    } catch (error) {
      if (error instanceof SchemaError) throw error
      // Only hostile values get here (a throwing getter, a Proxy, a stack overflow): report, never throw.
      ctx.issues?.push({
        path: toPointer(ctx.path),
        keyword: 'value',
        message: `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      })
      return false
    }
  }

  #compile(located: Located): Validate {
    const { schema } = located
    if (schema === true) return () => true
    if (schema === false) {
      return (_value, ctx) => {
        ctx.issues?.push({ path: toPointer(ctx.path), keyword: 'false', message: 'no value is allowed here' })
        return false
      }
    }
    const cached = this.#compiled.get(schema)
    if (cached) return cached
    // Recursive schemas: register a trampoline before compiling the body.
    let body: Validate = () => true
    const trampoline: Validate = (value, ctx) => body(value, ctx)
    this.#compiled.set(schema, trampoline)
    body = this.#compileObject(schema, located)
    return trampoline
  }

  #sub(parent: Located, schema: unknown, pointer: string): Validate {
    if (typeof schema === 'boolean') return this.#compile({ schema, base: parent.base, location: pointer })
    if (!isPlainObject(schema)) throw new SchemaError(pointer, 'expected a schema (an object or a boolean)')
    const located = this.#index.locate(schema) ?? { schema, base: parent.base, location: pointer }
    return this.#compile(located)
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
    const expected = names.join(' or ')
    const matches = typeTest(names)
    return (value, ctx) => {
      if (matches(value)) return true
      if (ctx.coerce && typeof value === 'string' && ctx.annotations) {
        const coerced = coerceScalar(names, value)
        if (coerced !== undefined) {
          ctx.annotations.coercions.push({ path: [...ctx.path], value: coerced })
          return true
        }
      }
      ctx.issues?.push({
        path: toPointer(ctx.path),
        keyword: 'type',
        message: `expected ${expected}, got ${describeValue(value)}`,
      })
      return false
    }
  }

  #enumKeyword(values: unknown, where: string): Validate {
    if (!Array.isArray(values)) throw new SchemaError(where, '"enum" must be an array', 'enum')
    const list = values
    const allowed = list.map((v) => preview(v)).join(', ')
    return (value, ctx) => {
      for (const candidate of list) if (jsonEqual(candidate, value)) return true
      if (ctx.issues) {
        const lower = typeof value === 'string' ? value.toLowerCase() : undefined
        const near = list.find((c) => typeof c === 'string' && c.toLowerCase() === lower)
        const hint = near !== undefined ? ` (did you mean ${preview(near)}? values are case-sensitive)` : ''
        ctx.issues.push({
          path: toPointer(ctx.path),
          keyword: 'enum',
          message: `must be one of ${allowed}; got ${preview(value)}${hint}`,
        })
      }
      return false
    }
  }

  #constKeyword(expected: unknown): Validate {
    return (value, ctx) => {
      if (jsonEqual(expected, value)) return true
      ctx.issues?.push({
        path: toPointer(ctx.path),
        keyword: 'const',
        message: `must be ${preview(expected)}; got ${preview(value)}`,
      })
      return false
    }
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
    const additionalCheck =
      additional === undefined || additional === true
        ? undefined
        : this.#sub(located, additional, at('additionalProperties'))
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
    const maxDepth = this.#maxDepth

    if (properties || patterns.length > 0 || additionalCheck) {
      const known = new Set(names)
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
          if (inherited[i] ? !Object.hasOwn(value, name) : property === undefined && !(name in value))
            continue
          ctx.path.push(name)
          const ok = propertyChecks[i]!(property, ctx)
          ctx.path.pop()
          if (!ok) {
            valid = false
            if (!ctx.issues) break
          }
        }
        if ((valid || ctx.issues) && (patterns.length > 0 || additionalCheck)) {
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
            if (matched || !additionalCheck) continue
            ctx.path.push(key)
            const ok = additionalCheck(value[key], ctx)
            if (!ok && additional === false && ctx.issues) {
              // `false` already said "no value is allowed here"; say it in terms of the property.
              ctx.issues[ctx.issues.length - 1] = {
                path: toPointer(ctx.path),
                keyword: 'additionalProperties',
                message: `unexpected property ${escapeForMessage(key)}`,
              }
            }
            ctx.path.pop()
            if (!ok) valid = false
            else if (record) keysOf(record, value).add(key)
            if (!valid && !ctx.issues) break
          }
        }
        if (record && valid) {
          if (properties) record.shaped.add(value)
          const set = keysOf(record, value)
          for (const name of names) set.add(name)
          if (patterns.length > 0)
            for (const key of Object.keys(value)) if (patterns.some((p) => p.regex.test(key))) set.add(key)
        }
        ctx.depth--
        return valid
      })
    }
    if (required.length > 0) {
      // Missing properties first: they are usually the reason for everything else.
      checks.unshift((value, ctx) => {
        if (!isPlainObject(value)) return true
        let valid = true
        for (const name of required) {
          if (
            value[name] !== undefined
              ? !(name in Object.prototype) || Object.hasOwn(value, name)
              : hasKey(value, name)
          )
            continue
          valid = false
          if (!ctx.issues) return false
          ctx.path.push(name)
          const casing = likelyCasingMistake(name, Object.keys(value))
          ctx.issues.push({
            path: toPointer(ctx.path),
            keyword: 'required',
            message:
              `missing required property ${escapeForMessage(name)}` +
              (casing ? ` (found ${escapeForMessage(casing)}: a likely casing mistake)` : ''),
          })
          ctx.path.pop()
        }
        return valid
      })
    }
    if ('propertyNames' in schema) {
      const check = this.#sub(located, schema.propertyNames, at('propertyNames'))
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        let valid = true
        for (const key of Object.keys(value)) {
          ctx.path.push(key)
          const before = ctx.issues?.length ?? 0
          if (!check(key, ctx)) {
            valid = false
            if (ctx.issues) {
              ctx.issues.length = before
              ctx.issues.push({
                path: toPointer(ctx.path),
                keyword: 'propertyNames',
                message: `property name ${escapeForMessage(key)} is not allowed`,
              })
            }
          }
          ctx.path.pop()
          if (!valid && !ctx.issues) return false
        }
        return valid
      })
    }
    const minProperties = numberOption(schema, 'minProperties', at)
    const maxProperties = numberOption(schema, 'maxProperties', at)
    if (minProperties !== undefined || maxProperties !== undefined) {
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        const n = Object.keys(value).length
        if (minProperties !== undefined && n < minProperties)
          return fail(ctx, 'minProperties', `must have at least ${minProperties} properties, has ${n}`)
        if (maxProperties !== undefined && n > maxProperties)
          return fail(ctx, 'maxProperties', `must have at most ${maxProperties} properties, has ${n}`)
        return true
      })
    }
    if (isPlainObject(schema.dependentRequired)) {
      const dependencies = Object.entries(schema.dependentRequired) as [string, string[]][]
      checks.push((value, ctx) => {
        if (!isPlainObject(value)) return true
        let valid = true
        for (const [name, needs] of dependencies) {
          if (!hasKey(value, name)) continue
          for (const need of needs) {
            if (hasKey(value, need)) continue
            valid = false
            if (!ctx.issues) return false
            ctx.path.push(need)
            ctx.issues.push({
              path: toPointer(ctx.path),
              keyword: 'dependentRequired',
              message: `missing property ${escapeForMessage(need)}, required when ${escapeForMessage(name)} is present`,
            })
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
      checks.push((value, ctx) => {
        if (!Array.isArray(value)) return true
        if (minItems !== undefined && value.length < minItems)
          return fail(ctx, 'minItems', `must have at least ${minItems} items, has ${value.length}`)
        if (maxItems !== undefined && value.length > maxItems)
          return fail(ctx, 'maxItems', `must have at most ${maxItems} items, has ${value.length}`)
        return true
      })
    }
    if (schema.uniqueItems === true) {
      checks.push((value, ctx) => {
        if (!Array.isArray(value)) return true
        for (let i = 1; i < value.length; i++) {
          for (let j = 0; j < i; j++) {
            if (jsonEqual(value[i], value[j]))
              return fail(ctx, 'uniqueItems', `items ${j} and ${i} are equal; items must be unique`)
          }
        }
        return true
      })
    }
    return checks
  }

  #stringKeywords(schema: JsonSchemaObject, at: (k: string) => string): Validate[] {
    const checks: Validate[] = []
    const minLength = numberOption(schema, 'minLength', at)
    const maxLength = numberOption(schema, 'maxLength', at)
    if (minLength !== undefined || maxLength !== undefined) {
      checks.push((value, ctx) => {
        if (typeof value !== 'string') return true
        const n =
          value.length <= (maxLength ?? Number.POSITIVE_INFINITY) && value.length >= (minLength ?? 0) * 2
            ? -1
            : codePointLength(value)
        if (n === -1) return true
        if (minLength !== undefined && n < minLength)
          return fail(ctx, 'minLength', `must be at least ${minLength} characters long, is ${n}`)
        if (maxLength !== undefined && n > maxLength)
          return fail(ctx, 'maxLength', `must be at most ${maxLength} characters long, is ${n}`)
        return true
      })
    }
    if (typeof schema.pattern === 'string') {
      const source = schema.pattern
      const regex = compilePattern(source, at('pattern'))
      checks.push(
        (value, ctx) =>
          typeof value !== 'string' ||
          regex.test(value) ||
          fail(ctx, 'pattern', `must match the pattern ${JSON.stringify(source)}; got ${preview(value)}`),
      )
    }
    if ('format' in schema) {
      const format = schema.format
      if (typeof format !== 'string')
        throw new SchemaError(at('format'), '"format" must be a string', 'format')
      const checkFormat = checkedFormats[format]
      if (checkFormat) {
        checks.push((value, ctx) => {
          if (typeof value !== 'string' || checkFormat(value)) return true
          return fail(
            ctx,
            'format',
            `must be a valid ${format}${format === 'date-time' ? ' (RFC 3339)' : ''}; got ${preview(value)}`,
          )
        })
      } else if (annotationFormats.includes(format)) {
        checks.push((value, ctx) => {
          ctx.annotations?.formats.push({ path: [...ctx.path], format })
          // An exact (bigint) int64 beyond 2^63 - 1: the schema's maximum, as a double, cannot tell.
          if (format === 'int64' && typeof value === 'bigint' && !withinInt64Max(value)) {
            return fail(ctx, 'maximum', `must be <= 9223372036854775807 (int64); got ${value}`)
          }
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
    const bounds: [string, number, (c: number) => boolean, string][] = []
    const add = (keyword: string, test: (c: number) => boolean, words: string) => {
      const bound = numberOption(schema, keyword, at, true)
      if (bound !== undefined) bounds.push([keyword, bound, test, words])
    }
    add('minimum', (c) => c >= 0, '>=')
    add('maximum', (c) => c <= 0, '<=')
    add('exclusiveMinimum', (c) => c > 0, '>')
    add('exclusiveMaximum', (c) => c < 0, '<')
    const checks: Validate[] = []
    if (bounds.length > 0) {
      checks.push((value, ctx) => {
        if (!isJsonNumber(value)) return true
        for (const [keyword, bound, test, words] of bounds) {
          if (!test(compare(value, bound)))
            return fail(ctx, keyword, `must be ${words} ${exactBound(bound)}; got ${String(value)}`)
        }
        return true
      })
    }
    const multipleOf = numberOption(schema, 'multipleOf', at, true)
    if (multipleOf !== undefined) {
      checks.push(
        (value, ctx) =>
          !isJsonNumber(value) ||
          isMultipleOf(value, multipleOf) ||
          fail(ctx, 'multipleOf', `must be a multiple of ${multipleOf}; got ${String(value)}`),
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
        for (const check of all) {
          if (!check(value, ctx)) {
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
      const alternatives = schema[keyword] as unknown[]
      const names = alternatives.map(describeSchema)
      // Alternatives that each state their own type are a type union ("type": ["array", "null"]).
      const typeUnion = alternatives.every((s) => isPlainObject(s) && 'type' in s)
      checks.push((value, ctx) => this.#someOf(branches, names, value, ctx, keyword === 'oneOf', typeUnion))
    }
    if ('not' in schema) {
      const negated = this.#sub(located, schema.not, at('not'))
      checks.push((value, ctx) => {
        const inner: Context = {
          path: ctx.path,
          issues: undefined,
          annotations: undefined,
          coerce: false,
          depth: ctx.depth,
        }
        return !negated(value, inner) || fail(ctx, 'not', `must not match ${describeSchema(schema.not)}`)
      })
    }
    if ('if' in schema) {
      const test = this.#sub(located, schema.if, at('if'))
      const then = 'then' in schema ? this.#sub(located, schema.then, at('then')) : undefined
      const otherwise = 'else' in schema ? this.#sub(located, schema.else, at('else')) : undefined
      checks.push((value, ctx) => {
        const branch = this.#branch(test, value, ctx, false)
        if (branch.valid && branch.annotations && ctx.annotations)
          mergeAnnotations(ctx.annotations, branch.annotations)
        const next = branch.valid ? then : otherwise
        return next ? next(value, ctx) : true
      })
    }
    return checks
  }

  /** Runs one branch in isolation: its issues and annotations only count if the caller keeps them. */
  #branch(check: Validate, value: unknown, ctx: Context, withIssues: boolean) {
    const issues = withIssues ? ([] as Issue[]) : ctx.annotations ? ([] as Issue[]) : undefined
    const annotations = ctx.annotations ? newAnnotations() : undefined
    const inner: Context = { path: ctx.path, issues, annotations, coerce: ctx.coerce, depth: ctx.depth }
    const valid = check(value, inner)
    return { valid, issues, annotations }
  }

  #someOf(
    branches: Validate[],
    names: string[],
    value: unknown,
    ctx: Context,
    exactlyOne: boolean,
    typeUnion: boolean,
  ): boolean {
    const keyword = exactlyOne ? 'oneOf' : 'anyOf'
    if (!ctx.annotations) {
      // Decide first without collecting anything: explaining is only needed when every branch fails.
      const quiet: Context = {
        path: ctx.path,
        issues: undefined,
        annotations: undefined,
        coerce: false,
        depth: ctx.depth,
      }
      let passes = 0
      for (const branch of branches) {
        if (!branch(value, quiet)) continue
        passes++
        if (!exactlyOne || passes > 1) break
      }
      if (exactlyOne ? passes === 1 : passes > 0) return true
      if (!ctx.issues) return false
    }
    const passed: number[] = []
    const failures: Issue[][] = []
    let kept: Annotations | undefined
    for (let i = 0; i < branches.length; i++) {
      const result = this.#branch(branches[i]!, value, ctx, ctx.issues !== undefined)
      if (result.valid) {
        passed.push(i)
        if (result.annotations) {
          kept ??= newAnnotations()
          mergeAnnotations(kept, result.annotations)
        }
        if (exactlyOne && passed.length > 1 && !ctx.issues && !ctx.annotations) return false
      } else {
        failures.push(result.issues ?? [])
      }
    }
    const valid = exactlyOne ? passed.length === 1 : passed.length > 0
    if (valid) {
      if (kept && ctx.annotations) mergeAnnotations(ctx.annotations, kept)
      return true
    }
    if (!ctx.issues) return false
    if (passed.length > 1) {
      return fail(
        ctx,
        keyword,
        `must match exactly one of ${names.join(', ')}; matches ${passed.map((i) => names[i]).join(' and ')}`,
      )
    }
    // A value of none of the types of a type union reads as one type error.
    const depth = ctx.path.length
    const here = toPointer(ctx.path)
    if (
      typeUnion &&
      failures.every((f) => f.length === 1 && f[0]!.keyword === 'type' && f[0]!.path === here)
    ) {
      const expected = failures
        .map((f) => f[0]!.message.replace(/^expected (.*), got .*$/, '$1'))
        .join(' or ')
      return fail(ctx, 'type', `expected ${expected}, got ${describeValue(value)}`)
    }
    // Alternatives that all fail on the same keyword right here ("ipv4" or "ipv6") read as that keyword.
    const first = failures[0]?.[0]
    if (
      first &&
      first.keyword !== 'type' &&
      failures.every((f) => f.length === 1 && f[0]!.keyword === first.keyword && f[0]!.path === here)
    ) {
      const alternatives = failures.map((f) => f[0]!.message.replace(/; got .*$/, '')).join(', or ')
      return fail(ctx, first.keyword, `${alternatives}; got ${preview(value)}`)
    }
    // Explain the alternative that was most likely meant: the one that got furthest into the value,
    // then the one whose discriminators (const/enum/not) matched, then the one with fewest issues.
    let best: Issue[] | undefined
    let bestScore: [number, number, number] = [-1, 0, 0]
    for (const issues of failures) {
      const score: [number, number, number] = [
        Math.max(-1, ...issues.map((i) => (i.path === '' ? 0 : i.path.split('/').length - 1))),
        -issues.filter((i) => i.keyword === 'const' || i.keyword === 'enum' || i.keyword === 'not').length,
        -issues.length,
      ]
      if (
        !best ||
        score[0] > bestScore[0] ||
        (score[0] === bestScore[0] &&
          (score[1] > bestScore[1] || (score[1] === bestScore[1] && score[2] > bestScore[2])))
      ) {
        best = issues
        bestScore = score
      }
    }
    if (best && bestScore[0] > depth) ctx.issues.push(...best)
    return fail(
      ctx,
      keyword,
      `must be ${exactlyOne ? 'exactly one' : 'one'} of: ${names.join(', ')}; got ${describeValue(value)}`,
    )
  }
}

/**
 * Whether a JSON object has a key. \`in\` is exact (and much faster than \`Object.hasOwn\`) for every name
 * that Object.prototype does not have; for those that it has (\`toString\`, \`__proto__\`, ...) only own
 * keys count.
 */
function hasKey(value: object, name: string): boolean {
  return name in Object.prototype ? Object.hasOwn(value, name) : name in value
}

function keysOf(annotations: Annotations, object: object): Set<string> {
  let set = annotations.known.get(object)
  if (!set) {
    set = new Set()
    annotations.known.set(object, set)
  }
  return set
}

/** A bound as the schema wrote it: ±2^63 are the int64 limits, which a double rounds. */
function exactBound(bound: number): string {
  if (bound === 2 ** 63) return '9223372036854775807'
  if (bound === -(2 ** 63)) return '-9223372036854775808'
  return String(bound)
}

function fail(ctx: Context, keyword: string, message: string): false {
  ctx.issues?.push({ path: toPointer(ctx.path), keyword, message })
  return false
}

function tooDeep(ctx: Context, maxDepth: number): false {
  ctx.depth--
  return fail(ctx, 'maxDepth', `nested deeper than ${maxDepth} levels`)
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
function describeSchema(schema: unknown): string {
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
