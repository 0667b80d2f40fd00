/** A file the run writes besides stdout (`--losses FILE`): opened before any input is read, checked like stdout. */
import { once } from 'node:events'
import { open } from 'node:fs/promises'
import { CliError } from '../errors.js'
import { Output } from './writer.js'

export interface OutputFile {
  readonly path: string
  readonly output: Output
  /** Writes what is buffered and closes the file; throws (exit 2) if any write failed. */
  close(): Promise<void>
  /** Closes the file without waiting for what is buffered (the run failed anyway). */
  abort(): void
}

export async function openOutputFile(file: string, option: string): Promise<OutputFile> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(file, 'w')
  } catch (error) {
    throw new CliError('ERR_OUTPUT', `${option}: cannot write ${file}: ${(error as Error).message}`, 2, {
      cause: error,
    })
  }
  const stream = handle.createWriteStream({ encoding: 'utf8' })
  const output = new Output(stream, file)
  return {
    path: file,
    output,
    async close() {
      try {
        await output.end()
      } finally {
        const closed = once(stream, 'close').catch(() => {})
        stream.end()
        await closed
      }
    },
    abort: () => stream.destroy(),
  }
}
