/**
 * The model manifest: one entry per model with what the consumers (the CLI's registry, detection and
 * envelope expansion, the converter's registry and secrets, conformance, bench, demo, README tables)
 * need to know about it, read from the schemas, their examples and the owner entries. Nothing here is
 * kept by hand: a new schema file is a new entry.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { JsonSchemaObject } from '@session-schemas/core'
import { Evaluator, escapeToken, isCredentialName, secretNameKey } from '@session-schemas/core/internal'
import { GenerationError } from './errors.js'
import type { SchemaFile } from './load.js'
import { type Envelope, OWNER_LIST, type Owner } from './owners.js'

/** The values a discriminator allows, and the ones it tolerates without telling anything (`null`). */
export interface Discriminator {
  readonly key: string
  readonly allowed: readonly unknown[]
  readonly neutral: readonly unknown[]
}

/** What a model's schema says about the top level of its records: the evidence `--model auto` weighs. */
export interface Evidence {
  /** Top-level required keys (through `allOf` and local `$ref`s). */
  readonly required: readonly string[]
  /** Top-level declared keys, in the schema's order. */
  readonly declared: readonly string[]
  /** Properties that allow exactly one value besides `null`. */
  readonly discriminators: readonly Discriminator[]
  /** Declared keys that no other top-level model declares (top-level models only). */
  readonly identifying: readonly string[]
  /** A top-level model whose schema accepts `null` (vim25's "no session" body). */
  readonly acceptsNull: boolean
}

export interface ModelFacts {
  /** `intersight/iam.Session` */
  readonly id: string
  /** The directory under `schemas/`: `intersight` */
  readonly vendor: string
  /** The npm package that exports it. */
  readonly package: string
  /** Its subpath export: `iam.Session` */
  readonly subpath: string
  /** `@session-schemas/intersight/iam.Session` */
  readonly specifier: string
  readonly title: string
  /** A top-level model (a whole document, such as an API response), not a part inside one. */
  readonly document: boolean
  /**
   * Where the schema marks secrets (`format: "password"`): JSON Pointers (`*`: any item or key), and their
   * key names; and where it describes, in every valid value, a key with a secret name of some model that is
   * no secret here (`described`: an Intersight tag's `Key`).
   */
  readonly secrets: {
    readonly paths: readonly string[]
    readonly names: readonly string[]
    readonly described: readonly string[]
  }
  readonly evidence: Evidence
  /** For an envelope: the sessions it holds (declared in tools/codegen/src/owners.ts, checked against the schema). */
  readonly envelope?: Envelope
}

export interface ManifestModel extends SchemaFile {
  /** The model's schema with every reference bundled under `$defs`. */
  readonly bundled: JsonSchemaObject
  readonly owner: string
}

type SchemaNode = Record<string, unknown>
const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The local `$defs` entry a `$ref` names (bundled schemas refer only locally). */
function resolver(schema: JsonSchemaObject): (node: SchemaNode) => SchemaNode | undefined {
  const defs = (schema.$defs ?? {}) as Record<string, SchemaNode>
  return (node) => {
    const ref = node.$ref
    return typeof ref === 'string' && ref.startsWith('#/$defs/')
      ? defs[ref.slice('#/$defs/'.length)]
      : undefined
  }
}

/** The discriminator a property schema makes, if it allows exactly one value besides `null`. */
function discriminatorOf(key: string, property: SchemaNode): Discriminator | undefined {
  if ('const' in property && property.const !== null) return { key, allowed: [property.const], neutral: [] }
  if (!Array.isArray(property.enum)) return undefined
  const allowed = property.enum.filter((value) => value !== null)
  if (allowed.length !== 1) return undefined
  return { key, allowed, neutral: property.enum.length > allowed.length ? [null] : [] }
}

