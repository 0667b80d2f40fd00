/**
 * Where the line of a record starts in `validate`'s and `detect`'s output: its place in the input. What follows
 * is worded apart (on a worker thread with `--jobs N`, where the place is not known yet) and appended.
 */
import { printable } from './printable.js'
import type { Style } from './style.js'

/** The start of a JSON line, `{"source":…,"record":…,"line":…,`; the source is given as JSON text already. */
export function jsonPlace(sourceJson: string, record: number, line: number): string {
  return `{"source":${sourceJson},"record":${record},"line":${line},`
}

/**
 * The start of a text line, `FILE:LINE  record N  `; the file's name is made printable (a name can hold
 * control characters as a record can).
 */
export function textPlace(style: Style, source: string, line: number, record: number): string {
  return `${style.bold(`${printable(source)}:${line}`)}  record ${record}  `
}
