/**
 * Loads every example under <root>/schemas/<vendor>/examples with its expected error, and refuses a tree
 * that would let an example go unchecked: a missing or malformed expected-errors.json, an invalid example
 * without an entry, a stale entry, a model with examples of one kind only, examples of a model with no
 * schema file, an entry the layout does not know. Every problem names its file; all are reported at once.
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { findSchemaFiles } from '@session-schemas/codegen'
import { JsonSyntaxError, readJson } from '@session-schemas/core'
import { hasUnsafeInteger } from '@session-schemas/core/internal'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')

export interface ExpectedError {
  readonly path: string
  readonly keyword: string
}

export interface Example {
  /** `<vendor>/<model>/<valid|invalid>/<case>` */
  readonly key: string
  readonly vendor: string
  readonly modelId: string
  readonly valid: boolean
  /** Relative to the root, e.g. `schemas/intersight/examples/valid/iam.Session/minimal.json`. */
  readonly file: string
  /** Read with core's `readJson`: integers beyond 2^53 are exact bigints. What our validators get. */
  readonly data: unknown
  /** Read with `JSON.parse`: integers beyond 2^53 rounded to doubles. What ajv gets. */
  readonly asDoubles: unknown
  /** Whether the example holds an integer beyond 2^53 (then `asDoubles` is not the example's value). */
  readonly beyond2to53: boolean
  /** For an invalid example, its entry in expected-errors.json. */
  readonly expected?: ExpectedError
}

export interface ExampleSet {
  readonly examples: readonly Example[]
  /** Every model with a schema file, `<vendor>/<model>`, sorted. */
  readonly modelsWithSchema: readonly string[]
  /** Every model with examples (the top-level models), sorted. */
  readonly modelsWithExamples: readonly string[]
}

/** The example tree is incomplete or malformed; `problems` says where and why, one line each. */
export class ExampleLayoutError extends Error {
  override readonly name = 'ExampleLayoutError'
  readonly problems: readonly string[]

  constructor(problems: readonly string[]) {
    super(`the examples under schemas/ cannot all be checked:\n  - ${problems.join('\n  - ')}`)
    this.problems = problems
  }
}

const KINDS = ['valid', 'invalid'] as const
type Kind = (typeof KINDS)[number]
const EXPECTED_ERRORS = 'expected-errors.json'

/** Problems found so far, each `<path relative to the root>: <reason>`. */
class Problems {
  readonly list: string[] = []
  constructor(readonly root: string) {}

  /** `file` relative to the root (a directory gets a trailing `/`). */
  at(file: string, isDirectory = false): string {
    return `${path.relative(this.root, file)}${isDirectory ? '/' : ''}`
  }

  add(file: string, reason: string, isDirectory = false): void {
    this.list.push(`${this.at(file, isDirectory)}: ${reason}`)
  }
}