/** Required keys, declared keys and discriminators of the top level, through `allOf` and local `$ref`s. */
function topLevelOf(schema: JsonSchemaObject) {
  const resolve = resolver(schema)
  const required = new Set<string>()
  const declared = new Set<string>()
  const discriminators = new Map<string, Discriminator>()
  const visit = (node: SchemaNode, depth: number) => {
    if (depth > 16) return
    for (const key of (node.required as string[] | undefined) ?? []) required.add(key)
    const properties = (node.properties ?? {}) as Record<string, SchemaNode>
    for (const key of Object.keys(properties)) {
      declared.add(key)
      const property = properties[key]!
      const found = discriminatorOf(key, property) ?? discriminatorOf(key, resolve(property) ?? {})
      // allOf intersects: the narrowest part's discriminator is the model's.
      if (found && !discriminators.has(key)) discriminators.set(key, found)
    }
    for (const part of (node.allOf as SchemaNode[] | undefined) ?? []) visit(part, depth + 1)
    const target = resolve(node)
    if (target) visit(target, depth + 1)
  }
  visit(schema, 0)
  return { required: [...required], declared: [...declared], discriminators: [...discriminators.values()] }
}

const SAME_VALUE = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else'] as const

/** Every place a value marked `format: "password"` can sit, as a JSON Pointer with `*` for any item or key. */
function secretPathsOf(schema: JsonSchemaObject): string[] {
  const resolve = resolver(schema)
  const found = new Set<string>()
  const visit = (node: unknown, pointer: string, through: ReadonlySet<unknown>) => {
    if (!isNode(node) || through.has(node)) return
    const inside = new Set(through).add(node) // a recursive schema is followed once around
    if (node.format === 'password') found.add(pointer)
    const target = resolve(node)
    if (target) visit(target, pointer, inside)
    for (const keyword of SAME_VALUE) {
      const value = node[keyword]
      for (const part of Array.isArray(value) ? value : [value]) visit(part, pointer, inside)
    }
    const properties = isNode(node.properties) ? node.properties : {}
    for (const [key, property] of Object.entries(properties))
      visit(property, `${pointer}/${escapeToken(key)}`, inside)
    for (const part of Array.isArray(node.prefixItems) ? node.prefixItems : [])
      visit(part, `${pointer}/*`, inside)
    visit(node.items, `${pointer}/*`, inside)
    visit(node.additionalProperties, `${pointer}/*`, inside)
    for (const part of Object.values(isNode(node.patternProperties) ? node.patternProperties : {}))
      visit(part, `${pointer}/*`, inside)
  }
  visit(schema, '', new Set())
  return [...found].sort()
}

/** Whether a schema may accept an object or an array (the values keys can sit in), by its `type`. */
function acceptsContainers(node: SchemaNode, resolve: (node: SchemaNode) => SchemaNode | undefined): boolean {
  const type = node.type ?? resolve(node)?.type
  if (type === undefined) return true
  const types = Array.isArray(type) ? type : [type]
  return types.includes('object') || types.includes('array')
}

/**
 * Where the schema describes, in every valid value, a key with a secret name of some model (an Intersight
 * tag's `Key`, which is not vSphere's session `key`): JSON Pointers (`*`: any item or key). Only schemas
 * that apply to every valid value at their place are followed: `$ref`, `allOf`, `properties`, `items` (no
 * `prefixItems`), `additionalProperties` of an object without other property keywords, and the one
 * `anyOf`/`oneOf` branch that can hold keys when the others cannot (`null` beside an object). A recursive
 * schema is followed once around. A key outside these places is judged by the evaluator, as before.
 */
