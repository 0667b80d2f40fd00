/**
 * Turns emitted AOT code (emitted with `typescript: false`) into functions in this process, its imports
 * passed in as parameters. It uses `new Function`, so it is for tests and tools only; packages import
 * the generated modules.
 */
import * as internal from '@session-schemas/core/internal'
import type { EmittedValidator } from './emit-validator.js'

function instantiate(emitted: EmittedValidator, entry: string): unknown {
  const scope: Record<string, unknown> = { ...internal }
  const names = Object.keys(scope)
  return new Function(...names, `${emitted.code}\nreturn ${entry}`)(...names.map((name) => scope[name]))
}

export function instantiateCheck(emitted: EmittedValidator): (value: unknown) => boolean {
  return instantiate(emitted, 'aotCheck') as (value: unknown) => boolean
}

/** The generated explanation as a function in this process. */
export function instantiateExplain(
  emitted: EmittedValidator,
): (value: unknown, sink: internal.IssueSink) => void {
  return instantiate(emitted, 'explain') as (value: unknown, sink: internal.IssueSink) => void
}
