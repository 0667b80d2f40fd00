/**
 * Writes one `typebox-0.34/<model>.gen.ts`: the model as `@sinclair/typebox` 0.34 builder calls
 * (`Type.Object`, `Type.String`, ...), for users of 0.34, which cannot use plain JSON Schema values.
 *
 * Input is the bundled schema (references under `$defs`). Each definition becomes a module-local
 * constant, referenced by name, so every value is a plain 0.34 type that `Type.Pick`/`Type.Omit`/
 * `Type.Partial` understand. A cycle of references becomes one `Type.Recursive`, entered at the
 * definition that starts it, with the other members of the cycle written inline.
 * Any keyword or combination this file does not know is a GenerationError, never a silent loss.
 */
import type { JsonSchema, JsonSchemaObject } from '@session-schemas/core'
import { banner } from './emit-module.js'
import { GenerationError } from './errors.js'

/**
 * A schema that 0.34 cannot express (a keyword it has no type for, such as `patternProperties`): the model
 * gets no 0.34 module. Not silent: the conformance test requires a 0.34 type for every model.
 */
export class NotExpressibleIn034 extends GenerationError {}

export interface TypeBox034Parts {
  readonly modelId: string
  /** The schema file, for the banner and for errors. */
  readonly file: string
  /** TypeScript name of the model, e.g. `IamSession`. */
  readonly name: string
  /** The bundled schema (see bundle.ts). */
  readonly schema: JsonSchemaObject
}

