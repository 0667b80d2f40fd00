/**
 * A list of JSON items for a report that is written at the end: kept in memory up to a limit, then
 * spilled to a temporary file, so that a report over a huge input never holds it all in memory. The spill
 * is written at once (synchronously): a chunk of input can make a report hundreds of times its size (64 KiB
 * of `{}` records: 30 MB of issues), which an asynchronous write would hold until the chunk is done.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs'
import path from 'node:path'
import { CliError } from '../errors.js'
import { makeTempDir, removeTempDir } from './temp-dirs.js'
import type { Output } from './writer.js'

/**
 * Item text kept in memory before spilling to disk. Small, so that items die young: with 1 MiB they outlived two
 * scavenges, were promoted and filled the old generation (300,000 invalid XIQ records with `--format json`: 1.9 s
 * of CPU and 140 MB; with 64 KiB, 1.5 s and 122 MB; with `--jobs 2`, 186 -> 170 MB).
 */
const IN_MEMORY_CHARS = 64 * 1024
/** What a spill is encoded into: room for IN_MEMORY_CHARS and a few more items. */
const SPILL_BUFFER_BYTES = 4 * IN_MEMORY_CHARS

export class SpillList {
  private kept: string[] = []
  private keptChars = 0
  private spill: { dir: string; file: string; fd: number | undefined } | undefined
  private count = 0
  private scratch: Buffer | undefined

  get length(): number {
    return this.count
  }

  /** Adds one item (already JSON). */
  add(json: string): void {
    const text = `${this.count++ === 0 ? '' : ','}\n    ${json}`
    this.kept.push(text)
    this.keptChars += text.length
    if (this.keptChars >= IN_MEMORY_CHARS) this.flushKept()
  }

  /** Writes the items as the body of a JSON array (`[` and `]` are the caller's), indented for a report. */
  async writeTo(out: Output): Promise<void> {
    if (this.spill) {
      this.flushKept()
      this.closeSpill()
      for await (const chunk of createReadStream(this.spill.file, { encoding: 'utf8' })) {
        out.write(chunk as string)
        const wait = out.ready()
        if (wait) await wait
      }
    } else out.write(this.kept.join(''))
    if (this.count > 0) out.write('\n  ')
  }

  /** Removes the spill file, however the run ended. */
  async dispose(): Promise<void> {
    if (!this.spill) return
    this.closeSpill()
    await removeTempDir(this.spill.dir)
    this.spill = undefined
  }

  private closeSpill(): void {
    if (this.spill?.fd === undefined) return
    closeSync(this.spill.fd)
    this.spill.fd = undefined
  }

  /**
   * `text` as UTF-8, in one buffer reused from spill to spill when it fits (a UTF-16 unit is at most 3 bytes): a new
   * buffer per spill lives outside V8's heap until a collection finds it (tens of MB in a report of 148,000 items).
   */
  private encoded(text: string): Buffer {
    if (text.length * 3 > SPILL_BUFFER_BYTES) return Buffer.from(text, 'utf8')
    this.scratch ??= Buffer.allocUnsafeSlow(SPILL_BUFFER_BYTES)
    return this.scratch.subarray(0, this.scratch.write(text, 'utf8'))
  }

  private flushKept(): void {
    const text = this.kept.join('')
    this.kept = []
    this.keptChars = 0
    if (text === '') return
    try {
      if (!this.spill) {
        const dir = makeTempDir()
        const file = path.join(dir, 'report.json')
        this.spill = { dir, file, fd: undefined }
        this.spill.fd = openSync(file, 'w')
      }
      const bytes = this.encoded(text)
      for (let at = 0; at < bytes.length; ) at += writeSync(this.spill.fd!, bytes, at)
    } catch (error) {
      throw new CliError(
        'ERR_OUTPUT',
        `cannot write the report's temporary file: ${(error as Error).message}`,
        2,
        { cause: error },
      )
    }
  }
}

/** Writes `{ fields..., lists... }` as an indented JSON report, scalar fields first. */
export async function writeReport(
  out: Output,
  fields: Readonly<Record<string, unknown>>,
  lists: Readonly<Record<string, SpillList>>,
): Promise<void> {
  const parts = Object.entries(fields).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  )
  out.write(`{\n${parts.join(',\n')}`)
  for (const [key, list] of Object.entries(lists)) {
    out.write(`,\n  ${JSON.stringify(key)}: [`)
    await list.writeTo(out)
    out.write(']')
  }
  out.write('\n}\n')
}
