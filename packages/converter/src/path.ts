/** Reading and writing dotted paths (`user.org.uid`) in the common model, whose keys are all ours. */

const segments = new Map<string, string[]>()
/** A path's keys, split once: the same few paths are used for every record. */
function keysOf(path: string): string[] {
  let keys = segments.get(path)
  if (!keys) {
    keys = path.split('.')
    segments.set(path, keys)
  }
  return keys
}

export function getPath(root: unknown, path: string): unknown {
  let node = root
  for (const key of keysOf(path)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = keysOf(path)
  const last = keys.length - 1
  let node = root
  for (let i = 0; i < last; i++) {
    const key = keys[i]!
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keys[last]!] = value
}

/**
 * Every leaf path of the common model that holds a value and that no path in `used` covers (the path
 * itself or one of its ancestors is in `used`), for reporting what a target did not take. Arrays and
 * the entries of `unmapped` are leaves: their insides are source data, of any depth. One walk, each
 * level tested once against the set.
 */
export function unusedLeafPaths(root: unknown, used: ReadonlySet<string>): string[] {
  const found: string[] = []
  const walk = (node: unknown, prefix: string): void => {
    if (prefix !== '' && used.has(prefix)) return
    if (typeof node !== 'object' || node === null || Array.isArray(node) || prefix.startsWith('unmapped.')) {
      if (prefix !== '') found.push(prefix)
      return
    }
    for (const key of Object.keys(node))
      walk((node as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key)
  }
  walk(root, '')
  return found
}

/** Every leaf path of the common model that holds a value (see unusedLeafPaths). */
export function leafPaths(root: unknown): string[] {
  return unusedLeafPaths(root, new Set())
}

const pointers = new Map<string, string>()
/** `user.org.uid` as a JSON Pointer (`/user/org/uid`); the mapping tables' few paths are converted once. */
export function pointerOf(path: string): string {
  let pointer = pointers.get(path)
  if (pointer === undefined) {
    pointer = `/${path.split('.').join('/')}`
    if (pointers.size < 1024) pointers.set(path, pointer)
  }
  return pointer
}
