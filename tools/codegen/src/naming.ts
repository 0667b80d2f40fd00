/** Names derived from model ids: the one place that decides how a model is spelled in code. */

export const ID_BASE = 'https://session-schemas.dev/schemas/'

/** The model id a `$id` stands for (`.../schemas/intersight/iam.Session` is `intersight/iam.Session`). */
export function modelIdOf($id: string): string | undefined {
  return $id.startsWith(ID_BASE) ? $id.slice(ID_BASE.length) : undefined
}

export function idOfModel(modelId: string): string {
  return ID_BASE + modelId
}

/** A TypeScript identifier for a model or definition name: `iam.Session.List` becomes `IamSessionList`. */
export function identifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean)
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
  return /^[0-9]/.test(joined) ? `_${joined}` : joined
}
