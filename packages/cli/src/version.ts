/** The CLI's version, from its package.json (read once, next to dist/). */
import { readFileSync } from 'node:fs'

export function cliVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}
