/** Runs the CLI on an argument list and returns the exit status; every failure becomes a message and a status. */
import { CommanderError } from 'commander'
import type { Context, Stdin } from './context.js'
import { CliError, OutputClosedError } from './errors.js'
import { printable } from './output/printable.js'
import { colorEnabled, createStyle } from './output/style.js'
import { Output, type WritableLike } from './output/writer.js'
import { createProgram } from './program.js'

export interface Io {
  readonly stdin: Stdin
  readonly stdout: WritableLike
  readonly stderr: WritableLike
  readonly env: NodeJS.ProcessEnv
}

/** `argv` without the node and script paths, e.g. `['validate', '--model', 'auto', 'file.json']`. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const ctx: Context = {
    stdin: io.stdin,
    stdout: new Output(io.stdout, 'stdout'),
    stderr: new Output(io.stderr, 'stderr'),
    env: io.env,
    out: createStyle(colorEnabled(io.stdout, io.env)),
    err: createStyle(colorEnabled(io.stderr, io.env)),
    exitCode: 0,
    failed: false,
  }
  let stdoutDealtWith = false
  try {
    await createProgram(ctx).parseAsync([...argv], { from: 'user' })
  } catch (error) {
    stdoutDealtWith = isOutputError(error)
    ctx.exitCode = exitCodeFor(error, ctx)
  }
  if (!stdoutDealtWith) {
    try {
      // The last flush can fail too (a full disk): then the run has not written all it says it has.
      await ctx.stdout.end()
    } catch (error) {
      ctx.exitCode = exitCodeFor(error, ctx)
    }
  }
  try {
    await ctx.stderr.end()
  } catch {
    // stderr itself failed (a full disk): there is nowhere to say so.
    ctx.exitCode = 2
  }
  return ctx.exitCode
}

/** stdout went away or failed: there is nothing more to write to it. */
function isOutputError(error: unknown): boolean {
  return error instanceof OutputClosedError || (error instanceof CliError && error.code === 'ERR_OUTPUT')
}

function exitCodeFor(error: unknown, ctx: Context): number {
  // Commander has printed its own message (or the help) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
  // The reader went away (`| head`): no message, no stack; the status is the verdict on every record read.
  if (error instanceof OutputClosedError) return ctx.failed ? 1 : ctx.exitCode
  if (error instanceof CliError) {
    // The message can quote a file's name (`cannot read FILE`), which can hold control characters.
    ctx.stderr.write(ctx.err.red(`session-schemas: ${printable(error.message)}\n`))
    return error.exitCode
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  ctx.stderr.write(ctx.err.red(`session-schemas: internal error (please report it): ${detail}\n`))
  return 2
}