export function loadExamples(root: string): ExampleSet {
  const problems = new Problems(root)
  const vendorEntries = readEntries(path.join(root, 'schemas'), problems, 'required')
  if (vendorEntries === undefined) throw new ExampleLayoutError(problems.list)

  const modelsWithSchema = findSchemaFiles(root).map((f) =>
    f.slice('schemas/'.length, -'.schema.json'.length),
  )
  if (modelsWithSchema.length === 0) problems.add(path.join(root, 'schemas'), 'no schema files found', true)
  const examples: Example[] = []
  const modelsWithExamples: string[] = []
  for (const vendor of vendorEntries.filter((e) => e.isDirectory()).map((e) => e.name)) {
    const hasSchemas = modelsWithSchema.some((id) => id.startsWith(`${vendor}/`))
    const dir = path.join(root, 'schemas', vendor, 'examples')
    // Every vendor with schemas has examples; a directory without schemas may still hold stray examples.
    const entries = readEntries(dir, problems, hasSchemas ? 'required' : 'optional')
    if (entries === undefined) continue
    for (const entry of entries) {
      const isKnown =
        entry.name === EXPECTED_ERRORS
          ? entry.isFile()
          : KINDS.some((kind) => kind === entry.name) && entry.isDirectory()
      if (!isKnown)
        problems.add(
          path.join(dir, entry.name),
          `unexpected (an examples directory holds valid/, invalid/ and ${EXPECTED_ERRORS})`,
        )
    }

    const expectedErrors = readExpectedErrors(path.join(dir, EXPECTED_ERRORS), problems)
    const models = new Set<string>()
    const invalidCases = new Set<string>()
    for (const kind of KINDS) {
      for (const { model, examples: found } of readKind(dir, vendor, kind, modelsWithSchema, problems)) {
        models.add(model)
        for (const example of found) {
          if (kind === 'valid') {
            examples.push(example)
            continue
          }
          const caseId = `${model}/${path.basename(example.file)}`
          invalidCases.add(caseId)
          const expected = expectedErrors?.get(caseId)
          if (expectedErrors && !expected)
            problems.add(
              path.join(root, example.file),
              `invalid example with no entry "${caseId}" in ${EXPECTED_ERRORS}`,
            )
          examples.push({ ...example, ...(expected ? { expected } : {}) })
        }
      }
    }

    for (const caseId of expectedErrors?.keys() ?? []) {
      if (!invalidCases.has(caseId))
        problems.add(
          path.join(dir, EXPECTED_ERRORS),
          `stale entry "${caseId}" (there is no ${problems.at(path.join(dir, 'invalid', caseId))})`,
        )
    }
    if (hasSchemas && models.size === 0) problems.add(dir, 'no examples', true)
    for (const model of models) {
      const modelId = `${vendor}/${model}`
      for (const kind of KINDS) {
        if (!examples.some((e) => e.modelId === modelId && e.valid === (kind === 'valid')))
          problems.add(
            path.join(dir, kind, model),
            `no ${kind} example of ${modelId} (a model with examples needs at least one valid and one invalid)`,
            true,
          )
      }
      modelsWithExamples.push(modelId)
    }
  }

  if (problems.list.length > 0) throw new ExampleLayoutError(problems.list)
  return { examples, modelsWithSchema, modelsWithExamples: modelsWithExamples.sort() }
}

/** The examples of one kind (valid/ or invalid/) of a vendor, by model directory. */
function readKind(
  examplesDir: string,
  vendor: string,
  kind: Kind,
  modelsWithSchema: readonly string[],
  problems: Problems,
): { model: string; examples: Omit<Example, 'expected'>[] }[] {
  const kindDir = path.join(examplesDir, kind)
  const found: { model: string; examples: Omit<Example, 'expected'>[] }[] = []
  for (const modelEntry of readEntries(kindDir, problems, 'required') ?? []) {
    const model = modelEntry.name
    const modelDir = path.join(kindDir, model)
    const modelId = `${vendor}/${model}`
    if (!modelEntry.isDirectory()) {
      problems.add(modelDir, `unexpected (${kind}/ holds one directory per model)`)
      continue
    }
    if (!modelsWithSchema.includes(modelId)) {
      problems.add(modelDir, `examples of a model with no schema file schemas/${modelId}.schema.json`, true)
      continue
    }
    const examples: Omit<Example, 'expected'>[] = []
    for (const caseEntry of readEntries(modelDir, problems, 'required') ?? []) {
      const file = path.join(modelDir, caseEntry.name)
      if (!caseEntry.isFile() || !caseEntry.name.endsWith('.json')) {
        problems.add(file, 'unexpected (an example is a .json file)')
        continue
      }
      const values = readExampleValues(file, problems)
      if (values === undefined) continue
      examples.push({
        key: `${vendor}/${model}/${kind}/${caseEntry.name}`,
        vendor,
        modelId,
        valid: kind === 'valid',
        file: problems.at(file),
        ...values,
      })
    }
    found.push({ model, examples })
  }
  return found
}