/** Carried as options: 0.34 keeps them in the emitted JSON Schema and never checks them. */
const ANNOTATIONS = [
  'title',
  'description',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  'default',
  'examples',
]
/** Checked by the 0.34 builder of the type they belong to, passed as its options. */
const CONSTRAINTS: Readonly<Record<string, readonly string[]>> = {
  string: ['format', 'pattern', 'minLength', 'maxLength'],
  integer: ['format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  number: ['format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
  boolean: [],
  null: [],
}
/** Keywords of a root only: `$defs` became constants; `$id`/`$schema` would change how 0.34 resolves a composed schema. */
const ROOT_ONLY = new Set(['$schema', '$id', '$defs'])
const KNOWN = new Set([
  ...ANNOTATIONS,
  ...Object.values(CONSTRAINTS).flat(),
  ...ROOT_ONLY,
  'type',
  '$ref',
  'const',
  'enum',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
])
/**
 * The key pattern of a `Type.Record` with any string key. 0.34's default (`^(.*)$`) does not match a
 * key containing a line break, and would leave such a property unchecked.
 */
const ANY_KEY = '^[\\s\\S]*$'
/** Names the generated module itself uses, which a definition must not shadow. */
const RESERVED = new Set(['Type', 'Static', 'registerFormats', 'Self'])

interface Context {
  /** The node (`#` or a definition name) whose constant is being written. */
  readonly entry: string
  /** The cycle members inlined on the way here (a reference back to one of them is not supported). */
  readonly inlined: readonly string[]
  /** JSON Pointer of the schema being written, for errors. */
  readonly pointer: string
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function emitTypeBox034(parts: TypeBox034Parts): string {
  const { modelId, file, name, schema } = parts
  const defs = (isObject(schema.$defs) ? schema.$defs : {}) as Record<string, JsonSchema>
  const fail = (pointer: string, reason: string): never => {
    throw new GenerationError(file, pointer, `typebox 0.34: ${reason}`)
  }
  for (const def of Object.keys(defs))
    if (RESERVED.has(def) || def === name) fail(`/$defs/${def}`, `a definition may not be named ${def}`)

  // The reference graph: `#` is the root, every other node a definition.
  const schemaOf = (node: string): JsonSchema => (node === '#' ? schema : defs[node]!)
  const targetOf = (ref: string, pointer: string): string => {
    if (ref === '#') return '#'
    const def = ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined
    return def !== undefined && def in defs ? def : fail(pointer, `unsupported $ref ${JSON.stringify(ref)}`)
  }
  const refsOf = (node: string): Set<string> => {
    const found = new Set<string>()
    const walk = (value: unknown, pointer: string) => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${pointer}/${i}`)
      } else if (isObject(value))
        for (const [key, v] of Object.entries(value)) {
          if (key === '$ref' && typeof v === 'string') found.add(targetOf(v, pointer))
          else if (key !== '$defs' && key !== 'const' && key !== 'enum' && !ANNOTATIONS.includes(key))
            walk(v, `${pointer}/${key}`)
        }
    }
    walk(schemaOf(node), node === '#' ? '' : `/$defs/${node}`)
    return found
  }
  const nodes = ['#', ...Object.keys(defs)]
  const edges = new Map(nodes.map((node) => [node, refsOf(node)]))
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>()
    const pending = [...edges.get(from)!]
    while (pending.length > 0) {
      const next = pending.pop()!
      if (next === to) return true
      if (seen.has(next)) continue
      seen.add(next)
      pending.push(...edges.get(next)!)
    }
    return false
  }
  const constantOf = (node: string) => (node === '#' ? name : node)

  const build = (s: JsonSchema, ctx: Context): string => {
    if (s === true) return 'Type.Unknown()'
    if (s === false) return 'Type.Never()'
    const at = ctx.pointer
    for (const key of Object.keys(s))
      if (!KNOWN.has(key))
        throw new NotExpressibleIn034(file, at, `typebox 0.34: keyword ${key} is not supported`)
    const annotations = pick(s, ANNOTATIONS)
    const validating = Object.keys(s).filter((k) => !ANNOTATIONS.includes(k) && !ROOT_ONLY.has(k))
    const without = (...keys: string[]) =>
      Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k) && !ROOT_ONLY.has(k)))
    const hasValidation = (rest: Record<string, unknown>) =>
      Object.keys(rest).some((k) => !ANNOTATIONS.includes(k))

    if (typeof s.$ref === 'string') {
      if (validating.length > 1) fail(at, '$ref beside other validating keywords')
      const target = targetOf(s.$ref, at)
      if (target === ctx.entry) return 'Self'
      if (ctx.inlined.includes(target))
        fail(at, `a cycle of references that does not pass through ${constantOf(ctx.entry)}`)
      // A member of the entry's cycle is written inline: only the entry has a name inside Type.Recursive.
      if (ctx.entry !== undefined && reaches(target, ctx.entry))
        return build(schemaOf(target), {
          entry: ctx.entry,
          inlined: [...ctx.inlined, target],
          pointer: target === '#' ? '' : `/$defs/${target}`,
        })
      return constantOf(target)
    }
    if (Array.isArray(s.allOf)) {
      const rest = without('allOf', ...ANNOTATIONS)
      const members = s.allOf.map((m, i) => build(m as JsonSchema, { ...ctx, pointer: `${at}/allOf/${i}` }))
      if (hasValidation(rest)) members.push(build(rest, ctx))
      return call('Type.Intersect', `[${members.join(', ')}]`, annotations)
    }
    if ('not' in s) {
      const rest = without('not', ...ANNOTATIONS)
      const negated = build(s.not as JsonSchema, { ...ctx, pointer: `${at}/not` })
      if (!hasValidation(rest)) return call('Type.Not', negated, annotations)
      return call('Type.Intersect', `[${build(rest, ctx)}, Type.Not(${negated})]`, annotations)
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      if (!(keyword in s)) continue
      // 0.34 has no oneOf: it is checked as anyOf, the same verdicts when no value matches two branches
      // (the README says so; the examples test compares every verdict).
      const branches = (s[keyword] as JsonSchema[]).map((b, i) =>
        build(b, { ...ctx, pointer: `${at}/${keyword}/${i}` }),
      )
      const rest = without(keyword, ...ANNOTATIONS)
      if (!hasValidation(rest)) return call('Type.Union', `[${branches.join(', ')}]`, annotations)
      return call(
        'Type.Intersect',
        `[${build(rest, ctx)}, Type.Union([${branches.join(', ')}])]`,
        annotations,
      )
    }
    if ('const' in s || 'enum' in s) {
      const types = s.type === undefined ? undefined : ([] as unknown[]).concat(s.type)
      const others = validating.filter((k) => k !== 'const' && k !== 'enum' && k !== 'type')
      if (others.length > 0 || ('const' in s && 'enum' in s))
        fail(at, `const/enum beside ${others.join(', ') || 'each other'}`)
      const values = ('const' in s ? [s.const] : (s.enum as unknown[])).filter(
        (v) => types === undefined || types.some((t) => isOfType(v, t as string)),
      )
      const members = values.map((v) => literalType(v, at, fail))
      if (members.length === 1) return withOptions(members[0]!, annotations)
      return members.length === 0
        ? call('Type.Never', '', annotations)
        : call('Type.Union', `[${members.join(', ')}]`, annotations)
    }
    if (Array.isArray(s.type)) {
      // Each branch gets the constraints of its own type; the annotations go on the union.
      const branches = s.type.map((t) => ofType(String(t), s, ctx, {}))
      return call('Type.Union', `[${branches.join(', ')}]`, annotations)
    }
    if (typeof s.type === 'string') return ofType(s.type, s, ctx, annotations)
    if (validating.length > 0) fail(at, `${validating.join(', ')} without a type`)
    return call('Type.Unknown', '', annotations)
  }

  const ofType = (
    type: string,
    s: JsonSchemaObject,
    ctx: Context,
    annotations: Record<string, unknown>,
  ): string => {
    const at = ctx.pointer
    const allowed = CONSTRAINTS[type] ?? fail(at, `type ${type} is not supported`)
    const options = {
      ...pick(
        s,
        allowed.filter((k) => !CONSTRAINTS.array!.includes(k) && !CONSTRAINTS.object!.includes(k)),
      ),
      ...annotations,
    }
    switch (type) {
      case 'string':
        return call('Type.String', '', options)
      case 'integer':
        return call('Type.Integer', '', options)
      case 'number':
        return call('Type.Number', '', options)
      case 'boolean':
        return call('Type.Boolean', '', options)
      case 'null':
        return call('Type.Null', '', options)
      case 'array': {
        const items =
          s.items === undefined
            ? 'Type.Unknown()'
            : build(s.items as JsonSchema, { ...ctx, pointer: `${at}/items` })
        return call('Type.Array', items, {
          ...pick(s, ['minItems', 'maxItems', 'uniqueItems']),
          ...annotations,
        })
      }
      default:
        return objectType(s, ctx, annotations)
    }
  }

  const objectType = (s: JsonSchemaObject, ctx: Context, annotations: Record<string, unknown>): string => {
    const at = ctx.pointer
    const properties = (isObject(s.properties) ? s.properties : {}) as Record<string, JsonSchema>
    const required = new Set((s.required as string[] | undefined) ?? [])
    for (const key of required)
      if (!Object.hasOwn(properties, key)) fail(at, `required ${JSON.stringify(key)} is not in properties`)
    const extra = s.additionalProperties
    if (isObject(extra) && Object.keys(properties).length === 0) {
      const values = build(extra as JsonSchema, { ...ctx, pointer: `${at}/additionalProperties` })
      return call(
        'Type.Record',
        `Type.String({ pattern: ${JSON.stringify(ANY_KEY)} }), ${values}`,
        annotations,
      )
    }
    const fields = Object.keys(properties).map((name) => {
      const pointer = `${at}/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`
      const value = build(properties[name]!, { ...ctx, pointer })
      // A readOnly property is readonly in the type, as in our interface (json-schema-to-typescript's).
      const readOnly = isObject(properties[name]) && properties[name].readOnly === true
      const modifier = required.has(name)
        ? readOnly
          ? 'Type.Readonly'
          : ''
        : readOnly
          ? 'Type.ReadonlyOptional'
          : 'Type.Optional'
      return `${key(name)}: ${modifier ? `${modifier}(${value})` : value}`
    })
    const body = fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`
    const options: Record<string, unknown> = {
      ...pick(s, ['minProperties', 'maxProperties']),
      ...annotations,
    }
    let additional = ''
    if (isObject(extra))
      additional = build(extra as JsonSchema, { ...ctx, pointer: `${at}/additionalProperties` })
    else if (typeof extra === 'boolean') options.additionalProperties = extra
    return call('Type.Object', body, options, additional ? `additionalProperties: ${additional}` : '')
  }

  // Constants in dependency order (a depth-first post-order: what a constant names is written before it).
  const order: string[] = []
  const visited = new Set<string>()
  const visit = (node: string) => {
    if (visited.has(node)) return
    visited.add(node)
    for (const next of edges.get(node)!) visit(next)
    order.push(node)
  }
  visit('#')
  const constants = order.map((node) => {
    const pointer = node === '#' ? '' : `/$defs/${node}`
    const body = build(schemaOf(node), { entry: node, inlined: [], pointer })
    const recursive = reaches(node, node)
    const value = recursive ? `Type.Recursive((Self) => ${body})` : body
    if (node !== '#') return `const ${node} = ${value}\n`
    const description = typeof schema.description === 'string' ? schema.description : modelId
    return `/**
 * ${description.replace(/\*\//g, '*\\/').replace(/\n/g, '\n * ')}
 *
 * \`${modelId}\` as a \`@sinclair/typebox\` 0.34 type: it composes with \`Type.*\`, compiles with
 * \`TypeCompiler\` and checks with \`Value.Check\`. Call \`registerFormats(FormatRegistry)\` once first.
 */
export const ${name} = ${value}
`
  })

  return `${banner(file)}
/* eslint-disable */
import { Type, type Static } from '@sinclair/typebox'
export { registerFormats } from '@session-schemas/core'

/** The model id of ${name}. */
export const id = ${JSON.stringify(modelId)}

${constants.join('\n')}
/** The static type of \`${name}\` (the interface of \`@session-schemas/…/${modelId.split('/')[1]}\`, without the \`[k: string]: unknown\` of open objects). */
export type ${name}Static = Static<typeof ${name}>
`
}

function pick(s: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in s).map((k) => [k, s[k]]))
}

