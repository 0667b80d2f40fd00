/**
 * Secrets in what the converter writes: the values a schema marks as secret (`format: "password"`), and
 * any value under a key that no schema describes there (drift, `unmapped`) whose name is a secret name of
 * any model in any casing (`Token`, `sessionId`, `session_id`, `Key`). A key that a schema does describe
 * there as something else (an Intersight tag's `Key`) is not a secret.
 */
import { fromPointer, type Loss, type Model, type PathSegment, toPointer } from '@session-schemas/core'
import {
  type Annotations,
  copyArray,
  defineValue,
  Evaluator,
  isCredentialName,
  MAX_REMEMBERED_KEY,
  secretNameKey,
  shallowCopy,
} from '@session-schemas/core/internal'
import { ConversionError } from './errors.js'
import { manifest } from './generated/manifest.gen.js'
import { type OptionNames, optionNames } from './option-names.js'

/** What replaces a secret that was not asked for. */
export const REDACTED = '<redacted>'

/** The names of every property some schema marks as a secret (the manifest's), normalized. */
const SECRET_NAMES: ReadonlySet<string> = new Set(
  manifest.flatMap((facts) => facts.secrets.names.map(secretNameKey)),
)

/**
 * Answers for the keys seen so far: records repeat their keys. Bounded in count and in size (keys of up to
 * MAX_REMEMBERED_KEY characters), so that odd or huge keys cannot grow it.
 */
const nameAnswers = new Map<string, boolean>()
const MAX_REMEMBERED_NAMES = 4096

/**
 * Whether a key names a secret of some model (`Token`, `sessionId`, `session_id`, `KEY`) or a credential of any
 * API (`access_token`, `client_secret`, `apiKey`, `password`; see core's isCredentialName).
 */
export function isSecretName(key: string): boolean {
  let answer = nameAnswers.get(key)
  if (answer === undefined) {
    const name = secretNameKey(key)
    answer = SECRET_NAMES.has(name) || isCredentialName(name)
    if (nameAnswers.size < MAX_REMEMBERED_NAMES && key.length <= MAX_REMEMBERED_KEY)
      nameAnswers.set(key, answer)
  }
  return answer
}

/** Each model's marked secret paths (the manifest's, from `format: "password"`), `*` standing for any item or key. */
const MARKED: ReadonlyMap<string, readonly (readonly PathSegment[])[]> = new Map(
  manifest.map((facts) => [facts.id, facts.secrets.paths.map(fromPointer)]),
)

const matches = (pattern: readonly PathSegment[], path: readonly PathSegment[]) =>
  pattern.length === path.length &&
  pattern.every((segment, i) => segment === '*' || String(path[i]) === segment)

/**
 * The marked secrets of a value: each of the model's marked paths that the value has. For a valid value this
 * is what the schema's annotations say (tested against them), without walking the schema: the converter
 * calls it for every record.
 */
export function markedSecrets(model: Model<unknown>, value: unknown): PathSegment[][] {
  const patterns = MARKED.get(model.id)
  if (patterns === undefined || !model.check(value)) return model.secrets(value).map(fromPointer)
  const found: PathSegment[][] = []
  for (const pattern of patterns) {
    let level: { node: unknown; path: PathSegment[] }[] = [{ node: value, path: [] }]
    for (const segment of pattern) {
      const next: typeof level = []
      for (const { node, path } of level) {
        if (typeof node !== 'object' || node === null) continue
        const record = node as Record<string, unknown>
        if (segment !== '*') {
          if (Object.hasOwn(record, segment))
            next.push({
              node: record[segment],
              path: [...path, Array.isArray(node) ? Number(segment) : segment],
            })
          continue
        }
        if (Array.isArray(node))
          for (let i = 0; i < node.length; i++) next.push({ node: node[i], path: [...path, i] })
        else for (const key of Object.keys(record)) next.push({ node: record[key], path: [...path, key] })
      }
      level = next
    }
    for (const { path } of level) found.push(path)
  }
  return found
}

/**
 * Each model's places where its schema describes a key with a secret name in every valid value (the
 * manifest's; an Intersight tag's `Key`): such a key is no secret there.
 */
const DESCRIBED: ReadonlyMap<string, readonly (readonly PathSegment[])[]> = new Map(
  manifest.map((facts) => [facts.id, facts.secrets.described.map(fromPointer)]),
)

