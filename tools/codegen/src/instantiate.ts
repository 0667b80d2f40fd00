/**
 * Turns emitted AOT code into a function in this process, its imports passed in as parameters.
 * It uses `new Function`, so it is for tests and tools only; packages import the generated modules.
 */
import * as internal from '@session-schemas/core/internal'
import { Guard } from 'typebox/guard'
import { Hashing } from 'typebox/system'
import type { EmittedCheck } from './emit-check.js'

export function instantiateCheck(emitted: EmittedCheck): (value: unknown) => boolean {
  const scope: Record<string, unknown> = { ...internal, Guard, Hashing }
  const names = Object.keys(scope)
  return new Function(...names, `${emitted.code}\nreturn aotCheck`)(...names.map((name) => scope[name]))
}
