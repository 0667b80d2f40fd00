/**
 * Runs files of the JSON Schema Test Suite through both of our validators: the generated ahead-of-time
 * check (the generator's real output, evaluated) and the explaining evaluator behind `errors()`.
 * Fails closed: a group that cannot be compiled fails the file unless it is listed as skipped with the
 * unsupported keyword it uses and the error it must give; a listed group that compiles, or that is not in
 * the file, fails it too, as does a number of executed cases other than the one expected.
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { bundle, emitCheck, emitErrors, instantiateCheck, instantiateExplain } from '@session-schemas/codegen'
import { type JsonSchema, type JsonSchemaObject, readJson } from '@session-schemas/core'
import { Evaluator, IssueSink, SchemaIndex } from '@session-schemas/core/internal'

export interface SuiteCase {
  readonly description: string
  readonly data: unknown
  readonly valid: boolean
}

export interface SuiteGroup {
  readonly description: string
  readonly schema: JsonSchema
  readonly tests: readonly SuiteCase[]
}

/** A group of a file we run that uses what we do not support; it must fail to compile with `error`. */
export interface SkippedGroup {
  /** Relative to the tests directory, e.g. `ref.json`. */
  readonly file: string
  /** The group's description. */
  readonly group: string
  /** The unsupported keyword (or feature) the group needs. */
  readonly uses: string
  /** A part of the compile error it must give (so that it is skipped for that reason only). */
  readonly error: string
}

/** A case we run that fails, for a reason reported elsewhere; it must keep failing until fixed. */
export interface KnownFailure {
  readonly file: string
  readonly group: string
  readonly test: string
  readonly why: string
}

export interface FileResult {
  readonly executed: number
  /** Cases whose issues the generated errors() explained, the same as the evaluator's. */
  readonly explained: number
  readonly skippedGroups: readonly string[]
  readonly knownFailures: readonly string[]
}

/** A claimed file of the Test Suite does not pass; the message lists every problem. */
export class SuiteError extends Error {
  override readonly name = 'SuiteError'
}

/**
 * The `.json` files of `dir` (names without the extension) must be exactly `listed`, and its
 * subdirectories exactly `subdirectories`: a file in no list would go unrun unnoticed, a listed file that
 * is gone would be a claim about nothing.
 */
export function checkListing(
  dir: string,
  listed: readonly string[],
  subdirectories: readonly string[] = [],
): void {
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch (error) {
    throw new SuiteError(`${dir}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name.slice(0, -5))
  const directories = entries.filter((e) => e.isDirectory()).map((e) => e.name)
  const unlisted = files.filter((f) => !listed.includes(f))
  const gone = listed.filter((f) => !files.includes(f))
  const twice = listed.filter((f, i) => listed.indexOf(f) !== i)
  const otherDirectories = directories.filter((d) => !subdirectories.includes(d))
  const problems = [
    ...(unlisted.length > 0 ? [`files in no list (claim them or say why not): ${unlisted.join(', ')}`] : []),
    ...(gone.length > 0 ? [`listed but missing: ${gone.join(', ')}`] : []),
    ...(twice.length > 0 ? [`listed twice: ${twice.join(', ')}`] : []),
    ...(otherDirectories.length > 0 ? [`directories in no list: ${otherDirectories.join(', ')}`] : []),
  ]
  if (problems.length > 0) throw new SuiteError(`${dir}: ${problems.join('; ')}`)
}

/** Throws when one of `keywords` is one we support: only what we do not support may be skipped. */
export function checkUnsupported(
  what: string,
  keywords: readonly string[],
  supported: readonly string[],
): void {
  const claimed = keywords.filter((k) => supported.includes(k))
  if (claimed.length > 0)
    throw new SuiteError(`${what} is skipped for ${claimed.join(', ')}, which we support: run it instead`)
}

/** The schemas that the suite expects at http://localhost:1234/, by that URI. */
export function loadRemotes(suiteDir: string): [string, JsonSchema][] {
  const dir = path.join(suiteDir, 'remotes')
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
    )
  return walk(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [
      `http://localhost:1234/${path.relative(dir, f)}`,
      readSchemaFile(f, path.relative(suiteDir, f)),
    ])
}