/** A container met by a walk, linked to its parent: a path is built only when it is needed. */
interface Visited {
  readonly item: unknown
  readonly parent: Visited | undefined
  /** Its key in the parent (nothing at the root). */
  readonly key: PathSegment
  readonly depth: number
  /** The length of its JSON Pointer (escapes aside). */
  readonly chars: number
}

/** The root of a walk, when the value is a container. */
const roots = (value: unknown): Visited[] =>
  typeof value === 'object' && value !== null
    ? [{ item: value, parent: undefined, key: '', depth: 0, chars: 0 }]
    : []

/** The container `item` at `key` of `parent`. */
const child = (item: unknown, parent: Visited, key: PathSegment): Visited => ({
  item,
  parent,
  key,
  depth: parent.depth + 1,
  chars: parent.chars + 1 + String(key).length,
})

/** The path of `key` in the container `at`. */
function pathOf(at: Visited, key: PathSegment): PathSegment[] {
  const path: PathSegment[] = new Array(at.depth + 1)
  path[at.depth] = key
  for (let entry: Visited | undefined = at; entry?.parent !== undefined; entry = entry.parent)
    path[entry.depth - 1] = entry.key
  return path
}

/**
 * Whether some key with a secret name is neither at one of the model's marked paths nor, in a valid value,
 * at a place the schema always describes: only then can a secret be drift (the cheap test before the exact
 * one, which asks the evaluator what the schema describes where).
 */
function hasUnmarkedSecretName(model: Model<unknown>, value: unknown, useDescribed: boolean): boolean {
  const marked = MARKED.get(model.id) ?? []
  const described = useDescribed ? (DESCRIBED.get(model.id) ?? []) : []
  // Decided on the first key that needs it: the manifest's places hold for valid values only.
  let valid: boolean | undefined
  const isDescribed = (path: readonly PathSegment[]) => {
    if (!described.some((pattern) => matches(pattern, path))) return false
    valid ??= model.check(value)
    return valid
  }
  // Each container links to its parent: a path is built only for a key with a secret name (no copy per
  // level, so a value nested 100,000 deep costs linear time).
  // Only containers hold keys (vim25's `null`, no session, has none).
  const stack = roots(value)
  while (stack.length > 0) {
    const entry = stack.pop()!
    const { item } = entry
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const inner = item[i]
        if (typeof inner === 'object' && inner !== null) stack.push(child(inner, entry, i))
      }
      continue
    }
    const record = item as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (isSecretName(key)) {
        const path = pathOf(entry, key)
        if (!marked.some((pattern) => matches(pattern, path)) && !isDescribed(path)) return true
      }
      const inner = record[key]
      if (typeof inner === 'object' && inner !== null) stack.push(child(inner, entry, key))
    }
  }
  return false
}

const evaluators = new WeakMap<Model<unknown>, Evaluator>()
function annotationsOf(model: Model<unknown>, value: unknown): Annotations {
  let evaluator = evaluators.get(model)
  if (!evaluator) {
    evaluator = new Evaluator(model.schema)
    evaluators.set(model, evaluator)
  }
  return evaluator.annotate(value).annotations
}

/**
 * How long the paths of the secrets found under secret names may be, all together: each is reported with its
 * path, so 30,000 of them under a key 3,000 levels deep (a record of 457 KB) would make 90 million segments,
 * and 3,000 under a thousand keys of a thousand characters 3 billion characters. Such a record is refused (a
 * ConversionError) rather than converted at any cost. 600,000 secrets three levels deep (an 8 MiB record of
 * nothing else) take 1.8 million segments and 9 million characters.
 */
const MAX_SECRET_PATH_SEGMENTS = 4_000_000
const MAX_SECRET_PATH_CHARS = 16 * 1024 * 1024

/**
 * Paths of the values under a secret name that no schema describes where they are. `useDescribed: false`
 * skips the manifest's shortcut (the differential test compares both). Linear in the value: each container is
 * visited once and linked to its parent, and a path is built only for a secret found.
 * @throws ConversionError `ERR_TOO_COSTLY` when the paths of the secrets found pass MAX_SECRET_PATH_SEGMENTS
 * or MAX_SECRET_PATH_CHARS
 */
