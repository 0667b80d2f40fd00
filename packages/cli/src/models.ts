/**
 * Every model the CLI knows, as the generated manifest lists them, loaded on demand: one model's module
 * when a command names it (so that `validate --model X` starts fast), every model's module when a command
 * needs them all (detection, `schemas list`).
 */
import { type ModelFacts, manifest } from '@session-schemas/converter/manifest'
import type { Model } from '@session-schemas/core'
import { UsageError } from './errors.js'

export interface ModelEntry {
  readonly model: Model<unknown>
  /** The npm package that exports it. */
  readonly packageName: string
  /** A top-level model (a whole document such as an API response), not a part inside one. */
  readonly document: boolean
  /** What the generated manifest says of it (evidence for detection, secrets, the sessions it holds). */
  readonly facts: ModelFacts
}

export type Registry = ReadonlyMap<string, ModelEntry>

const factsById: ReadonlyMap<string, ModelFacts> = new Map(manifest.map((facts) => [facts.id, facts]))

/** The manifest's facts of a model id, or undefined for an id no package exports. */
export function factsOf(id: string): ModelFacts | undefined {
  return factsById.get(id)
}

/** One model by id, importing only its own module (every model is its package's subpath export). */
export async function loadModel(id: string): Promise<Model<unknown> | undefined> {
  const facts = factsOf(id)
  if (!facts) return undefined
  const module = (await import(facts.specifier)) as { model?: Model<unknown> }
  return module.model?.id === id ? module.model : undefined
}

let registry: Promise<Registry> | undefined

/** Every model of every package, by id, in the manifest's order (package, then id). */
export function loadRegistry(): Promise<Registry> {
  registry ??= (async () => {
    // Each model's own subpath, not the package roots: a root also loads its helpers (jwt-claims' root
    // loads jose), which detection never calls.
    const modules = await Promise.all(
      manifest.map(async (facts) => (await import(facts.specifier)) as { model?: Model<unknown> }),
    )
    const exported = new Map<string, Model<unknown>>()
    for (const { model } of modules) if (model) exported.set(model.id, model)
    return new Map(
      manifest.map((facts) => {
        const model = exported.get(facts.id)
        // The manifest and the packages are generated together; a gap is a broken build, not bad input.
        if (!model) throw new Error(`${facts.package} exports no model ${facts.id} (run pnpm generate)`)
        return [facts.id, { model, packageName: facts.package, document: facts.document, facts }] as const
      }),
    )
  })()
  return registry
}

/** The number of single-character insertions, deletions and substitutions that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    previous = current
  }
  return previous[b.length]!
}

/** Typos this far from an id (or from its model name) are suggested: a slip of one or two keys. */
const MAX_TYPO_DISTANCE = 2

/**
 * Model ids that look like what the user typed, closest first: the same id or name in another case, a part
 * of an id, or an id or name one or two typos away (`XiqApiTokenInfp`, `vsphere/cis.Sesion.Info`).
 */
export function similarIds(id: string, known: Iterable<string>): string[] {
  const wanted = id.toLowerCase()
  const name = wanted.split('/').pop() ?? wanted
  const scored = [...known].flatMap((candidate) => {
    const lower = candidate.toLowerCase()
    const candidateName = lower.split('/').pop() ?? lower
    if (lower === wanted || candidateName === name) return [{ candidate, distance: 0 }]
    if (name.length >= 3 && lower.includes(name)) return [{ candidate, distance: 1 }]
    const distance = Math.min(
      editDistance(lower, wanted),
      name.length >= 4 ? editDistance(candidateName, name) : Number.POSITIVE_INFINITY,
    )
    return distance <= MAX_TYPO_DISTANCE ? [{ candidate, distance }] : []
  })
  return scored.sort((a, b) => a.distance - b.distance).map((entry) => entry.candidate)
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
