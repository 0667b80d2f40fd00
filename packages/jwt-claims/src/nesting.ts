/**
 * How deeply a claims set, payload or header may nest. Real claims nest a few levels; a token that nests
 * thousands (12 KB of `[`) would overflow every recursive step after it (the exact int64 reader, the
 * bigint-to-string copy, `JSON.stringify` in a caller). A fixed limit refuses it up front, the same way
 * whatever the stack happens to hold.
 */

/** The deepest nesting of objects and arrays accepted; the claims set (or header) itself is level 1. */
export const MAX_NESTING_DEPTH = 128

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

/**
 * The top-level member (an object key, or an array index as text) through which `value` nests deeper
 * than `MAX_NESTING_DEPTH`, or undefined. Iterative: it never recurses itself.
 */
export function memberNestedTooDeep(value: unknown): string | undefined {
  if (!isContainer(value)) return undefined
  const stack: [item: unknown, depth: number, member: string][] = []
  for (const [member, child] of Object.entries(value)) stack.push([child, 2, member])
  while (stack.length > 0) {
    const [item, depth, member] = stack.pop()!
    if (!isContainer(item)) continue
    if (depth > MAX_NESTING_DEPTH) return member
    for (const child of Object.values(item)) if (isContainer(child)) stack.push([child, depth + 1, member])
  }
  return undefined
}
