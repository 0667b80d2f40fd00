/**
 * A progress bar on stderr (cli-progress) for long inputs read by people: only when stderr is a terminal
 * and the input's size is known and large. Pipes and small inputs get nothing.
 */

export interface Progress {
  /** Bytes read since the last call. */
  add(bytes: number, records: number): void
  /** Clears the bar's line so that a message can be written above it. */
  clear(): void
  stop(): void
}

/** Below this, a run is over before a bar would help. */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024

/** For runs that show no progress. */
export const NO_PROGRESS: Progress = { add() {}, clear() {}, stop() {} }

interface Terminal {
  readonly isTTY?: boolean
  write(text: string): boolean
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`

/** A bar, or NO_PROGRESS; the bar's library is loaded only when a bar is shown. */
export async function createProgress(
  stream: Terminal,
  totalBytes: number | undefined,
  label: string,
): Promise<Progress> {
  if (stream.isTTY !== true || totalBytes === undefined || totalBytes < PROGRESS_MIN_BYTES) return NO_PROGRESS
  const { default: cliProgress } = await import('cli-progress')
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {done} of {size} | {records} records | ETA {eta_formatted}`,
      barCompleteChar: '=',
      barIncompleteChar: ' ',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.legacy,
  )
  let value = 0
  let active = true
  bar.start(totalBytes, 0, { done: mebibytes(0), size: mebibytes(totalBytes), records: 0 })
  return {
    add(bytes, records) {
      value += bytes
      bar.update(value, { done: mebibytes(value), records })
    },
    clear() {
      stream.write('\r\x1b[2K')
    },
    stop() {
      if (active) bar.stop()
      active = false
    },
  }
}
