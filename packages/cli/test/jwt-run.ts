/** Running the CLI in this process (`run(argv, io)`): for matrices too large to spawn a process per case. */
import { Readable } from 'node:stream'
import { run } from '../src/index.js'
import type { Result } from './helpers.js'

function sink() {
  let text = ''
  const stream = {
    write(chunk: string, callback?: (error?: Error | null) => void) {
      text += chunk
      // A stream acknowledges every write; the CLI waits for that before it exits.
      callback?.()
      return true
    },
    once: () => stream,
    on: () => stream,
  }
  return { stream, text: () => text }
}

/** The exit status and everything written, as `cli()` returns it for the built binary. */
export async function runCli(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Result> {
  const stdout = sink()
  const stderr = sink()
  const code = await run(args, {
    stdin: Readable.from([Buffer.from(options.input ?? '')]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
  })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}