export function namedSecrets(model: Model<unknown>, value: unknown, useDescribed = true): PathSegment[][] {
  if (!hasUnmarkedSecretName(model, value, useDescribed)) return []
  const { known, shaped } = annotationsOf(model, value)
  const found: PathSegment[][] = []
  let segments = 0
  let chars = 0
  const stack = roots(value)
  const visit = (item: unknown, parent: Visited, key: PathSegment) => {
    if (typeof item === 'object' && item !== null) stack.push(child(item, parent, key))
  }
  while (stack.length > 0) {
    const entry = stack.pop()!
    const { item } = entry
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) visit(item[i], entry, i)
      continue
    }
    const described = shaped.has(item as object) ? known.get(item as object) : undefined
    for (const key of Object.keys(item as object)) {
      if (described?.has(key) || !isSecretName(key)) {
        visit((item as Record<string, unknown>)[key], entry, key)
        continue
      }
      segments += entry.depth + 1
      chars += entry.chars + 1 + key.length
      if (segments > MAX_SECRET_PATH_SEGMENTS || chars > MAX_SECRET_PATH_CHARS)
        throw new ConversionError(
          'ERR_TOO_COSTLY',
          `${model.id}: the record holds more secret-named values, or holds them deeper, than can be redacted one by one (their paths pass ${MAX_SECRET_PATH_SEGMENTS} segments or ${MAX_SECRET_PATH_CHARS} characters): it is not converted`,
        )
      found.push(pathOf(entry, key))
    }
  }
  return found
}

/**
 * Every secret in a value of `model`: marked by its schema, or under a secret name no schema describes.
 * @throws ConversionError `ERR_TOO_COSTLY` (see redactSecrets)
 */
export function secretPaths(model: Model<unknown>, value: unknown): PathSegment[][] {
  const marked = markedSecrets(model, value)
  const named = namedSecrets(model, value)
  if (named.length === 0) return marked
  const seen = new Set(marked.map(toPointer))
  return [...marked, ...named.filter((path) => !seen.has(toPointer(path)))]
}

/**
 * `root` with `replacement` at each path, copying each container on the way once (one pass, however
 * many paths share it); the input is never changed.
 */
export function replaceAt(
  root: unknown,
  paths: readonly (readonly PathSegment[])[],
  replace: (old: unknown) => unknown,
): unknown {
  if (paths.length === 0) return root
  const copies = new Map<object, Record<string, unknown>>()
  const copyOf = (node: object): Record<string, unknown> => {
    let copy = copies.get(node)
    if (!copy) {
      copy = (Array.isArray(node) ? copyArray(node) : shallowCopy(node)) as Record<string, unknown>
      copies.set(node, copy)
    }
    return copy
  }
  const result = copyOf(root as object)
  for (const path of paths) {
    let original = root as Record<string, unknown>
    let copy = result
    for (let i = 0; i < path.length - 1; i++) {
      const key = String(path[i])
      const child = original[key] as object
      const childCopy = copyOf(child)
      defineValue(copy, key, childCopy)
      original = child as Record<string, unknown>
      copy = childCopy
    }
    const key = String(path[path.length - 1])
    defineValue(copy, key, replace(original[key]))
  }
  return result
}

/**
 * Whether a value is `{}` as JSON gives it: a plain object without any own key. A `URL`, a class instance or an
 * object whose keys are not enumerable (a `toJSON`) has nothing to show to `Object.keys` and still writes a
 * secret when serialized (a JavaScript caller can pass one): it is a secret.
 */
function holdsNothing(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return (prototype === Object.prototype || prototype === null) && Reflect.ownKeys(value).length === 0
}

/** What a value that is not a list holds under a secret name (the rule redactedForm and secretHeld share). */
function heldBy(value: unknown): 'secret' | 'redacted' | 'none' {
  if (value === REDACTED) return 'redacted'
  return value === null || typeof value === 'boolean' || holdsNothing(value) ? 'none' : 'secret'
}

/** How deep redactedForm follows lists in lists: deeper than any real secret (one marker for the rest). */
const MAX_LIST_DEPTH = 32

/**
 * What replaces a secret. The whole value under a secret name is the secret, the keys of its objects included
 * (`{"AKIA…": {...}}`, `{"JSESSIONID=…": true}`): a string, a number or an object with keys becomes the one
 * marker "<redacted>". A list keeps its length, each item redacted the same way, so that a value a schema
 * describes as a list (an Intersight display-name map's entry whose key has a secret name) stays valid; true,
 * false, null and `{}` hold no secret and stay (`[true]` is no secret either).
 */
function redactedForm(value: unknown, depth = 0): unknown {
  if (!Array.isArray(value)) return heldBy(value) === 'none' ? value : REDACTED
  if (depth >= MAX_LIST_DEPTH) return REDACTED
  // By index, never through `map` (a hostile `constructor` could reach `Symbol.species`).
  const copy: unknown[] = new Array(value.length)
  for (let i = 0; i < value.length; i++) copy[i] = redactedForm(value[i], depth + 1)
  return copy
}

