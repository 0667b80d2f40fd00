/**
 * The temporary directories a run makes (a report spilled to disk), so that they are removed however
 * the run ends: normally by their owner, on SIGINT/SIGTERM by `removeTempDirsSync` (see bin.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

const live = new Set<string>()

export function makeTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'session-schemas-'))
  live.add(dir)
  return dir
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  live.delete(dir)
}

/** Removes every temporary directory still there; for signal handlers, which cannot wait. */
export function removeTempDirsSync(): void {
  for (const dir of live) {
    rmSync(dir, { recursive: true, force: true })
    live.delete(dir)
  }
}
