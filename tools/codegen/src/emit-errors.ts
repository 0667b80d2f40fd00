/**
 * The ahead-of-time `errors()`: per schema object, a quiet test and an explaining function, made by the
 * keyword modules under keywords/ in the explaining evaluator's order, so that the issues (path,
 * keyword, message, order, `maxIssues` count) are exactly the evaluator's. The model runs its fast
 * `check` first and calls `explain` only for a value that fails; explaining descends only into the
 * subtrees whose own test fails.
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import { type IssueParams, type Located, SchemaIndex } from '@session-schemas/core/internal'
import { applicatorKeywords } from './keywords/applicators.js'
import { arrayKeywords } from './keywords/array.js'
import { type EmitContext, type KeywordModule, NotGenerated } from './keywords/context.js'
import { enumConstKeywords } from './keywords/enum-const.js'
import { numberKeywords } from './keywords/number.js'
import { objectKeywords } from './keywords/object.js'
import { refKeyword } from './keywords/ref.js'
import { stringKeywords } from './keywords/string.js'
import { typeKeyword } from './keywords/type.js'

/** The keyword modules, in the order the evaluator checks their keywords. */
const KEYWORD_MODULES: readonly KeywordModule[] = [
  typeKeyword,
  refKeyword,
  enumConstKeywords,
  objectKeywords,
  arrayKeywords,
  stringKeywords,
  numberKeywords,
  applicatorKeywords,
]

/** How deep errors() follows a recursive model (the evaluator's and core's model MAX_DEPTH). */
export const MAX_DEPTH = 512

export interface EmittedErrors {
  /** Names the code imports from `@session-schemas/core/internal`, sorted. */
  readonly helpers: string[]
  /** Constants and functions; the entry point is `explain(value, sink)`. */
  readonly code: string
}