function describedSecretNamesOf(schema: JsonSchemaObject, isSecretName: (key: string) => boolean): string[] {
  const resolve = resolver(schema)
  const found = new Set<string>()
  const visit = (node: unknown, pointer: string, through: ReadonlySet<unknown>) => {
    if (!isNode(node) || through.has(node)) return
    const inside = new Set(through).add(node)
    const target = resolve(node)
    if (target) visit(target, pointer, inside)
    for (const part of Array.isArray(node.allOf) ? node.allOf : []) visit(part, pointer, inside)
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = Array.isArray(node[keyword]) ? (node[keyword] as unknown[]).filter(isNode) : []
      const holders = branches.filter((branch) => acceptsContainers(branch, resolve))
      if (holders.length === 1 && branches.length === (node[keyword] as unknown[]).length)
        visit(holders[0], pointer, inside)
    }
    const properties = isNode(node.properties) ? node.properties : undefined
    for (const [key, property] of Object.entries(properties ?? {})) {
      const at = `${pointer}/${escapeToken(key)}`
      if (isSecretName(key)) found.add(at)
      visit(property, at, inside)
    }
    if (node.prefixItems === undefined) visit(node.items, `${pointer}/*`, inside)
    if (properties === undefined && node.patternProperties === undefined)
      visit(node.additionalProperties, `${pointer}/*`, inside)
  }
  visit(schema, '', new Set())
  return [...found].sort()
}

/** The names of every property the schema marks as a secret, anywhere in it. */
function secretNamesOf(schema: JsonSchemaObject): string[] {
  const names = new Set<string>()
  const stack: unknown[] = [schema]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isNode(node) && !Array.isArray(node)) continue
    const properties = isNode(node) ? node.properties : undefined
    if (isNode(properties))
      for (const [key, property] of Object.entries(properties))
        if (isNode(property) && property.format === 'password') names.add(key)
    stack.push(...Object.values(node))
  }
  return [...names].sort()
}

/**
 * A top-level model is a whole API document (a response body, a record), as opposed to a part inside one
 * (a MoRef, a tag, a localizable message). The schemas say which by convention: every top-level model,
 * and only those, has examples beside its schema (schemas/README.md).
 */
export function isDocument(root: string, model: SchemaFile): boolean {
  return existsSync(path.join(root, 'schemas', model.vendor, 'examples', 'valid', model.name))
}

/** An owner entry's envelope, checked against the schema: the pointer names an array of the held model. */
function envelopeOf(
  model: ManifestModel,
  byId: ReadonlyMap<string, ManifestModel>,
  owners: typeof OWNER_LIST,
): Envelope | undefined {
  const declared = owners.find(([directory]) => directory === model.vendor)?.[1].envelopes
  const envelope = declared?.[model.name]
  if (!envelope) return undefined
  const where = `tools/codegen/src/owners.ts (envelope ${model.modelId})`
  const held = byId.get(envelope.holds)
  if (!held) throw new GenerationError(where, '', `holds ${envelope.holds}, which has no schema`)
  // A bundled reference is a local `#/$defs/<Name>`, and a hoisted schema keeps its title (its model id).
  const resolve = resolver(model.bundled)
  const refersToHeld = (node: unknown): boolean => isNode(node) && resolve(node)?.title === envelope.holds
  if (envelope.statusKey !== undefined && !topLevelOf(model.bundled).declared.includes(envelope.statusKey))
    throw new GenerationError(
      where,
      '',
      `statusKey ${JSON.stringify(envelope.statusKey)} is not a declared key`,
    )
  if (envelope.items !== undefined && envelope.value !== undefined)
    throw new GenerationError(where, '', 'an envelope holds its sessions at items or at value, not both')
  if (envelope.value !== undefined) {
    const tokens = envelope.value.split('/').slice(1)
    if (tokens.length === 0 || !branchesAt(model.bundled, tokens).some(refersToHeld))
      throw new GenerationError(
        where,
        '',
        `value ${JSON.stringify(envelope.value)} is not a property that is ${envelope.holds}`,
      )
    return envelope
  }
  if (envelope.items === undefined) {
    const parts = [model.bundled, ...((model.bundled.anyOf as unknown[] | undefined) ?? [])]
    if (!parts.some(refersToHeld))
      throw new GenerationError(where, '', `the schema is not (or is not one of) ${envelope.holds}`)
    return envelope
  }
  const tokens = envelope.items.split('/').slice(1)
  if (
    tokens.length === 0 ||
    !branchesAt(model.bundled, tokens).some((branch) => isNode(branch) && refersToHeld(branch.items))
  )
    throw new GenerationError(
      where,
      '',
      `items ${JSON.stringify(envelope.items)} is not a property whose items are ${envelope.holds}`,
    )
  return envelope
}

