/**
 * The text of a JSON Pointer inside one record's JSON text, to highlight an issue where it is. A pointer
 * to something absent (a missing required property) finds the nearest thing that is there: its parent.
 */
import { fromPointer } from '@session-schemas/core'
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  skipBlanks,
  stringEnd,
  valueEnd,
} from './scan.js'

export interface Span {
  readonly start: number
  readonly end: number
}

/** Offsets of the value at `pointer` in `text` (a whole JSON value), or of its nearest present ancestor. */
export function locate(text: string, pointer: string): Span {
  let start = skipBlanks(text, 0)
  let segments: readonly (string | number)[]
  try {
    segments = fromPointer(pointer)
  } catch {
    segments = []
  }
  for (const segment of segments) {
    const child = childAt(text, start, String(segment))
    if (child === undefined) break
    start = child
  }
  return { start, end: valueEnd(text, start) }
}

/** Where the member `key` (of an object) or the item `key` (of an array) at `at` starts, if present. */
function childAt(text: string, at: number, key: string): number | undefined {
  const open = text.charCodeAt(at)
  if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined
  const isObject = open === OPEN_BRACE
  const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET
  let i = skipBlanks(text, at + 1)
  let index = 0
  // The last of duplicated keys is the one a parser keeps.
  let found: number | undefined
  while (i < text.length && text.charCodeAt(i) !== close) {
    let matches: boolean
    if (isObject) {
      if (text.charCodeAt(i) !== QUOTE) break
      const keyEnd = stringEnd(text, i)
      matches = keyText(text.slice(i, keyEnd)) === key
      i = skipBlanks(text, keyEnd)
      if (text.charCodeAt(i) !== COLON) break
      i = skipBlanks(text, i + 1)
    } else matches = String(index) === key
    if (matches) {
      found = i
      if (!isObject) break
    }
    i = skipBlanks(text, valueEnd(text, i))
    if (text.charCodeAt(i) === COMMA) i = skipBlanks(text, i + 1)
    index++
  }
  return found
}

function keyText(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string
  } catch {
    return undefined
  }
}