/**
 * What a value under a secret name holds: a secret (redacting it loses something, a loss to report), only what
 * `redactedForm` made of one (`redacted`: redacting it again loses nothing and reports nothing), or no secret at
 * all (true, false, null, `{}`, and lists of those: they stay, with no loss). Bounded like redactedForm: a list
 * nested past its depth is a secret (it becomes the marker), so this recursion ends too.
 */
function secretHeld(value: unknown, depth = 0): 'secret' | 'redacted' | 'none' {
  if (!Array.isArray(value)) return heldBy(value)
  if (depth >= MAX_LIST_DEPTH) return 'secret'
  let held: 'redacted' | 'none' = 'none'
  for (let i = 0; i < value.length; i++) {
    const item = secretHeld(value[i], depth + 1)
    if (item === 'secret') return 'secret'
    if (item === 'redacted') held = 'redacted'
  }
  return held
}

export interface RedactOptions {
  /** A secret's path in the terms the losses use. Default: its JSON Pointer. */
  readonly where?: (path: readonly PathSegment[]) => string
  /** How the losses name the option that keeps secrets (a CLI passes `--include-secrets`). */
  readonly optionNames?: Partial<Pick<OptionNames, 'includeSecrets'>>
  /**
   * A member (its path) that holds the fields of a record of another model, such as a common session's
   * `unmapped` (the source record's fields): its secrets are those the source's schema sees (an Intersight
   * tag's `Key` is the tag's key there, not vim25's session key). Without it, the member is judged by `model`,
   * which describes nothing inside, so every key with a secret name there counts.
   */
  readonly sourceFields?: { readonly at: readonly string[]; readonly model: Model<unknown> | undefined }
}

/**
 * A value of `model` with every secret (see `secretPaths`) replaced by "<redacted>", and a loss for each
 * one not redacted already.
 * @throws ConversionError `ERR_TOO_COSTLY` for a record whose secret-named values would take more than
 * 4 million path segments or 16 Mi characters of paths to report (thousands of them thousands of levels deep)
 */
export function redactSecrets<T>(
  model: Model<unknown>,
  value: T,
  losses: Loss[],
  options: RedactOptions = {},
): T {
  const where = options.where ?? toPointer
  const keep = optionNames(options).includeSecrets
  // Only values that hold a secret (a list is redacted item by item, an object whole: see redactedForm): true,
  // false and null hold none (`has_password: false` stays a boolean), and what is redacted already loses nothing.
  const paths = secretPathsWithin(model, value, options.sourceFields).filter(
    (path) => secretHeld(valueAt(value, path)) === 'secret',
  )
  for (const path of paths) {
    const key = String(path[path.length - 1])
    losses.push({
      path: where(path),
      kind: 'redacted',
      message: `${key} is a secret; pass ${keep} to keep it`,
    })
  }
  return replaceAt(value, paths, redactedForm) as T
}

/** `secretPaths`, with the member `sourceFields.at` judged by `sourceFields.model` (see RedactOptions). */
function secretPathsWithin(
  model: Model<unknown>,
  value: unknown,
  sourceFields: RedactOptions['sourceFields'],
): PathSegment[][] {
  const fields = sourceFields?.model && ownMemberAt(value, sourceFields.at)
  if (!sourceFields?.model || typeof fields !== 'object' || fields === null || Array.isArray(fields))
    return secretPaths(model, value)
  // The member is walked once, by the source's model: the rest of the value is judged without it.
  const { at } = sourceFields
  return [
    ...secretPaths(model, withoutMember(value as object, at)),
    ...secretPaths(sourceFields.model, fields).map((path) => [...at, ...path]),
  ]
}

/** `value` without its member at `path` (which it has): the containers on the way copied, the input unchanged. */
function withoutMember(value: object, path: readonly string[]): object {
  const copy = shallowCopy(value) as Record<string, unknown>
  const [key, ...rest] = path as [string, ...string[]]
  if (rest.length === 0) delete copy[key]
  else copy[key] = withoutMember(copy[key] as object, rest)
  return copy
}

/** The value at `path` through own members of objects only, or undefined. */
function ownMemberAt(root: unknown, path: readonly string[]): unknown {
  let current = root
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root
  for (const key of path) current = (current as Record<string, unknown>)[String(key)]
  return current
}