/** A directory's entries, sorted; a missing (unless optional) or unreadable directory is a problem. */
function readEntries(
  dir: string,
  problems: Problems,
  missing: 'required' | 'optional',
): Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && missing === 'optional') return undefined
    problems.add(dir, code === 'ENOENT' ? 'missing' : `cannot be read (${describeError(error)})`, true)
    return undefined
  }
}

/** `<model>/<case>.json` -> expected error; undefined (and a problem) when the file is unusable. */
function readExpectedErrors(file: string, problems: Problems): Map<string, ExpectedError> | undefined {
  const value = readJsonFile(file, problems)?.value
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(file, 'must be an object mapping "<model>/<case>.json" to { path, keyword }')
    return undefined
  }
  const entries = new Map<string, ExpectedError>()
  for (const [caseId, entry] of Object.entries(value)) {
    if (isExpectedError(entry)) entries.set(caseId, entry)
    else
      problems.add(
        file,
        `entry "${caseId}" must be { "path": "<JSON Pointer>", "keyword": "<keyword>" } and nothing else`,
      )
  }
  return entries
}

function isExpectedError(entry: unknown): entry is ExpectedError {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false
  const { path: pointer, keyword, ...rest } = entry as Record<string, unknown>
  return (
    typeof pointer === 'string' &&
    (pointer === '' || pointer.startsWith('/')) &&
    typeof keyword === 'string' &&
    keyword !== '' &&
    Object.keys(rest).length === 0
  )
}

function readExampleValues(
  file: string,
  problems: Problems,
): Pick<Example, 'data' | 'asDoubles' | 'beyond2to53'> | undefined {
  const read = readJsonFile(file, problems)
  if (read === undefined) return undefined
  // readJson returns every integer beyond 2^53 as a bigint, however it is written: a number that is
  // still one here would have been rounded before any validator saw it (a reader regression).
  if (hasUnsafeInteger(read.value)) {
    problems.add(file, 'was read with an integer beyond 2^53 rounded to a double (the exact reader failed)')
    return undefined
  }
  const asDoubles: unknown = JSON.parse(read.text.replace(/^\uFEFF/, ''))
  return { data: read.value, asDoubles, beyond2to53: hasUnsafeInteger(asDoubles) }
}

/** Reads a JSON file exactly; a problem (where, never the text) when it is unreadable or malformed. */
function readJsonFile(file: string, problems: Problems): { text: string; value: unknown } | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    problems.add(file, code === 'ENOENT' ? 'missing' : `cannot be read (${describeError(error)})`)
    return undefined
  }
  try {
    return { text, value: readJson(text) }
  } catch (error) {
    const where =
      error instanceof JsonSyntaxError && error.line !== undefined
        ? ` (line ${error.line}, column ${error.column})`
        : ''
    problems.add(file, `not valid JSON${where}`)
    return undefined
  }
}

/** An error's code or class, never its message (which may quote file contents). */
function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return code ?? (error instanceof Error ? error.name : 'unknown error')
}

/** The packages' models and the schema files must be the same set of model ids. */
export function checkSameModels(packageModels: readonly string[], schemaModels: readonly string[]): void {
  const noSchema = packageModels.filter((id) => !schemaModels.includes(id))
  const noModel = schemaModels.filter((id) => !packageModels.includes(id))
  const twice = packageModels.filter((id, i) => packageModels.indexOf(id) !== i)
  const problems = [
    ...noSchema.map((id) => `${id}: a model in a package with no schema file schemas/${id}.schema.json`),
    ...noModel.map((id) => `schemas/${id}.schema.json: no package has a model ${id}`),
    ...twice.map((id) => `${id}: a model in more than one package`),
  ]
  if (problems.length > 0) throw new ExampleLayoutError(problems)
}
