/**
 * Which model a record is, judged only on each model's own evidence, which the generator reads from the
 * schemas into the manifest (tools/codegen/src/manifest.ts):
 *
 * 1. discriminators: a property whose schema allows one value (a `const`, or an `enum` of one value and
 *    `null`), such as Intersight's `ClassId`/`ObjectType`, OCSF's `class_uid` or vAPI's `error_type`;
 * 2. required keys: the record has every key a top-level model requires;
 * 3. identifying keys: the record has a key that no other top-level model declares.
 *
 * The strongest kind of evidence decides; within it, the model that declares more of the record's keys.
 * A model without evidence is never chosen because its schema happens to accept the record (a model with
 * no required keys accepts almost any object). No evidence at all is `unknown`; equal evidence for several
 * models is `ambiguous`. Only top-level models (documents) are found by keys; parts such as a MoRef are
 * found only by a discriminator that names them. A key whose value names another model rules a model out
 * unless the model declares that key itself: records that name two models that way are `unknown`.
 */
import type { Issue, Model } from '@session-schemas/core'
import { type ModelFacts, manifest } from './generated/manifest.gen.js'

/** A model and what the generated manifest says of it: all that detection needs of it. */
export interface DetectableModel {
  readonly model: Model<unknown>
  readonly facts: ModelFacts
}

/** The models to choose among, by id (the CLI's registry of every model is one). */
export type ModelRegistry = ReadonlyMap<string, DetectableModel>
type Registry = ModelRegistry

const factsById: ReadonlyMap<string, ModelFacts> = new Map(manifest.map((facts) => [facts.id, facts]))

/**
 * A registry of the given models, in the manifest's order, e.g. every package's `models` list. A model
 * the manifest does not list is a broken build (run `pnpm generate`), not bad input: it throws.
 */
export function registryOf(models: Iterable<Model<unknown>>): ModelRegistry {
  const given = new Map<string, Model<unknown>>()
  for (const model of models) {
    if (!factsById.has(model.id)) throw new Error(`no manifest entry for ${model.id} (run pnpm generate)`)
    given.set(model.id, model)
  }
  return new Map(
    manifest.flatMap((facts) => {
      const model = given.get(facts.id)
      return model ? [[facts.id, { model, facts }] as const] : []
    }),
  )
}

export type Evidence = 'discriminator' | 'required-keys' | 'identifying-keys' | 'null'

export type Detection =
  | { readonly status: 'detected'; readonly model: string; readonly by: Evidence }
  | { readonly status: 'ambiguous'; readonly candidates: readonly string[]; readonly by: Evidence }
  | { readonly status: 'unknown'; readonly reason: string }

/** The values a discriminator allows, and the ones it tolerates without telling anything (`null`). */
interface Discriminator {
  readonly allowed: readonly unknown[]
  readonly neutral: readonly unknown[]
}

/** What a model's schema says about the top level of its records. */
interface Profile {
  /** Its place in the registry: where a detection keeps its tally. */
  readonly slot: number
  readonly id: string
  readonly model: Model<unknown>
  readonly document: boolean
  readonly required: readonly string[]
  readonly declared: ReadonlySet<string>
  readonly discriminators: ReadonlyMap<string, Discriminator>
  /** Declared keys that no other top-level model declares (documents only). */
  readonly identifying: ReadonlySet<string>
  readonly acceptsNull: boolean
}

/** A model's evidence as the manifest states it, with sets and maps for look-ups. */
function profileOf(model: Model<unknown>, facts: ModelFacts, slot = 0): Profile {
  const { evidence } = facts
  return {
    slot,
    id: facts.id,
    model,
    document: facts.document,
    required: evidence.required,
    declared: new Set(evidence.declared),
    discriminators: new Map(evidence.discriminators.map((d) => [d.key, d])),
    identifying: new Set(evidence.identifying),
    acceptsNull: evidence.acceptsNull,
  }
}

/** A model a discriminator key judges, with what that key may say of it. */
interface Judged extends Discriminator {
  readonly profile: Profile
}

