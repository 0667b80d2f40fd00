/** The verdict rules every command shares: empty input fails unless asked for. */
import type { Context } from './context.js'

export interface EmptyInputOptions {
  /** Accept an input without any record (exit 0 instead of 1). */
  readonly allowEmpty?: boolean
}

/**
 * An input without a single record fails the run (exit 1) unless `--allow-empty`: in a pipeline, empty
 * input usually means the command before it failed (`curl -s ... | session-schemas validate`).
 * Returns true, after saying so on stderr, when the empty input is a failure.
 */
export function refuseEmpty(ctx: Context, records: number, options: EmptyInputOptions): boolean {
  if (records > 0 || options.allowEmpty) return false
  ctx.failed = true
  ctx.stderr.write(
    ctx.err.red(
      'session-schemas: no records in the input (an empty input often means that the command feeding it failed); pass --allow-empty to accept it\n',
    ),
  )
  return true
}
