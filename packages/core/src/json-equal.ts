/** Equality of JSON values as JSON Schema defines it for `enum`, `const` and `uniqueItems`. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' || typeof a === 'bigint') {
    // 1 and 1.0 are the same JSON number; an exact bigint equals the number it stands for.
    if (typeof b === 'number' || typeof b === 'bigint') return sameNumber(a, b)
    return false
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (const key of ka) {
    if (!Object.hasOwn(b, key)) return false
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false
  }
  return true
}

function sameNumber(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b
  const [big, num] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a]
  return Number.isInteger(num) && BigInt(num) === big
}

/** The first pair of equal items `[j, i]` (j < i), if any. */
export function firstDuplicate(items: readonly unknown[]): [number, number] | undefined {
  for (let i = 1; i < items.length; i++)
    for (let j = 0; j < i; j++) if (jsonEqual(items[i], items[j])) return [j, i]
  return undefined
}
