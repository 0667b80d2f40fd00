/** JSON values as generated code writes them. */

/** A JSON value as an expression that builds it: `JSON.parse` keeps a `"__proto__"` key an own key. */
export function literalValue(value: unknown): string {
  if (typeof value === 'number') return String(value)
  return `JSON.parse(${JSON.stringify(JSON.stringify(value))})`
}
