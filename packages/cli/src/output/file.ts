/** A file the run writes besides stdout (`--losses FILE`): opened before any input is read, checked like stdout. */
import { once } from 'node:events'
import type { Stats } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { CliError, UsageError } from '../errors.js'
import { Output } from './writer.js'

export interface OutputFile {
  readonly path: string
  readonly output: Output
  /** Writes what is buffered and closes the file; throws (exit 2) if any write failed. */
  close(): Promise<void>
  /** Closes the file without waiting for what is buffered (the run failed anyway). */
  abort(): void
}

/**
 * Opens `file` for writing (emptying it) before any input is read. `inputs` are the paths the run reads, and
 * stdin's file descriptor if it reads stdin: the file must be none of them, or opening it would empty an input
 * before it is read (`convert --losses same.json same.json`, or `< same.json`).
 */
export async function openOutputFile(file: string, option: string, inputs: FilesInUse): Promise<OutputFile> {
  await refuseInput(file, option, inputs)
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

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path)
  } catch {
    return undefined
  }
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino

/** What a run reads and writes besides the file it opens: the file must be none of them. */
export interface FilesInUse {
  /** The input files. */
  readonly paths: readonly string[]
  /** Stdin's file descriptor, if the run reads stdin. */
  readonly stdinFd?: number | undefined
  /** The descriptors stdout and stderr write to (`> out.ndjson`), where they are known. */
  readonly outputFds?: readonly { readonly name: string; readonly fd: number | undefined }[]
}

async function refuseInput(file: string, option: string, inputs: FilesInUse): Promise<void> {
  const target = await statOf(file)
  // Not there yet (so no input), or not a file that opening would empty (/dev/null, a FIFO).
  if (!target?.isFile()) return
  const fd = (n: number) => `/dev/fd/${n}`
  const uses = [
    ...inputs.paths.map((path) => ({
      at: path,
      is: `an input (${path}), which writing it would empty before it is read`,
    })),
    ...(inputs.stdinFd === undefined
      ? []
      : [
          {
            at: fd(inputs.stdinFd),
            is: 'the input on stdin, which writing it would empty before it is read',
          },
        ]),
    // Both would write the same file, each over the other.
    ...(inputs.outputFds ?? []).flatMap((output) =>
      output.fd === undefined ? [] : [{ at: fd(output.fd), is: `where ${output.name} goes` }],
    ),
  ]
  for (const use of uses) {
    const used = await statOf(use.at)
    if (used && sameFile(used, target)) throw new UsageError(`${option}: ${file} is also ${use.is}`)
  }
}
