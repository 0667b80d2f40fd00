/** Runs the CLI on an argument list and returns the exit status; every failure becomes a message and a status. */
import { CommanderError } from 'commander'
import type { Context, Stdin } from './context.js'
import { CliError, OutputClosedError } from './errors.js'
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
  }
  try {
    await createProgram(ctx).parseAsync([...argv], { from: 'user' })
  } catch (error) {
    ctx.exitCode = exitCodeFor(error, ctx)
  }
  await ctx.stdout.end()
  await ctx.stderr.end()
  return ctx.exitCode
}

function exitCodeFor(error: unknown, ctx: Context): number {
  // Commander has printed its own message (or the help) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
  // The reader went away (`| head`): no message, no stack; the status says what was seen so far.
  if (error instanceof OutputClosedError) return ctx.exitCode
  if (error instanceof CliError) {
    ctx.stderr.write(ctx.err.red(`session-schemas: ${error.message}\n`))
    return error.exitCode
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  ctx.stderr.write(ctx.err.red(`session-schemas: internal error (please report it): ${detail}\n`))
  return 2
}
