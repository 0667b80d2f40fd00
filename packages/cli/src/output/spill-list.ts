/**
 * A list of JSON items for a report that is written at the end: kept in memory up to a limit, then
 * spilled to a temporary file, so that a report over a huge input never holds it all in memory.
 */
import { once } from 'node:events'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import path from 'node:path'
import { makeTempDir, removeTempDir } from './temp-dirs.js'
import type { Output } from './writer.js'

/** Item text kept in memory before spilling to disk. */
const IN_MEMORY_CHARS = 1024 * 1024

export class SpillList {
  private kept: string[] = []
  private keptChars = 0
  private spill: { dir: string; file: string; stream: WriteStream } | undefined
  private spilling: Promise<void> = Promise.resolve()
  private spilled = false
  private count = 0

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

  /** Spilling is asynchronous: wait for it between chunks. */
  pending(): Promise<void> {
    return this.spilling
  }

  /** Writes the items as the body of a JSON array (`[` and `]` are the caller's), indented for a report. */
  async writeTo(out: Output): Promise<void> {
    if (this.spilled) {
      this.flushKept()
      await this.spilling
      const spill = this.spill!
      const closed = once(spill.stream, 'close')
      spill.stream.end()
      await closed
      for await (const chunk of createReadStream(spill.file, { encoding: 'utf8' })) {
        out.write(chunk as string)
        const wait = out.ready()
        if (wait) await wait
      }
    } else out.write(this.kept.join(''))
    if (this.count > 0) out.write('\n  ')
  }

  /** Removes the spill file, however the run ended. */
  async dispose(): Promise<void> {
    await this.spilling.catch(() => {})
    if (!this.spill) return
    this.spill.stream.destroy()
    await removeTempDir(this.spill.dir)
    this.spill = undefined
  }

  private flushKept(): void {
    const text = this.kept.join('')
    this.kept = []
    this.keptChars = 0
    if (text === '') return
    this.spilled = true
    this.spilling = this.spilling.then(async () => {
      if (!this.spill) {
        const dir = await makeTempDir()
        const file = path.join(dir, 'report.json')
        this.spill = { dir, file, stream: createWriteStream(file) }
      }
      if (!this.spill.stream.write(text)) await once(this.spill.stream, 'drain')
    })
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
