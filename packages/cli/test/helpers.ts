/**
 * Running the BUILT CLI (packages/cli/dist), and the inputs the tests feed it. `cli()` runs its `run(argv, io)`
 * in this process, with the streams and environment a spawned CLI would get; `spawnCli()` spawns
 * `node dist/bin.js` as a user would, for what only a process shows (bin.ts, exit statuses, signals, pipes).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { afterAll } from 'vitest'

export const root = path.resolve(import.meta.dirname, '../../..')
export const bin = path.join(root, 'packages/cli/dist/bin.js')
const library = path.join(root, 'packages/cli/dist/index.js')

if (!existsSync(bin) || !existsSync(library)) {
  throw new Error(`${bin} is missing: build first (npx turbo run build --filter=@session-schemas/cli...)`)
}

// The built library, loaded by Node itself (vitest.config.ts externalizes packages/*/dist), so that it
// imports the other packages' dist/ as an installed CLI does, not the sources the unit tests alias.
const { run } = (await import(pathToFileURL(library).href)) as typeof import('../src/index.js')

export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  /** Written to stdin, then stdin is closed. Without it, stdin is empty (closed at once). */
  readonly input?: string | Buffer
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly cwd?: string
}

/** Colour and the parent's variables would make outputs differ between a terminal and CI. */
const BASE_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined &&
      !['FORCE_COLOR', 'NO_COLOR', 'SESSION_SCHEMAS_REPORT_MAX_RSS'].includes(entry[0]),
  ),
)

function environment(options: RunOptions): Record<string, string> {
  const env: Record<string, string> = { ...BASE_ENV }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

/** What a pipe hands a reader at a time: a big input arrives in chunks, as it does on a real stdin. */
const PIPE_CHUNK = 64 * 1024

/** A stream that keeps what is written and acknowledges each write, as a pipe that is read does. */
function sink() {
  const chunks: string[] = []
  const stream = {
    write(chunk: string, callback?: (error?: Error | null) => void) {
      chunks.push(chunk)
      callback?.()
      return true
    },
    once: () => stream,
    on: () => stream,
  }
  return { stream, text: () => chunks.join('') }
}

/**
 * Runs the built CLI in this process: what `node dist/bin.js` does, less the process (bin.ts's signal
 * handlers and maxRSS report, a real pipe or terminal). The environment is the same as `spawnCli`'s; the
 * working directory is this process's, so a test that needs another one spawns.
 */
export async function cli(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  if (path.resolve(options.cwd ?? root) !== process.cwd()) return spawnCli(args, options)
  const input =
    typeof options.input === 'string' ? Buffer.from(options.input) : (options.input ?? Buffer.alloc(0))
  const chunks: Buffer[] = []
  for (let at = 0; at < input.length; at += PIPE_CHUNK) chunks.push(input.subarray(at, at + PIPE_CHUNK))
  const stdout = sink()
  const stderr = sink()
  const code = await run(args, {
    stdin: Readable.from(chunks),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: environment(options),
  })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

/** Spawns `node dist/bin.js` with the parent's environment (less colour settings) and `options.env`. */
export function spawnCli(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env = environment(options)
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    )
    child.stdin.on('error', () => {}) // a CLI that exits early closes its stdin
    child.stdin.end(options.input ?? '')
  })
}

/** A temporary directory for this test file, removed afterwards. */
export function scratch(): { dir: string; file(name: string, content: string | Buffer): string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'session-schemas-cli-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return {
    dir,
    file(name, content) {
      const file = path.join(dir, name)
      writeFileSync(file, content)
      return file
    },
  }
}

/** An example of the repository's schemas, as compact JSON text (exact: no re-serialization of numbers). */
export function example(relative: string): string {
  const text = readFileSync(path.join(root, 'schemas', relative), 'utf8')
  // One line without parsing, so that integers beyond 2^53 stay as written (strings never span lines).
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('')
}

export const INTERSIGHT = 'intersight/examples/valid/iam.Session/select-subset.json'

/** A valid and an invalid Intersight session, one line each. */
export const VALID_SESSION =
  '{"ClassId":"iam.Session","ObjectType":"iam.Session","Moid":"60467a7a6176752d35d3a1b2","Status":"Active"}'
export const INVALID_SESSION = '{"ClassId":"iam.Session","ObjectType":"iam.Session","Status":"Expired"}'

export function parseJsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown)
}

/** The JSON report of `validate --format json`. */
export interface Report {
  model: string
  total: number
  valid: number
  invalid: number
  malformed: number
  issues: { record: number; line: number; path: string; keyword: string; message: string }[]
}
