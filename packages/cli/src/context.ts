/** What a command runs with: the standard streams (wrapped), the environment, colours per stream. */

import type { Style } from './output/style.js'
import type { Output } from './output/writer.js'

export interface Stdin extends AsyncIterable<unknown> {
  readonly isTTY?: boolean
  readonly fd?: number
}

export interface Context {
  readonly stdin: Stdin
  readonly stdout: Output
  readonly stderr: Output
  readonly env: NodeJS.ProcessEnv
  /** Colours for what goes to stdout, and for what goes to stderr. */
  readonly out: Style
  readonly err: Style
  /** What the process exits with; commands set it. */
  exitCode: number
  /**
   * A record read so far was invalid, malformed or failed. Set as each record is judged, so that a run
   * that stops early (its reader went away) still exits with the verdict on every record it read.
   */
  failed: boolean
}
