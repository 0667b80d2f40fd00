/**
 * Writes the manifest where every consumer can import it: `@session-schemas/converter/manifest` (the
 * converter sits above every vendor package and below jwt-claims and the CLI, so the import chain stays
 * one-way; the manifest is data, it imports nothing). Beside it, the converter's own view of the models it
 * can validate: those of the packages it depends on.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { banner, literal } from './emit-module.js'
import { GenerationError } from './errors.js'
import type { OutputFile } from './generate.js'
import type { ModelFacts } from './manifest.js'
import { OWNER_LIST } from './owners.js'

/** The package that holds the generated manifest. */
export const MANIFEST_HOME = 'packages/converter'

const TYPES = `/** The values a discriminator allows, and the ones it tolerates without telling anything (\`null\`). */
export interface Discriminator {
  readonly key: string
  readonly allowed: readonly unknown[]
  readonly neutral: readonly unknown[]
}

/** What a model's schema says about the top level of its records: the evidence \`--model auto\` weighs. */
export interface Evidence {
  /** Top-level required keys (through \`allOf\` and local \`$ref\`s). */
  readonly required: readonly string[]
  /** Top-level declared keys, in the schema's order. */
  readonly declared: readonly string[]
  /** Properties that allow exactly one value besides \`null\`. */
  readonly discriminators: readonly Discriminator[]
  /** Declared keys that no other top-level model declares (top-level models only). */
  readonly identifying: readonly string[]
  /** A top-level model whose schema accepts \`null\` (vim25's "no session" body). */
  readonly acceptsNull: boolean
}

/** What an envelope holds: sessions of \`holds\`, in the array at \`items\`, the one at \`value\` (or the document itself, or null). */
export interface Envelope {
  readonly holds: string
  readonly items?: string
  readonly value?: string
  /** An item whose only key is this one is a count, not a session. */
  readonly countKey?: string
  /** The top-level key of a numeric status code, shown when the envelope holds no session. */
  readonly statusKey?: string
}

export interface ModelFacts {
  /** \`intersight/iam.Session\` */
  readonly id: string
  /** The directory under \`schemas/\`: \`intersight\` */
  readonly vendor: string
  /** The npm package that exports it. */
  readonly package: string
  /** Its subpath export: \`iam.Session\` */
  readonly subpath: string
  /** \`@session-schemas/intersight/iam.Session\` */
  readonly specifier: string
  readonly title: string
  /** A top-level model (a whole document, such as an API response), not a part inside one. */
  readonly document: boolean
  /**
   * Where the schema marks secrets (\`format: "password"\`): JSON Pointers (\`*\`: any item or key), and their
   * key names; and where it describes, in every valid value, a key with a secret name of some model that is
   * no secret there (\`described\`: an Intersight tag's \`Key\`).
   */
  readonly secrets: {
    readonly paths: readonly string[]
    readonly names: readonly string[]
    readonly described: readonly string[]
  }
  readonly evidence: Evidence
  /** For an envelope: the sessions it holds. */
  readonly envelope?: Envelope
}`

export function emitManifest(manifest: readonly ModelFacts[]): OutputFile {
  const lines = [
    banner('schemas/ and tools/codegen/src/owners.ts (every model)'),
    '// The one list of models: the CLI, the converter, conformance, bench, demo and the README tables read it.',
    '',
    TYPES,
    '',
    '/** Every model: in the order of the owner list (tools/codegen/src/owners.ts), then by id. */',
    `export const manifest = ${literal(manifest)} as const satisfies readonly ModelFacts[]`,
    '',
    '/** The id of any model. */',
    "export type ModelId = (typeof manifest)[number]['id']",
    '',
    "/** Each vendor directory's product (tools/codegen/src/owners.ts): OCSF's `metadata.product` of its sessions. */",
    `export const products = ${literal(Object.fromEntries(OWNER_LIST.flatMap(([directory, owner]) => (owner.product ? [[directory, owner.product]] : []))))} as const satisfies Readonly<Record<string, { readonly name: string; readonly vendor_name: string }>>`,
    '',
    '/** The facts of one model by id, or undefined. */',
    'export function modelFacts(id: string): ModelFacts | undefined {',
    '  return (manifest as readonly ModelFacts[]).find((facts) => facts.id === id)',
    '}',
    '',
  ]
  return { path: `${MANIFEST_HOME}/src/generated/manifest.gen.ts`, content: lines.join('\n') }
}