/** `callee(args, { options })` on one line. */
function call(callee: string, args: string, options: Record<string, unknown>, extra = ''): string {
  const entries = Object.entries(options).map(([k, v]) => `${key(k)}: ${inline(v)}`)
  if (extra) entries.push(extra)
  const written = entries.length === 0 ? '' : `{ ${entries.join(', ')} }`
  return `${callee}(${[args, written].filter(Boolean).join(', ')})`
}

/** A property key as TypeScript source; `__proto__` stays an own key (a computed key). */
function key(name: string): string {
  if (name === '__proto__') return `["__proto__"]`
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name)
}

/** A JSON value as one line of TypeScript source. */
function inline(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${key(k)}: ${inline(v)}`)
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`
  }
  return JSON.stringify(value)
}

/** A literal type with the annotations added to its options. */
function withOptions(member: string, options: Record<string, unknown>): string {
  if (Object.keys(options).length === 0) return member
  const open = member.indexOf('(')
  const [callee, args] = [member.slice(0, open), member.slice(open + 1, -1)]
  return call(callee, args, options)
}

function literalType(
  value: unknown,
  pointer: string,
  fail: (pointer: string, reason: string) => never,
): string {
  if (value === null) return 'Type.Null()'
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
    return `Type.Literal(${JSON.stringify(value)})`
  return fail(pointer, `a const or enum value that is not a string, number, boolean or null`)
}