/** A top-level model that declares a key, and whether only it declares the key. */
interface Declaring {
  readonly profile: Profile
  readonly identifying: boolean
}

/** What one key of a record tells: the models it is a discriminator of, the top-level models that declare it. */
interface KeyEvidence {
  readonly judged: Judged[]
  readonly declaring: Declaring[]
}

/** Every profile, and an index by key, so that a record costs one look-up per key it has. */
class Profiles {
  readonly all: Profile[] = []
  readonly documents: Profile[] = []
  readonly byKey = new Map<string, KeyEvidence>()

  constructor(registry: Registry) {
    for (const entry of registry.values()) {
      const profile = profileOf(entry.model, entry.facts, this.all.length)
      this.all.push(profile)
      if (profile.document) this.documents.push(profile)
      for (const [key, discriminator] of profile.discriminators)
        this.evidenceOf(key).judged.push({ ...discriminator, profile })
    }
    for (const profile of this.documents)
      for (const key of profile.declared)
        this.evidenceOf(key).declaring.push({ profile, identifying: profile.identifying.has(key) })
  }

  private evidenceOf(key: string): KeyEvidence {
    let evidence = this.byKey.get(key)
    if (!evidence) {
      evidence = { judged: [], declaring: [] }
      this.byKey.set(key, evidence)
    }
    return evidence
  }
}

const profilesOf = new WeakMap<Registry, Profiles>()
function profiles(registry: Registry): Profiles {
  let found = profilesOf.get(registry)
  if (!found) {
    found = new Profiles(registry)
    profilesOf.set(registry, found)
  }
  return found
}

/** What one record says for or against each model it touches. */
interface Tally {
  matches: number
  contradictions: number
  /** Record keys the model declares. */
  declared: number
  required: number
  identifying: number
}

const newTally = (): Tally => ({ matches: 0, contradictions: 0, declared: 0, required: 0, identifying: 0 })

/** One record's tallies, by profile slot, and the profiles touched in the order they were first touched. */
class Tallies {
  private readonly bySlot: (Tally | undefined)[]
  readonly touched: Profile[] = []

  constructor(size: number) {
    this.bySlot = new Array(size)
  }

  of(profile: Profile): Tally {
    let tally = this.bySlot[profile.slot]
    if (!tally) {
      tally = newTally()
      this.bySlot[profile.slot] = tally
      this.touched.push(profile)
    }
    return tally
  }

  /** The tally of a touched profile. */
  get(profile: Profile): Tally {
    return this.bySlot[profile.slot]!
  }
}

/** The best of `candidates` by `rank` (higher first), all of them on a tie. */
function best(candidates: readonly Profile[], rank: (profile: Profile) => number): Profile[] {
  let top = Number.NEGATIVE_INFINITY
  let chosen: Profile[] = []
  for (const profile of candidates) {
    const value = rank(profile)
    if (value > top) {
      top = value
      chosen = [profile]
    } else if (value === top) chosen.push(profile)
  }
  return chosen
}

function decided(chosen: readonly Profile[], by: Evidence): Detection {
  if (chosen.length === 1) return { status: 'detected', model: chosen[0]!.id, by }
  return { status: 'ambiguous', candidates: chosen.map((profile) => profile.id), by }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value === 'object' ? 'null' : typeof value
}

