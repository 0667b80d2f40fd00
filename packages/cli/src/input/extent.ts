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
  /** The open containers, innermost last: true for an object, false for an array. */
  private readonly containers: boolean[] = []
  private inString = false
  private escaped = false
  /** The last character outside strings that is not blank (0: none yet). */
  private last = 0

  /** Whether the value has opened and not yet closed. */
  get open(): boolean {
    return this.containers.length > 0
  }

  /** A line ended inside a string: JSON strings never span lines, so the value is broken here. */
  get brokenString(): boolean {
    return this.inString
  }

  /**
   * Whether a line that starts with `{` or `[` can continue the value: only where an element may begin,
   * after `[`, or after `,` in an array (after `{`, or `,` in an object, a member's name must come; and
   * printers write a member's value on its name's line, so a line that ends after `:` was cut off there).
   * Otherwise the value was cut off and a new record begins there.
   */
  get expectsValue(): boolean {
    const { last } = this
    if (last === OPEN_BRACKET) return true
    return last === COMMA && this.containers[this.containers.length - 1] === false
  }

  /** The last character outside strings that is not blank (0: none yet). */
  get lastChar(): number {
    return this.last
  }

  /** Follows one line; returns true when the value is closed by the end of it. */
  feed(line: string): boolean {
    this.feedPiece(line)
    return this.endLine()
  }

  /**
   * Follows a piece of a line (a line too large to be held is followed as it streams, its bytes read as latin1:
   * brackets, quotes and backslashes are ASCII, which no byte of a UTF-8 sequence is).
   */
  feedPiece(piece: string): void {
    let { inString, escaped, last } = this
    const { containers } = this
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i)
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
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) containers.push(c === OPEN_BRACE)
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && containers.length > 0) containers.pop()
    }
    this.inString = inString
    this.escaped = escaped
    this.last = last
  }

  /** A line ended: returns true when the value is closed. */
  endLine(): boolean {
    // An escape cannot carry over a line end.
    this.escaped = false
    return this.containers.length === 0
  }
}

/**
 * Whether a line can be the first line of a pretty-printed document: it opens a value it does not close,
 * so it ends with `{`, `[` or `,` (a compact record ends with `}`, `]` or a scalar). Not `:`: printers write
 * a member's value on its key's line (JSON.stringify, Python's json, jq), so a line that ends after a key is
 * a record cut off there, and the lines after it are records of their own, indented or not.
 */
export function mayOpen(line: string): boolean {
  let i = line.length - 1
  while (i >= 0 && isBlank(line.charCodeAt(i))) i--
  if (i < 0) return false
  const c = line.charCodeAt(i)
  return c === OPEN_BRACE || c === OPEN_BRACKET || c === COMMA
}

/**
 * Whether a line continues a pretty-printed document rather than starting a record of its own: it is
 * indented, closes a bracket, or starts with a string (a member, or an element, written without
 * indentation). Records of their own are objects or arrays in NDJSON, which start with `{` or `[`.
 */
export function continues(line: string): boolean {
  return continuesWith(line.charCodeAt(0))
}

/** `continues` for a line known by its first character (or byte) only: a line too large to be read. */
export function continuesWith(first: number): boolean {
  return (
    first === 0x20 || first === 0x09 || first === CLOSE_BRACE || first === CLOSE_BRACKET || first === QUOTE
  )
}

/** Whether a line starts with a blank: a line of an indented document (any line but its first and last). */
export function isIndented(line: string): boolean {
  const c = line.charCodeAt(0)
  return c === 0x20 || c === 0x09
}

/**
 * Whether a line is a whole record written in its first column: a non-empty object or array that opens at its
 * first character and closes at its last. No pretty printer writes such a line inside a document (nested values
 * are indented, and even unindented printers such as Python's `indent=0` put each member or element of a
 * non-empty value on a line of its own; `{}` and `[]` do come on one line), so it is a record after a document
 * that was cut off, not an element of it.
 */
export function isCompactRecord(line: string): boolean {
  const first = line.charCodeAt(0)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return false
  let end = line.length - 1
  while (end > 0 && isBlank(line.charCodeAt(end))) end--
  const last = line.charCodeAt(end)
  if (last !== CLOSE_BRACE && last !== CLOSE_BRACKET) return false
  let inner = 1
  while (inner < end && isBlank(line.charCodeAt(inner))) inner++
  if (inner === end) return false
  const extent = new Extent()
  return extent.feed(line) && !extent.brokenString
}

/** Whether a line's first character that is not blank is `{` or `[`: it opens a value, indented or not. */
export function opensValue(line: string): boolean {
  let i = 0
  while (i < line.length && isBlank(line.charCodeAt(i))) i++
  const c = line.charCodeAt(i)
  return c === OPEN_BRACE || c === OPEN_BRACKET
}