function isOfType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null
    case 'integer':
      return Number.isInteger(value)
    case 'array':
      return Array.isArray(value)
    case 'object':
      return isObject(value)
    default:
      return typeof value === type
  }
}

export interface TypeTestModel {
  /** The schema file's name, e.g. `iam.Session`. */
  readonly name: string
  /** TypeScript name of the model. */
  readonly typeName: string
  readonly recursive: boolean
}

/**
 * The type test of a package's 0.34 types: `Static<>` of each is our interface, less the
 * `[k: string]: unknown` of open objects (0.34 infers no index signature from `additionalProperties`).
 */
export function emitTypeBox034TypeTest(models: readonly TypeTestModel[]): string {
  const assertion = ({ typeName, recursive }: TypeTestModel) => {
    const [S, I] = [`${typeName}Static034`, `Closed<${typeName}>`]
    // Recursive types cannot be compared by identity (see types.gen.test-d.ts): mutual assignability.
    return recursive
      ? `expectTypeOf<${S}>().toExtend<${I}>() // recursive: mutual assignability\nexpectTypeOf<${I}>().toExtend<${S}>()`
      : `expectTypeOf<${S}>().toEqualTypeOf<${I}>()`
  }
  return [
    banner('schemas/ (every model of this package)'),
    "// The @sinclair/typebox 0.34 types infer our interfaces (json-schema-to-typescript's), open objects' index signatures aside.",
    "import { expectTypeOf } from 'expect-type'",
    ...models.flatMap((m) => [
      `import type { ${m.typeName} } from '../src/generated/${m.name}.gen.js'`,
      `import type { ${m.typeName}Static as ${m.typeName}Static034 } from '../src/generated/typebox-0.34/${m.name}.gen.js'`,
    ]),
    '',
    '/** `T` without the `[k: string]: unknown` of open objects, at any depth (typed maps such as `Record<string, string>` stay). */',
    'type Closed<T> = T extends readonly (infer U)[]',
    '  ? Closed<U>[]',
    '  : T extends object',
    '    ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : number extends K ? never : K]: Closed<T[K]> }',
    '    : T',
    '',
    ...models.map(assertion),
    '',
  ].join('\n')
}
