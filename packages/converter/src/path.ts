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
  let node = root
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[keys[keys.length - 1]!] = value
}

/**
 * Every leaf path of the common model that holds a value, for reporting what a target did not take.
 * Arrays and the entries of `unmapped` are leaves: their insides are source data, of any depth.
 */
export function leafPaths(root: unknown, prefix = ''): string[] {
  if (typeof root !== 'object' || root === null || Array.isArray(root) || prefix.startsWith('unmapped.')) {
    return prefix ? [prefix] : []
  }
  return Object.keys(root).flatMap((key) =>
    leafPaths((root as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key),
  )
}

/** `user.org.uid` as a JSON Pointer (`/user/org/uid`). */
export function pointerOf(path: string): string {
  return `/${path.split('.').join('/')}`
}
