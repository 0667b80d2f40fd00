/**
 * Python jsonschema's verdicts on the examples (tools/conformance/python/verdicts.py). Python reads each
 * example file itself with `json.load`, whose integers are exact (arbitrary precision), as are the schemas'
 * int64 bounds. Missing Python or a missing module is a failure, never a skip: `pnpm setup:python` installs it.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { checkedFormats } from '@session-schemas/core/internal'
import type { Example } from './examples.js'

export const PYTHON = '/usr/bin/python3'
const SCRIPT = path.join(import.meta.dirname, '../python/verdicts.py')
const SETUP = "run `pnpm setup:python` (it installs Debian's python3-jsonschema)"

export interface PythonOptions {
  /** The interpreter; Debian's by default. */
  readonly python?: string
  /** Formats Python must check (not just accept): the formats our validators check, by default. */
  readonly formats?: readonly string[]
}

/** `example.key` -> Python's verdict, for exactly the given examples; throws when Python cannot say. */
export function pythonVerdicts(
  root: string,
  examples: readonly Example[],
  options: PythonOptions = {},
): Record<string, boolean> {
  const python = options.python ?? PYTHON
  const request = {
    formats: options.formats ?? Object.keys(checkedFormats),
    examples: examples.map(({ key, modelId, file }) => ({ key, modelId, file })),
  }
  const run = spawnSync(python, [SCRIPT, root], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const errorCode = run.error && ((run.error as NodeJS.ErrnoException).code ?? run.error.name)
  if (run.status === null && !run.signal) throw new Error(`${python} cannot be run (${errorCode}): ${SETUP}`)
  if (run.status !== 0) {
    const reason = run.stderr.trim().split('\n').at(-1) ?? ''
    const hint = /No module named '?jsonschema/.test(run.stderr)
      ? `Python's jsonschema is missing: ${SETUP}`
      : ''
    throw new Error(
      `verdicts.py failed (exit ${run.status ?? run.signal}): ${reason}${hint ? `\n${hint}` : ''}`,
    )
  }
  // Python exited 0 without reading the list of examples it was asked about (EPIPE).
  if (run.error) throw new Error(`verdicts.py did not take the list of examples (${errorCode})`)
  let verdicts: unknown
  try {
    verdicts = JSON.parse(run.stdout)
  } catch {
    throw new Error('verdicts.py printed something other than one JSON object')
  }
  if (typeof verdicts !== 'object' || verdicts === null || Array.isArray(verdicts))
    throw new Error('verdicts.py printed something other than one JSON object')
  const byKey = verdicts as Record<string, unknown>
  const missing = examples.filter((e) => typeof byKey[e.key] !== 'boolean').map((e) => e.key)
  const extra = Object.keys(byKey).filter((key) => !examples.some((e) => e.key === key))
  if (missing.length > 0 || extra.length > 0)
    throw new Error(
      `Python's verdicts do not match the examples: no verdict for [${missing.join(', ')}], unasked verdicts for [${extra.join(', ')}]`,
    )
  return byKey as Record<string, boolean>
}