/** The property schema at a path of property names, and its `anyOf` branches (`type: [X, "null"]` bundles so). */
function branchesAt(schema: JsonSchemaObject, tokens: readonly string[]): unknown[] {
  let node: unknown = schema
  for (const token of tokens)
    node = isNode(node) && isNode(node.properties) ? node.properties[token] : undefined
  return isNode(node) ? [node, ...((node.anyOf as unknown[] | undefined) ?? [])] : []
}

/** The package name in an owner directory's package.json. */
function packageName(root: string, owner: string): string {
  const file = path.join(root, owner, 'package.json')
  if (!existsSync(file)) throw new GenerationError(`${owner}/package.json`, '', 'the owner package has none')
  return JSON.parse(readFileSync(file, 'utf8')).name as string
}

/** One entry per model, in the order of the owner list, then by model id. */
export function buildManifest(
  root: string,
  models: readonly ManifestModel[],
  owners: readonly (readonly [string, Owner])[] = OWNER_LIST,
): ModelFacts[] {
  const ownerOrder = owners.map(([directory]) => directory)
  const sorted = [...models].sort(
    (a, b) =>
      ownerOrder.indexOf(a.vendor) - ownerOrder.indexOf(b.vendor) || a.modelId.localeCompare(b.modelId),
  )
  // Models of one package stay together, in the order its first directory has.
  const packageOrder = [...new Set(sorted.map((m) => m.owner))]
  sorted.sort(
    (a, b) =>
      packageOrder.indexOf(a.owner) - packageOrder.indexOf(b.owner) || a.modelId.localeCompare(b.modelId),
  )
  const byId = new Map(sorted.map((m) => [m.modelId, m]))
  const names = new Map<string, string>()
  // A key with the name of any model's secret, in any casing, or of a credential of any API, is redacted
  // wherever no schema describes it (the converter's isSecretName).
  const secretNames = new Set(sorted.flatMap((m) => secretNamesOf(m.bundled).map(secretNameKey)))
  const isSecretName = (key: string) => {
    const name = secretNameKey(key)
    return secretNames.has(name) || isCredentialName(name)
  }
  const entries = sorted.map((m) => {
    const pkg = names.get(m.owner) ?? packageName(root, m.owner)
    names.set(m.owner, pkg)
    const document = isDocument(root, m)
    const envelope = envelopeOf(m, byId, owners)
    return {
      id: m.modelId,
      vendor: m.vendor,
      package: pkg,
      subpath: m.name,
      specifier: `${pkg}/${m.name}`,
      title: typeof m.schema.title === 'string' ? m.schema.title : m.modelId,
      document,
      secrets: {
        paths: secretPathsOf(m.bundled),
        names: secretNamesOf(m.bundled),
        // A marked secret is described too, but it is a secret there: only the others.
        described: describedSecretNamesOf(m.bundled, isSecretName).filter(
          (pointer) => !secretPathsOf(m.bundled).includes(pointer),
        ),
      },
      evidence: {
        ...topLevelOf(m.bundled),
        identifying: [] as string[],
        acceptsNull: document && new Evaluator(m.bundled).check(null),
      },
      ...(envelope ? { envelope } : {}),
    }
  })
  // Identifying keys: declared by exactly one top-level model.
  const documents = entries.filter((e) => e.document)
  const declaredBy = new Map<string, number>()
  for (const e of documents)
    for (const key of e.evidence.declared) declaredBy.set(key, (declaredBy.get(key) ?? 0) + 1)
  for (const e of documents)
    e.evidence.identifying = e.evidence.declared.filter((key) => declaredBy.get(key) === 1)
  return entries
}