/** Identifies the model of one record (a parsed JSON value) among the models of `registry`. */
export function detect(value: unknown, registry: Registry): Detection {
  const all = profiles(registry)
  if (value === null) {
    const holders = all.documents.filter((profile) => profile.acceptsNull)
    return holders.length > 0 ? decided(holders, 'null') : { status: 'unknown', reason: 'null is no record' }
  }
  if (!isRecord(value)) return { status: 'unknown', reason: `a JSON ${kindOf(value)} is not a record` }
  const keys = Object.keys(value)
  const tallies = new Tallies(all.all.length)

  /** Keys whose value names a model (matches one of its discriminators), with a model each names. */
  const naming: { readonly key: string; readonly names: Profile }[] = []
  for (const key of keys) {
    const evidence = all.byKey.get(key)
    if (!evidence) continue
    if (evidence.judged.length > 0) {
      const said = value[key]
      for (const { profile, allowed, neutral } of evidence.judged) {
        if (allowed.includes(said)) {
          tallies.of(profile).matches++
          naming.push({ key, names: profile })
        } else if (!neutral.includes(said)) tallies.of(profile).contradictions++
      }
    }
    for (const { profile, identifying } of evidence.declaring) {
      const tally = tallies.of(profile)
      tally.declared++
      if (identifying) tally.identifying++
    }
  }

  const { touched } = tallies
  const named = touched.filter((profile) => tallies.get(profile).matches > 0)
  if (named.length > 0) {
    // More matching discriminators first, then fewer contradicting ones (a MoRef's ObjectType names its target).
    const chosen = best(named, (p) => tallies.get(p).matches * 1000 - tallies.get(p).contradictions)
    // A key that names another model, which the chosen one does not even declare, says the record is that other
    // model: `{"ClassId": "iam.Session", "ObjectType": "iam.Session.List"}` is no list (a list has no ClassId).
    // Where the chosen model declares the key, the key is its own (a MoRef's ObjectType names its target).
    const consistent = chosen.filter((profile) =>
      naming.every(({ key, names }) => names === profile || profile.declared.has(key)),
    )
    if (consistent.length === 0) return { status: 'unknown', reason: conflicting(naming) }
    return decided(consistent, 'discriminator')
  }
  // A discriminator that says otherwise rules a model out.
  const open = touched.filter((profile) => profile.document && tallies.get(profile).contradictions === 0)
  for (const profile of open) {
    const tally = tallies.get(profile)
    for (const key of profile.required) if (Object.hasOwn(value, key)) tally.required++
  }
  const complete = open.filter((p) => p.required.length > 0 && tallies.get(p).required === p.required.length)
  if (complete.length > 0)
    return decided(
      best(complete, (p) => tallies.get(p).declared),
      'required-keys',
    )
  const identified = open.filter((p) => tallies.get(p).identifying > 0)
  if (identified.length > 0)
    return decided(
      best(identified, (p) => tallies.get(p).declared),
      'identifying-keys',
    )
  return { status: 'unknown', reason: noEvidence(keys, touched, tallies) }
}

/** What each key that names a model says (`its ClassId names X, its ObjectType names Y`). */
function conflicting(naming: readonly { key: string; names: Profile }[]): string {
  const said = naming.map(({ key, names }) => `its ${JSON.stringify(key)} names ${names.id}`)
  return `conflicting evidence: ${[...new Set(said)].join(', ')}`
}

/** Why no model has evidence: the closest one and what it lacks. */
function noEvidence(keys: readonly string[], touched: readonly Profile[], tallies: Tallies): string {
  if (keys.length === 0) return 'an empty object carries no evidence of any model'
  const documents = touched.filter((profile) => profile.document && tallies.get(profile).declared > 0)
  if (documents.length === 0) return `no model declares any of its keys (${listKeys(keys)})`
  const closest = best(documents, (p) => tallies.get(p).declared)
  return `no model's own evidence; closest ${closest.map((p) => `${p.id} (${lacking(p, keys, tallies.get(p))})`).join(' or ')}`
}

function lacking(profile: Profile, keys: readonly string[], tally: Tally): string {
  if (tally.contradictions > 0) {
    const said = keys.filter((key) => profile.discriminators.has(key))
    return `its ${listKeys(said)} ${said.length === 1 ? 'has' : 'have'} another value`
  }
  const present = new Set(keys)
  const missing = profile.required.filter((key) => !present.has(key))
  if (missing.length > 0) return `lacks required ${listKeys(missing)}`
  return `has none of the keys only it declares, such as ${listKeys([...profile.identifying])}`
}

/** Up to five keys, quoted (control characters escaped), and how many more. */
function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((key) => JSON.stringify(key))
  return keys.length > 5 ? `${shown.join(', ')} and ${keys.length - 5} more` : shown.join(', ')
}

