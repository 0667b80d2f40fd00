/**
 * Copies that treat every key as data: a `__proto__` or `constructor` key from untrusted input is
 * written as an own property and never reaches a prototype.
 */
import type { PathSegment } from './pointer.js'

/**
 * Sets an own, enumerable data property, whatever the key is. Only `__proto__` is an accessor on
 * Object.prototype, so every other key can be assigned (much faster than defineProperty): assigning
 * `constructor` or `prototype` creates an own property, as it should.
 */
export function defineValue(target: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    ;(target as Record<string, unknown>)[key] = value
  }
}

/**
 * A copy of an array by index. Not `slice`/`map`: they consult `array.constructor[Symbol.species]`, which
 * a hostile array with its own `constructor` key turns into a TypeError.
 */
export function copyArray<T>(items: readonly T[], map?: (item: T) => unknown): unknown[] {
  const out = new Array<unknown>(items.length)
  for (let i = 0; i < items.length; i++) out[i] = map ? map(items[i]!) : items[i]
  return out
}

/** A shallow copy of a plain object or an array. */
export function shallowCopy<T>(value: T): T {
  if (Array.isArray(value)) return copyArray(value) as T
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value as object))
    defineValue(copy, key, (value as Record<string, unknown>)[key])
  return copy as T
}

/** Returns `root` with `value` at `path`, copying only the containers along the path. */
export function withValueAt(root: unknown, path: readonly PathSegment[], value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  const container = shallowCopy(root as object) as Record<string, unknown>
  defineValue(container, String(head), withValueAt(container[String(head)], rest, value))
  return container
}

/** Returns `root` without the property at `path` (which must name an object property). */
export function withoutKeyAt(root: unknown, path: readonly PathSegment[]): unknown {
  const [head, ...rest] = path
  const container = shallowCopy(root as object) as Record<string, unknown>
  if (rest.length === 0) delete container[String(head)]
  else defineValue(container, String(head), withoutKeyAt(container[String(head)], rest))
  return container
}

/**
 * Returns `root` with the values at many paths replaced, in one pass: each container on a changed path
 * is copied once (one `withValueAt` per change would copy the containers above it per change). Changes
 * that share a container should come one after the other, as any depth-first walk gives them; if they
 * do not, the container is copied again, which costs time but is still correct. The input is not
 * changed, and the nesting of the paths does not use the stack.
 */
export function withValuesAt(
  root: unknown,
  changes: Iterable<{ readonly path: readonly PathSegment[]; readonly value: unknown }>,
): unknown {
  let result = root
  // copies[i]: the copy of the container that the first i segments of `previous` lead to.
  const copies: Record<string, unknown>[] = []
  let previous: readonly PathSegment[] = []
  for (const { path, value } of changes) {
    if (path.length === 0) {
      result = value
      copies.length = 0
      continue
    }
    let shared = 0
    while (shared < path.length && shared < previous.length && sameSegment(path[shared]!, previous[shared]!))
      shared++
    copies.length = Math.min(copies.length, shared + 1, path.length)
    previous = path
    if (copies.length === 0) {
      if (!isContainer(result)) continue
      result = shallowCopy(result)
      copies.push(result as Record<string, unknown>)
    }
    while (copies.length < path.length) {
      const parent = copies[copies.length - 1]!
      const key = String(path[copies.length - 1])
      const child = parent[key]
      if (!isContainer(child)) break
      const copy = shallowCopy(child) as Record<string, unknown>
      defineValue(parent, key, copy)
      copies.push(copy)
    }
    if (copies.length === path.length)
      defineValue(copies[path.length - 1]!, String(path[path.length - 1]), value)
    else copies.length = 0 // a path through a scalar: nothing to change, and nothing to reuse
  }
  return result
}

function sameSegment(a: PathSegment, b: PathSegment): boolean {
  return a === b || String(a) === String(b)
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}
