/** Opening the inputs: files and stdin, each checked before any record is read. */
import { createReadStream, type Stats } from 'node:fs'
import { access, constants, stat } from 'node:fs/promises'
import { InputError, UsageError } from '../errors.js'

export interface Source {
  /** What messages call it: the path, or `<stdin>`. */
  readonly name: string
  /** The file's size in bytes, when it is known up front (a file, or stdin redirected from a file). */
  readonly size: number | undefined
  /** The bytes, in chunks. */
  open(): AsyncIterable<Buffer>
}

/** What messages call stdin. */
export const STDIN_NAME = '<stdin>'

/** Chunk size: large enough that a chunk costs little, small enough that its text stays out of V8's large-object space. */
const CHUNK_BYTES = 64 * 1024
/**
 * Read size of a file: each read goes to libuv's thread pool and back, which costs more CPU than the copy
 * itself at 64 KiB (291 MiB: 0.22-0.29 s of CPU in 64 KiB reads, 0.17 s in 256 KiB reads, 0.11 s in 1 MiB
 * reads; `validate` on it 6% less CPU at 256 KiB than at 64 KiB). Larger reads cost memory (each is a buffer
 * outside V8's heap, freed late: peak RSS of `convert --to ocsf` on it 81 MB at 64 KiB, 106 MB at 256 KiB,
 * 121 MB at 1 MiB). The reads stay asynchronous, so a file on a stalled network share never stops the process
 * from answering Ctrl-C.
 */
const READ_AHEAD_BYTES = 256 * 1024

interface Stdin extends AsyncIterable<unknown> {
  readonly isTTY?: boolean
  readonly fd?: number
}

/** Why a file could not be read, in a few words (Node's message repeats the path and the syscall). */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

async function fileSource(path: string): Promise<Source> {
  /** The size of a regular file; undefined for a FIFO, a device or /dev/stdin, which are streamed. */
  let size: number | undefined
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw new InputError(`cannot read ${path}: it is a directory`)
    await access(path, constants.R_OK)
    if (info.isFile()) size = info.size
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read ${path}: ${describeReadError(error)}`, { cause: error })
  }
  return {
    name: path,
    size,
    open: () => readChunks(createReadStream(path, { highWaterMark: READ_AHEAD_BYTES }), path),
  }
}

async function stdinSource(stdin: Stdin): Promise<Source> {
  let size: number | undefined
  if (stdin.fd !== undefined) {
    let info: Stats | undefined
    try {
      info = await stat(`/dev/fd/${stdin.fd}`)
    } catch {
      // Not every platform has /dev/fd; the size only feeds the progress bar and the choice of reads.
    }
    // `- < /tmp`: said as for a directory given by name, not read as an empty input.
    if (info?.isDirectory()) throw new InputError(`cannot read ${STDIN_NAME}: it is a directory`)
    if (info?.isFile()) size = info.size
  }
  const { fd } = stdin
  return {
    name: STDIN_NAME,
    size,
    // Redirected from a file (`< records.ndjson`): read as a file is, from where the shell left it (stdin's
    // own stream, which reads 64 KiB at a time, is never started).
    open: () =>
      size !== undefined && fd !== undefined
        ? readChunks(
            createReadStream('', { fd, autoClose: false, highWaterMark: READ_AHEAD_BYTES }),
            STDIN_NAME,
          )
        : readChunks(stdin, STDIN_NAME),
  }
}

/**
 * A stream's chunks, in pieces of at most CHUNK_BYTES: a file is read READ_AHEAD_BYTES at a time, and the
 * splitters take 64 KiB at a time (the text of a larger piece would sit in V8's large-object space).
 */
async function* readChunks(stream: AsyncIterable<unknown>, name: string): AsyncIterable<Buffer> {
  try {
    for await (const read of stream) {
      const chunk = typeof read === 'string' ? Buffer.from(read) : (read as Buffer)
      if (chunk.length <= CHUNK_BYTES) yield chunk
      else for (let at = 0; at < chunk.length; at += CHUNK_BYTES) yield chunk.subarray(at, at + CHUNK_BYTES)
    }
  } catch (error) {
    throw new InputError(`cannot read ${name}: ${describeReadError(error)}`, { cause: error })
  }
}

/**
 * The sources for FILE arguments (`-` is stdin; none means stdin). Every file is checked first, so a
 * missing one fails the run (exit 2) before any output. A terminal on stdin is refused unless `-` asks.
 */
export async function openSources(files: readonly string[], stdin: Stdin): Promise<Source[]> {
  if (files.length === 0) {
    if (stdin.isTTY)
      throw new UsageError('no input: give FILEs, or pipe records into stdin (`-` reads a terminal)')
    return [await stdinSource(stdin)]
  }
  if (files.filter((file) => file === '-').length > 1)
    throw new UsageError('stdin (`-`) can be read only once')
  const sources: Source[] = []
  for (const file of files) sources.push(file === '-' ? await stdinSource(stdin) : await fileSource(file))
  return sources
}
