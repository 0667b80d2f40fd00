/** Runs files of the JSON Schema Test Suite through both of our validators. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { bundle, emitCheck, instantiateCheck } from '@session-schemas/codegen'
import { Evaluator, type JsonSchema, type JsonSchemaObject, SchemaIndex } from '@session-schemas/core'

export interface SuiteGroup {
  readonly description: string
  readonly schema: JsonSchema
  readonly tests: readonly { readonly description: string; readonly data: unknown; readonly valid: boolean }[]
}

/** A group of a claimed file that uses what we do not support. */
export interface SkippedGroup {
  readonly file: string
  readonly group: string
  readonly uses: string
  readonly error: string
}

export interface FileResult {
  readonly executed: number
  readonly failures: readonly string[]
  readonly skippedGroups: readonly string[]
}

export function readSuiteFile(testsDir: string, file: string): SuiteGroup[] {
  return JSON.parse(readFileSync(path.join(testsDir, file), 'utf8'))
}

export function loadRemotes(suiteDir: string): [string, JsonSchema][] {
  const dir = path.join(suiteDir, 'remotes')
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
    )
  return walk(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [`http://localhost:1234/${path.relative(dir, f)}`, JSON.parse(readFileSync(f, 'utf8'))])
}

/** Files of `dir` (`.json`, without the extension) that are in no list. */
export function checkListing(dir: string, listed: readonly string[]): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
  const unlisted = files.filter((f) => !listed.includes(f))
  if (unlisted.length > 0) throw new Error(`${dir}: files in no list: ${unlisted.join(', ')}`)
}

export function loadAotCheck(schema: JsonSchema, index: SchemaIndex): (value: unknown) => boolean {
  const flat = typeof schema === 'boolean' ? schema : bundle(index, schema as JsonSchemaObject).schema
  return instantiateCheck(emitCheck(flat as JsonSchemaObject))
}

export interface RunOptions {
  readonly remotes: readonly [string, JsonSchema][]
  readonly skipped?: readonly SkippedGroup[]
  readonly expectedCases?: number
}

export function runSuiteFile(testsDir: string, file: string, options: RunOptions): FileResult {
  const failures: string[] = []
  const skippedGroups: string[] = []
  let executed = 0
  for (const group of readSuiteFile(testsDir, file)) {
    const index = new SchemaIndex()
    for (const [uri, remote] of options.remotes) {
      try {
        index.add(remote, uri)
      } catch {
        // A remote we cannot index is only a problem for the groups that use it.
      }
    }
    index.add(group.schema)
    let evaluator: Evaluator
    let aot: (value: unknown) => boolean
    try {
      evaluator = new Evaluator(group.schema, { index })
      aot = loadAotCheck(group.schema, index)
    } catch (error) {
      skippedGroups.push(`${group.description}: ${(error as Error).message}`)
      continue
    }
    for (const test of group.tests) {
      executed++
      const got = {
        aot: aot(test.data),
        errors: evaluator.errors(test.data).length === 0,
        check: evaluator.check(test.data),
      }
      if (got.aot !== test.valid || got.errors !== test.valid || got.check !== test.valid)
        failures.push(`${file} / ${group.description} / ${test.description}: ${JSON.stringify(got)}`)
    }
  }
  return { executed, failures, skippedGroups }
}
