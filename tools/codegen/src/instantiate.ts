/**
 * Turns emitted AOT code into a function in this process, its imports passed in as parameters.
 * It uses `new Function`, so it is for tests and tools only; packages import the generated modules.
 */
import * as internal from '@session-schemas/core/internal'
import { Guard } from 'typebox/guard'
import { Hashing } from 'typebox/system'
import type { EmittedCheck } from './emit-check.js'
import type { EmittedErrors } from './emit-errors.js'

export function instantiateCheck(emitted: EmittedCheck): (value: unknown) => boolean {
  const scope: Record<string, unknown> = { ...internal, Guard, Hashing }
  const names = Object.keys(scope)
  return new Function(...names, `${emitted.code}\nreturn aotCheck`)(...names.map((name) => scope[name]))
}

/** The generated explanation (emitted with `typescript: false`) as a function in this process. */
export function instantiateExplain(
  emitted: EmittedErrors,
): (value: unknown, sink: internal.IssueSink) => void {
  const scope: Record<string, unknown> = { ...internal }
  const names = Object.keys(scope)
  return new Function(...names, `${emitted.code}\nreturn explain`)(...names.map((name) => scope[name]))
}
