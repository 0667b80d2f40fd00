/**
 * Where a JSON value that spans several lines ends: brackets and strings are followed, nothing is parsed.
 * Fed one line at a time (without its newline).
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a

export class Extent {
  private depth = 0
  private inString = false
  private escaped = false
  /** The last character outside strings that is not blank (0: none yet). */
  private last = 0

  /** Whether the value has opened and not yet closed. */
  get open(): boolean {
    return this.depth > 0
  }

  /** A line ended inside a string: JSON strings never span lines, so the value is broken here. */
  get brokenString(): boolean {
    return this.inString
  }

  /**
   * Whether a line that starts with `{` or `[` (in its first column) can continue the value: only where
   * a value may begin, after `[` or `,`. Otherwise the value was cut off and a new record begins there.
   */
  get expectsValue(): boolean {
    return this.last === OPEN_BRACKET || this.last === COMMA
  }

  /** Follows one line; returns true when the value is closed by the end of it. */
  feed(line: string): boolean {
    let { depth, inString, escaped, last } = this
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i)
      if (inString) {
        if (escaped) escaped = false
        else if (c === BACKSLASH) escaped = true
        else if (c === QUOTE) {
          inString = false
          last = QUOTE
        }
        continue
      }
      if (isBlank(c)) continue
      last = c
      if (c === QUOTE) inString = true
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--
    }
    this.depth = depth
    // An escape cannot carry over a line end either.
    this.inString = inString
    this.escaped = false
    this.last = last
    return depth === 0
  }
}

/**
 * Whether a line can be the first line of a pretty-printed document: it opens a value it does not close,
 * so it ends with `{`, `[`, `,` or `:` (a compact record ends with `}`, `]` or a scalar).
 */
export function mayOpen(line: string): boolean {
  let i = line.length - 1
  while (i >= 0 && isBlank(line.charCodeAt(i))) i--
  if (i < 0) return false
  const c = line.charCodeAt(i)
  return c === OPEN_BRACE || c === OPEN_BRACKET || c === COMMA || c === 0x3a
}

/**
 * Whether a line continues a pretty-printed document rather than starting a record of its own: it is
 * indented, closes a bracket, or starts with a string (a member, or an element, written without
 * indentation). Records of their own are objects or arrays in NDJSON, which start with `{` or `[`.
 */
export function continues(line: string): boolean {
  const c = line.charCodeAt(0)
  return c === 0x20 || c === 0x09 || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === QUOTE
}

/** Whether a line starts a new record in its first column: `{` or `[`. */
export function startsRecord(line: string): boolean {
  const c = line.charCodeAt(0)
  return c === OPEN_BRACE || c === OPEN_BRACKET
}