/**
 * The models the manifest's home can validate: every model of each package it depends on (a static import
 * per package, so bundlers see them).
 */
export function emitDependencyModels(root: string, manifest: readonly ModelFacts[]): OutputFile {
  const pkg = JSON.parse(readFileSync(path.join(root, MANIFEST_HOME, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
  }
  const packages = [...new Set(manifest.map((m) => m.package))].filter(
    (name) => pkg.dependencies?.[name] !== undefined,
  )
  const local = (name: string) =>
    name.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase())
  const lines = [
    banner('tools/codegen/src/owners.ts and this package.json (the packages it depends on)'),
    "import type { Model } from '@session-schemas/core'",
    ...packages.map((name) => `import { models as ${local(name)} } from '${name}'`),
    '',
    '/** Every model of the packages this one depends on (vendor sessions, envelopes, errors, parts). */',
    `export const dependencyModels: readonly Model<unknown>[] = [${packages.map((name) => `...${local(name)}`).join(', ')}]`,
    '',
  ]
  return { path: `${MANIFEST_HOME}/src/dependency-models.gen.ts`, content: lines.join('\n') }
}

/** A generated section of a README, between its markers. */
export interface ReadmeSection {
  readonly file: string
  readonly name: string
  readonly body: string
}

const markers = (name: string) =>
  [`<!-- generated:${name} (pnpm generate; do not edit by hand) -->`, `<!-- /generated:${name} -->`] as const

/** The file with its section replaced; undefined when the file does not exist (a partial checkout). */
export function withSection(root: string, section: ReadmeSection): OutputFile | undefined {
  const file = path.join(root, section.file)
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, 'utf8')
  const [start, end] = markers(section.name)
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to === -1)
    throw new GenerationError(section.file, '', `needs the markers ${start} and ${end}`)
  return {
    path: section.file,
    content: `${text.slice(0, from)}${start}\n${section.body}\n${text.slice(to)}`,
  }
}

const code = (text: string) => `\`${text}\``

/** The repository README's table: each package, its top-level models and the parts inside them. */
export function modelsTable(manifest: readonly ModelFacts[]): ReadmeSection {
  const packages = [...new Set(manifest.map((m) => m.package))]
  const rows = packages.map((name) => {
    const of = manifest.filter((m) => m.package === name)
    const documents = of.filter((m) => m.document).map((m) => code(m.id))
    const parts = of.filter((m) => !m.document).map((m) => code(m.id))
    const secrets = [...new Set(of.flatMap((m) => m.secrets.names))].sort().map(code)
    return `| ${code(name)} | ${documents.join(', ')} | ${parts.join(', ')} | ${secrets.join(', ')} |`
  })
  return {
    file: 'README.md',
    name: 'packages',
    body: [
      '| package | top-level models (whole documents) | parts (types inside them) | secrets (`format: "password"`) |',
      '|---|---|---|---|',
      ...rows,
    ].join('\n'),
  }
}

/** The CLI README's table of envelopes: what each holds and where. */
export function envelopesTable(manifest: readonly ModelFacts[]): ReadmeSection {
  const rows = manifest.flatMap((m) => {
    const envelope = m.envelope
    if (!envelope) return []
    const where =
      envelope.value !== undefined
        ? `the object at ${code(envelope.value)}`
        : envelope.items === undefined
          ? 'the record itself; `null` is "no session"'
          : `each element of ${code(envelope.items)}${envelope.countKey ? ` (an element that is only ${code(envelope.countKey)} is a count)` : ''}`
    return [`| ${code(m.id)} | ${code(envelope.holds)} | ${where} |`]
  })
  return {
    file: 'packages/cli/README.md',
    name: 'envelopes',
    body: ['| model | holds | where |', '|---|---|---|', ...rows].join('\n'),
  }
}