interface Node {
  readonly id: number
  readonly located: Located
  /** undefined while the node is being generated (a $ref cycle back to it). */
  empty: boolean | undefined
  test: string
  explain: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The explaining code of a bundled schema, or undefined if it uses a keyword no module generates (the
 * model then explains with the evaluator).
 */
export function emitErrors(
  schema: JsonSchemaObject,
  recursive: boolean,
  options: { typescript?: boolean } = {},
): EmittedErrors | undefined {
  // TypeScript for the generated modules; JavaScript for tests that instantiate the code.
  const typed = (annotation: string) => (options.typescript === false ? '' : annotation)
  const index = new SchemaIndex()
  const root = index.add(schema)
  const nodes = new Map<object, Node>()
  const constants = new Map<string, string>()
  const helpers = new Set<string>()
  const secrets = secretSchemas(index, root)

  const constant = (code: string, prefix = 'constant') => {
    let name = constants.get(code)
    if (!name) {
      name = `${prefix}_${constants.size}`
      constants.set(code, name)
    }
    return name
  }
  const params = (p: IssueParams) => constant(`JSON.parse(${JSON.stringify(JSON.stringify(p))})`, 'params')
  const helper = (name: string) => {
    helpers.add(name)
    return name
  }
  const falseParams = () => params({ kind: 'false' })

  // Schemas that validate alike (the same keywords, whatever their annotations) share one function pair.
  const byContent = new Map<string, Node>()
  const nodeOf = (located: Located): Node => {
    const object = located.schema as object
    let node = nodes.get(object)
    if (node) return node
    const key = contentKey(located)
    node = byContent.get(key)
    if (node) {
      nodes.set(object, node)
      return node
    }
    node = { id: byContent.size, located, empty: undefined, test: '', explain: '' }
    nodes.set(object, node)
    byContent.set(key, node)
    generate(node)
    return node
  }

  const locate = (parent: Located, sub: unknown, where: string): Located =>
    (isRecord(sub) ? index.locate(sub) : undefined) ?? {
      schema: sub as boolean,
      base: parent.base,
      location: where,
    }

  const contextFor = (parent: Located): EmitContext => {
    const testOf = (located: Located, value: string, depth: string) => {
      if (located.schema === true) return 'true'
      if (located.schema === false) return 'false'
      const node = nodeOf(located)
      return node.empty ? 'true' : `test_${node.id}(${value}, ${depth})`
    }
    const explainOf = (located: Located, value: string, path: string, depth: string, sink: string) => {
      if (located.schema === true) return ''
      if (located.schema === false)
        return `${sink}.add(${path}, ${depth}, "false", ${falseParams()}, ${value}, s)`
      return `explain_${nodeOf(located).id}(${value}, ${path}, ${depth}, s, ${sink})`
    }
    return {
      typed,
      maxDepth: recursive ? MAX_DEPTH : undefined,
      constant,
      params,
      helper,
      testOf: (sub, where, value, depth) => testOf(locate(parent, sub, where), value, depth),
      explainOf: (sub, where, value, path, depth, sink) =>
        explainOf(locate(parent, sub, where), value, path, depth, sink),
      refOf: (ref, where) => {
        const target = index.resolve(ref, parent.base, where)
        return {
          test: (value, depth) => testOf(target, value, depth),
          explain: (sink) => explainOf(target, 'v', 'p', 'd', sink),
        }
      },
    }
  }

  function generate(node: Node): void {
    const schema = node.located.schema as Record<string, unknown>
    const ctx = contextFor(node.located)
    const test: string[] = []
    const explain: string[] = []
    for (const module of KEYWORD_MODULES) {
      const code = module(schema, node.located.location, ctx)
      if (!code) continue
      test.push(...code.test)
      explain.push(...code.explain)
    }
    node.empty = test.length === 0
    // Inside a secret schema, messages name a value's type and size only.
    const secret = secrets.has(schema) ? ['s = true'] : []
    node.test = [
      `function test_${node.id}(v${typed(': any')}, d${typed(': number')})${typed(': boolean')} {`,
      ...indented([...test, 'return true']),
      '}',
    ].join('\n')
    node.explain = [
      `function explain_${node.id}(v${typed(': any')}, p${typed(': string')}, d${typed(': number')}, s${typed(': boolean')}, sink${typed(': IssueSink')})${typed(': void')} {`,
      ...indented([...secret, ...explain]),
      '}',
    ].join('\n')
  }

  try {
    const entry = nodeOf(root)
    helper('IssueSink')
    const code = [
      ...[...constants].map(([code, name]) => `const ${name} = ${code}`),
      ...[...byContent.values()].flatMap((n) => [n.test, n.explain]),
      `/** Adds the issues of \`value\` (which failed \`check\`) to \`sink\`. */\nfunction explain(value${typed(': unknown')}, sink${typed(': IssueSink')})${typed(': void')} {\n${
        entry.empty ? '' : `  explain_${entry.id}(value, "", 0, false, sink)`
      }\n}`,
    ].join('\n\n')
    return { helpers: [...helpers].sort(), code }
  } catch (error) {
    if (error instanceof NotGenerated) return undefined
    throw error
  }
}

/** Keywords that do not change what a schema accepts or how its issues read (`$defs` only holds schemas). */
const ANNOTATIONS = new Set([
  '$comment',
  'title',
  'description',
  'examples',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$defs',
])

/**
 * What a schema's functions depend on: its base URI (for `$ref`) and its keywords but annotations. (Its
 * subschemas' annotations stay in: a `title` names an anyOf branch in messages.)
 */
function contentKey(located: Located): string {
  const schema = located.schema as Record<string, unknown>
  const kept = Object.fromEntries(Object.entries(schema).filter(([keyword]) => !ANNOTATIONS.has(keyword)))
  return `${located.base}\n${JSON.stringify(kept)}`
}

/** Statements indented two spaces per open block (a line ending in `{` opens one, `}` closes it). */
function indented(lines: readonly string[]): string[] {
  let depth = 1
  return lines.map((line) => {
    if (line.startsWith('}')) depth--
    const out = `${'  '.repeat(depth)}${line}`
    if (line.endsWith('{')) depth++
    return out
  })
}

/**
 * The schemas whose values are secret: `format: "password"`, or one that leads to such a schema
 * through an applicator on the same value ($ref, allOf, anyOf, oneOf, not, if/then/else), as the
 * evaluator decides it.
 */
function secretSchemas(index: SchemaIndex, root: Located): Set<object> {
  const secret = new Set<object>()
  const decided = new Map<object, boolean>()
  const isSecret = (located: Located): boolean => {
    const { schema } = located
    if (!isRecord(schema)) return false
    const known = decided.get(schema)
    if (known !== undefined) return known
    decided.set(schema, false) // a $ref cycle back to this schema adds nothing
    const at = (keyword: string) => `${located.location}/${keyword}`
    const parts: Located[] = []
    if (typeof schema.$ref === 'string') parts.push(index.resolve(schema.$ref, located.base, at('$ref')))
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const list = schema[keyword]
      if (Array.isArray(list))
        for (const sub of list)
          parts.push((isRecord(sub) ? index.locate(sub) : undefined) ?? { ...located, schema: sub })
    }
    for (const keyword of ['not', 'if', 'then', 'else']) {
      const sub = schema[keyword]
      if (keyword in schema)
        parts.push((isRecord(sub) ? index.locate(sub) : undefined) ?? { ...located, schema: sub as boolean })
    }
    const result = schema.format === 'password' || parts.some(isSecret)
    decided.set(schema, result)
    if (result) secret.add(schema)
    return result
  }
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (isRecord(value)) {
      const located = index.locate(value)
      if (located) isSecret(located)
      for (const child of Object.values(value)) visit(child)
    }
  }
  visit(root.schema)
  return secret
}