function readSchemaFile(file: string, name: string): JsonSchema {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new SuiteError(`${name}: not a readable JSON file (${(error as Error).name})`)
  }
}

/**
 * A Test Suite file. Schemas are read with `JSON.parse`, as the generator reads ours; test data with
 * core's `readJson`, as our users read theirs, so an integer beyond 2^53 reaches the validators exactly.
 */
export function readSuiteFile(testsDir: string, file: string): SuiteGroup[] {
  let text: string
  try {
    text = readFileSync(path.join(testsDir, file), 'utf8')
  } catch (error) {
    throw new SuiteError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  let forSchemas: unknown
  let forData: unknown
  try {
    forSchemas = JSON.parse(text)
    forData = readJson(text)
  } catch (error) {
    throw new SuiteError(`${file}: not valid JSON (${(error as Error).name})`)
  }
  if (!Array.isArray(forSchemas) || !forSchemas.every(isGroup))
    throw new SuiteError(
      `${file}: must be a list of { description, schema, tests: [{ description, data, valid }] }`,
    )
  const exact = forData as SuiteGroup[]
  return forSchemas.map((group, g) => ({
    description: group.description,
    schema: group.schema,
    tests: group.tests.map((test, t) => ({ ...test, data: exact[g]!.tests[t]!.data })),
  }))
}

function isGroup(value: unknown): value is SuiteGroup {
  if (typeof value !== 'object' || value === null) return false
  const group = value as Record<string, unknown>
  return (
    typeof group.description === 'string' &&
    'schema' in group &&
    Array.isArray(group.tests) &&
    group.tests.every(
      (test: unknown) =>
        typeof test === 'object' &&
        test !== null &&
        typeof (test as Record<string, unknown>).description === 'string' &&
        'data' in test &&
        typeof (test as Record<string, unknown>).valid === 'boolean',
    )
  )
}

export function loadAotCheck(schema: JsonSchema, index: SchemaIndex): (value: unknown) => boolean {
  if (typeof schema === 'boolean') return instantiateCheck(emitCheck(schema, false, { typescript: false }))
  const flat = bundle(index, schema as JsonSchemaObject)
  return instantiateCheck(emitCheck(flat.schema, flat.recursive, { typescript: false }))
}

/** A generated explanation and its reference, the evaluator of the same bundled schema (as a model has). */
interface Explained {
  readonly explain: (value: unknown, sink: IssueSink) => void
  readonly reference: Evaluator
}

export function loadExplain(schema: JsonSchema, index: SchemaIndex): Explained | undefined {
  if (typeof schema === 'boolean') return undefined
  const flat = bundle(index, schema as JsonSchemaObject)
  const emitted = emitErrors(flat.schema, flat.recursive, { typescript: false })
  return emitted && { explain: instantiateExplain(emitted), reference: new Evaluator(flat.schema) }
}

export interface RunOptions {
  readonly remotes: readonly [string, JsonSchema][]
  /** Groups that may be skipped (those of other files are ignored). */
  readonly skipped: readonly SkippedGroup[]
  /** How many cases must run (the file's cases minus those of its skipped groups). */
  readonly expectedCases: number
  /** Cases that fail for a known reason (those of other files are ignored). */
  readonly knownFailures?: readonly KnownFailure[]
  /** The verdict a case must get; the suite's own by default. */
  readonly expected?: (test: SuiteCase, group: SuiteGroup) => boolean
}

/** Runs every case of one file; throws a SuiteError that lists every problem. */
export function runSuiteFile(testsDir: string, file: string, options: RunOptions): FileResult {
  const problems: string[] = []
  const skippedGroups: string[] = []
  const failedAsKnown: string[] = []
  let executed = 0
  let explained = 0
  const groups = readSuiteFile(testsDir, file)
  const skips = options.skipped.filter((s) => s.file === file)
  for (const skip of skips) {
    const matches = groups.filter((g) => g.description === skip.group).length
    if (matches !== 1)
      problems.push(`skipped group "${skip.group}" is ${matches === 0 ? 'not in the file' : 'ambiguous'}`)
  }
  const known = (options.knownFailures ?? []).filter((k) => k.file === file)
  for (const k of known) {
    const matches = groups.flatMap((g) =>
      g.description === k.group ? g.tests.filter((t) => t.description === k.test) : [],
    ).length
    if (matches !== 1)
      problems.push(
        `known failure "${k.group}" / "${k.test}" is ${matches === 0 ? 'not in the file' : 'ambiguous'}`,
      )
  }
  for (const group of groups) {
    const skip = skips.find((s) => s.group === group.description)
    const compiled = compile(group.schema, options.remotes)
    if ('error' in compiled) {
      if (!skip) problems.push(`group "${group.description}" cannot be compiled: ${compiled.error}`)
      else if (!compiled.error.includes(skip.error))
        problems.push(
          `group "${group.description}" is listed as skipped for ${skip.uses} ("${skip.error}") but fails with: ${compiled.error}`,
        )
      else skippedGroups.push(`${group.description} (uses ${skip.uses})`)
      continue
    }
    if (skip) {
      problems.push(`group "${group.description}" is listed as skipped (${skip.uses}) but compiles: run it`)
      continue
    }
    for (const test of group.tests) {
      executed++
      const valid = options.expected ? options.expected(test, group) : test.valid
      const got = {
        aot: compiled.aot(test.data),
        errors: compiled.evaluator.errors(test.data).length === 0,
        check: compiled.evaluator.check(test.data),
      }
      const passed = got.aot === valid && got.errors === valid && got.check === valid
      const name = `"${group.description}" / "${test.description}"`
      // The generated errors() (where it generates the schema's keywords) lists the evaluator's issues.
      if (compiled.explained) {
        const { explain, reference: evaluator } = compiled.explained
        explained++
        for (const maxIssues of [100, 1]) {
          const sink = new IssueSink(maxIssues)
          if (!evaluator.check(test.data)) explain(test.data, sink)
          const generated = JSON.stringify(sink.result())
          const reference = JSON.stringify(evaluator.errors(test.data, { maxIssues }))
          if (generated !== reference)
            problems.push(
              `${name}: generated errors() ${generated}, evaluator ${reference} (maxIssues ${maxIssues})`,
            )
        }
      }
      const knownFailure = known.find((k) => k.group === group.description && k.test === test.description)
      if (knownFailure && passed) problems.push(`${name} is listed as a known failure but passes: unlist it`)
      else if (knownFailure) failedAsKnown.push(`${name}: ${knownFailure.why}`)
      else if (!passed) problems.push(`${name}: expected ${valid}, got ${JSON.stringify(got)}`)
    }
  }
  if (executed !== options.expectedCases)
    problems.push(`executed ${executed} cases, expected ${options.expectedCases}`)
  if (problems.length > 0) throw new SuiteError(`${file}:\n  - ${problems.join('\n  - ')}`)
  return { executed, explained, skippedGroups, knownFailures: failedAsKnown }
}

type Compiled =
  | {
      evaluator: Evaluator
      aot: (value: unknown) => boolean
      /** The generated explanation; undefined where it does not generate the schema's keywords. */
      explained: Explained | undefined
    }
  | { error: string }

function compile(schema: JsonSchema, remotes: readonly [string, JsonSchema][]): Compiled {
  const index = new SchemaIndex()
  for (const [uri, remote] of remotes) index.add(remote, uri)
  try {
    index.add(schema)
    return {
      evaluator: new Evaluator(schema, { index }),
      aot: loadAotCheck(schema, index),
      explained: loadExplain(schema, index),
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}
