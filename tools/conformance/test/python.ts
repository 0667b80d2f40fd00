/** Python jsonschema's verdicts on the examples (tools/conformance/python/verdicts.py). */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Example } from './examples.js'

export const PYTHON = '/usr/bin/python3'

export interface PythonOptions {
  readonly python?: string
  readonly formats?: readonly string[]
}

export function pythonVerdicts(
  root: string,
  _examples: readonly Example[],
  options: PythonOptions = {},
): Record<string, boolean> {
  const python = options.python ?? PYTHON
  if (!existsSync(python))
    throw new Error(`${python} is missing: run \`pnpm setup:python\` (Debian's python3-jsonschema)`)
  const out = execFileSync(python, [path.join(import.meta.dirname, '../python/verdicts.py'), root], {
    cwd: root,
    encoding: 'utf8',
  })
  return JSON.parse(out)
}