const standalone = new WeakMap<Model<unknown>, Profile>()
function profileOfModel(model: Model<unknown>): Profile {
  let profile = standalone.get(model)
  if (!profile) {
    const facts = factsById.get(model.id)
    // Every model a package exports is in the manifest; one that is not is a broken build.
    if (!facts) throw new Error(`no manifest entry for ${model.id} (run pnpm generate)`)
    profile = profileOf(model, facts)
    standalone.set(model, profile)
  }
  return profile
}

/**
 * Whether a record given this model explicitly must show evidence of it: only a model that requires no
 * key can accept a record that has none of its keys (`{}`, or a NITRO envelope given as
 * `netscaler/mpssession`). For the others, the missing required keys already make such a record invalid.
 */
export function needsEvidence(model: Model<unknown>): boolean {
  const profile = profileOfModel(model)
  return profile.required.length === 0 && profile.declared.size > 0
}

/**
 * For a record given an explicit model that needs evidence: undefined when the record has one of the
 * model's keys, else why it is not one, and (with the registry) the model it looks like.
 */
export function missingEvidence(
  model: Model<unknown>,
  value: unknown,
  registry?: Registry,
): string | undefined {
  if (!needsEvidence(model) || !isRecord(value)) return undefined
  const { declared } = profileOfModel(model)
  for (const key in value) if (Object.hasOwn(value, key) && declared.has(key)) return undefined
  const modelId = model.id
  if (!registry) return `the record has none of the keys ${modelId} declares, so nothing says it is one`
  const looks = detect(value, registry)
  const hint =
    looks.status === 'detected'
      ? `; it looks like ${looks.model}`
      : looks.status === 'ambiguous'
        ? `; it looks like ${looks.candidates.join(' or ')}`
        : ''
  return `the record has none of the keys ${modelId} declares, so nothing says it is one${hint}`
}

/** What `--model auto` says of a record: valid (as which models), or invalid (as which model, and why). */
export type Verdict =
  | { readonly valid: true; readonly models: readonly string[] }
  | { readonly valid: false; readonly model: string; readonly issues: readonly Issue[] }

/**
 * Judges a record as the model its evidence names. On equal evidence it is valid if it is valid as any
 * of the candidates (the verdict names every one it is valid as); else the candidate with the fewest
 * issues explains it. No evidence is invalid: the issue says which model came closest and what it lacks.
 */
export function judge(value: unknown, registry: Registry): Verdict {
  const detection = detect(value, registry)
  if (detection.status === 'unknown')
    return {
      valid: false,
      model: 'unknown',
      issues: [{ path: '', keyword: 'model', message: describeDetection(detection) }],
    }
  const candidates = detection.status === 'detected' ? [detection.model] : detection.candidates
  const models = candidates.map((id) => registry.get(id)!.model)
  if (models.length === 1) {
    // errors() is one check when valid, and does not check an invalid record twice.
    const issues = models[0]!.errors(value)
    return issues.length === 0
      ? { valid: true, models: candidates }
      : { valid: false, model: candidates[0]!, issues }
  }
  const passed = models.filter((model) => model.check(value))
  if (passed.length > 0) return { valid: true, models: passed.map((model) => model.id) }
  // The candidate with the fewest issues explains the record: the verdict names that one model.
  const explained = models.map((model) => ({ model: model.id, issues: model.errors(value) }))
  const closest = explained.reduce((a, b) => (b.issues.length < a.issues.length ? b : a))
  return { valid: false, model: closest.model, issues: closest.issues }
}

/** The models `detect` can answer: top-level models (by their keys) and any model with a discriminator. */
export function detectableModels(registry: Registry): ReadonlySet<string> {
  const all = profiles(registry)
  return new Set(all.all.filter((p) => p.document || p.discriminators.size > 0).map((p) => p.id))
}

/** One line for people: the model id, or what is unclear. */
export function describeDetection(detection: Detection): string {
  switch (detection.status) {
    case 'detected':
      return detection.model
    case 'ambiguous':
      return `ambiguous: could be ${detection.candidates.join(' or ')}`
    case 'unknown':
      return `unknown: ${detection.reason}`
  }
}
