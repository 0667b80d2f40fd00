/** Colours for people, none for pipes: a TTY gets them unless NO_COLOR or FORCE_COLOR=0 says no; FORCE_COLOR says yes. */
import { styleText } from 'node:util'

type Format = Parameters<typeof styleText>[0]

export interface Style {
  readonly enabled: boolean
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
  bold(text: string): string
  dim(text: string): string
}

export function colorEnabled(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  // https://no-color.org: present and not empty disables colour, whatever else says.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  // FORCE_COLOR=0 (or false) says no, as Node's own streams read it; any other value says yes.
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false
  if (env.FORCE_COLOR !== undefined) return true
  return stream.isTTY === true && env.TERM !== 'dumb'
}

export function createStyle(enabled: boolean): Style {
  // We decide (per stream, NO_COLOR included); styleText must not second-guess with process.stdout.
  const paint = (format: Format) => (text: string) =>
    enabled ? styleText(format, text, { validateStream: false }) : text
  return {
    enabled,
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
    cyan: paint('cyan'),
    bold: paint('bold'),
    dim: paint('dim'),
  }
}
