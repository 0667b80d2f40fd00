/**
 * Every model the CLI knows, loaded on demand: one model's module when a command names it (so that
 * `validate --model X` starts fast), every package's `models` list when a command needs them all
 * (detection, `schemas list`).
 */
import type { Model } from '@session-schemas/core'
import { UsageError } from './errors.js'

/** The package that owns each model id prefix (the converter owns the common model and OCSF). */
const OWNERS: Readonly<Record<string, string>> = {
  intersight: '@session-schemas/intersight',
  vsphere: '@session-schemas/vsphere',
  netscaler: '@session-schemas/netscaler',
  extremecloudiq: '@session-schemas/extremecloudiq',
  common: '@session-schemas/converter',
  ocsf: '@session-schemas/converter',
  jwt: '@session-schemas/jwt-claims',
}

export interface ModelEntry {
  readonly model: Model<unknown>
  /** The npm package that exports it. */
  readonly packageName: string
  /** A top-level model (a whole document such as an API response), not a part inside one. */
  readonly document: boolean
}

export type Registry = ReadonlyMap<string, ModelEntry>

/** A model id as the packages spell them: `vendor/Name` (the name is a file name: letters, digits, dots). */
const MODEL_ID = /^([a-z]+)\/([A-Za-z][A-Za-z0-9.]*)$/

export function packageOf(id: string): string | undefined {
  const match = MODEL_ID.exec(id)
  return match ? OWNERS[match[1]!] : undefined
}

/** One model by id, importing only its own module (every model is its package's subpath export). */
export async function loadModel(id: string): Promise<Model<unknown> | undefined> {
  const owner = packageOf(id)
  if (!owner) return undefined
  try {
    const module = (await import(`${owner}/${id.slice(id.indexOf('/') + 1)}`)) as { model?: Model<unknown> }
    return module.model?.id === id ? module.model : undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined
    throw error
  }
}

let registry: Promise<Registry> | undefined

/** Every model of every package, by id, in a stable order (package, then id). */
export function loadRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const owners = [...new Set(Object.values(OWNERS))]
    const lists = await Promise.all(
      owners.map(async (packageName) => {
        const { models, documents } = (await import(packageName)) as {
          models: readonly Model<unknown>[]
          documents: readonly string[]
        }
        const isDocument = new Set(documents)
        return [...models]
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((model) => [model.id, { model, packageName, document: isDocument.has(model.id) }] as const)
      }),
    )
    return new Map(lists.flat())
  })()
  return registry
}

/** Model ids that look like what the user typed (the same name in another case, or a part of an id). */
export function similarIds(id: string, known: Iterable<string>): string[] {
  const wanted = id.toLowerCase()
  const name = wanted.split('/').pop() ?? wanted
  return [...known].filter((candidate) => {
    const lower = candidate.toLowerCase()
    return lower === wanted || lower.endsWith(`/${name}`) || (name.length >= 3 && lower.includes(name))
  })
}

/** The model with this id, or a UsageError that lists close matches. */
export async function requireModel(id: string, option: string): Promise<Model<unknown>> {
  const model = await loadModel(id)
  if (model) return model
  const similar = similarIds(id, (await loadRegistry()).keys())
  const hint = similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : ''
  throw new UsageError(
    `${option}: unknown model id ${JSON.stringify(id)}${hint} (see \`session-schemas schemas list\`)`,
  )
}
