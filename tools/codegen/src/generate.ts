/**
 * `pnpm generate`: every canonical schema becomes, in its owning package,
 * `src/generated/<model>.gen.ts`, a copy of the schema under `schemas/`, and a type test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type JsonSchemaObject, readJson } from '@session-schemas/core'
import { Evaluator, SchemaError, SchemaIndex } from '@session-schemas/core/internal'
import { bundle } from './bundle.js'
import { depthLimitProblem, refCycleProblem } from './depth-limit.js'
import { type BundledModel, packageSchemaFiles, siteFile } from './emit-bundles.js'
import {
  emitDependencyModels,
  emitManifest,
  envelopesTable,
  modelsTable,
  withSection,
} from './emit-manifest.js'
import { banner, emitCheckModule, emitModule, literal } from './emit-module.js'
import { emitReadmeSection, README_END, README_START, type ReadmeModel } from './emit-readme.js'
import { emitTypeBox034, emitTypeBox034TypeTest, NotExpressibleIn034 } from './emit-typebox034.js'
import { emitTypes } from './emit-types.js'
import { emitCheck, emitValidator, UnsupportedKeyword } from './emit-validator.js'
import { GenerationError } from './errors.js'
import { loadSchemas, type SchemaFile } from './load.js'
import { buildManifest, isDocument, type ManifestModel } from './manifest.js'
import { identifier } from './naming.js'
import { OWNERS } from './owners.js'
import { presenceProblem } from './presence.js'

export interface OutputFile {
  /** Path relative to the repository root. */
  readonly path: string
  readonly content: string
}

export async function generate(root: string, sources?: ReadonlyMap<string, string>): Promise<OutputFile[]> {
  const { files, index } = loadSchemas(root, sources)
  const outputs: OutputFile[] = []
  const byPackage = new Map<string, GeneratedFile[]>()
  const manifestModels: ManifestModel[] = []
  for (const file of files) {
    const owner = OWNERS[file.vendor]
    if (!owner)
      throw new GenerationError(
        file.file,
        '',
        `no package owns schemas/${file.vendor}/ (add it to tools/codegen/src/owners.ts)`,
      )
    const generated = await generateModel(file, index, owner)
    byPackage.set(owner, [
      ...(byPackage.get(owner) ?? []),
      { ...file, ...generated.readme, recursive: generated.recursive, in034: generated.in034 },
    ])
    outputs.push(...generated.files)
    manifestModels.push({ ...file, bundled: generated.readme.bundled, owner })
  }
  const exact = exactBundles(files)
  outputs.push(...[...exact.values()].map(siteFile))
  const manifest = buildManifest(root, manifestModels)
  outputs.push(emitManifest(manifest), emitDependencyModels(root, manifest))
  for (const section of [modelsTable(manifest), envelopesTable(manifest)]) {
    const readme = withSection(root, section)
    if (readme) outputs.push(readme)
  }
  for (const [owner, models] of byPackage) {
    outputs.push(typeTest(root, owner, models), packageIndex(root, owner, models))
    outputs.push({
      path: `${owner}/test/typebox-0.34.gen.test-d.ts`,
      content: emitTypeBox034TypeTest(models.filter((m) => m.in034)),
    })
    const pkg = JSON.parse(readFileSync(path.join(root, owner, 'package.json'), 'utf8'))
    const bundled = models.map((m) => exact.get(m.modelId)!)
    outputs.push(...packageSchemaFiles(owner, pkg.name, pkg.version, bundled))
    const readme = packageReadme(root, owner, models)
    if (readme) outputs.push(readme)
  }
  return outputs.sort((a, b) => a.path.localeCompare(b.path))
}

async function generateModel(
  file: SchemaFile,
  index: ReturnType<typeof loadSchemas>['index'],
  owner: string,
) {
  const name = identifier(file.name)
  let flat: ReturnType<typeof bundle>
  try {
    flat = bundle(index, file.schema)
    // The explaining evaluator knows exactly the keywords and formats we support: it is the gatekeeper.
    new Evaluator(flat.schema)
  } catch (error) {
    if (error instanceof SchemaError) throw locate(file, error)
    throw error
  }
  const problem = presenceProblem(file.schema, index)
  if (problem) throw new GenerationError(file.file, problem.pointer, problem.reason)
  // In the bundled schema (the recursion may run through other files): its pointer, not the file's.
  const depthProblem = refCycleProblem(flat.schema) ?? depthLimitProblem(flat.schema, flat.recursive)
  if (depthProblem)
    throw new GenerationError(
      file.file,
      '',
      `${depthProblem.reason} (at ${depthProblem.pointer || '/'} of the bundled schema)`,
    )
  const interfaces = await emitTypes(flat.schema, name)
  let validator: ReturnType<typeof emitValidator>
  try {
    validator = emitValidator(flat.schema, flat.recursive)
  } catch (error) {
    // The bundled schema's location: the generator has no other way to check the keyword.
    if (error instanceof UnsupportedKeyword) throw new GenerationError(file.file, '', error.message)
    throw error
  }
  const checkOnly = emitCheckModule({
    modelId: file.modelId,
    file: file.file,
    module: file.name,
    name,
    check: emitCheck(flat.schema, flat.recursive),
    recursive: flat.recursive,
  })
  const typebox034 = typeBox034Module(file, name, flat.schema)
  const gen = emitModule({
    modelId: file.modelId,
    file: file.file,
    name,
    schema: flat.schema,
    interfaces,
    validator,
    recursive: flat.recursive,
  })
  return {
    recursive: flat.recursive,
    in034: typebox034 !== undefined,
    readme: { typeName: name, bundled: flat.schema, interfaces },
    files: [
      { path: `${owner}/src/generated/${file.name}.gen.ts`, content: gen },
      { path: `${owner}/src/generated/check/${file.name}.gen.ts`, content: checkOnly },
      { path: `${owner}/schemas/${file.name}.schema.json`, content: file.text },
      ...(typebox034
        ? [{ path: `${owner}/src/generated/typebox-0.34/${file.name}.gen.ts`, content: typebox034 }]
        : []),
    ],
  }
}

/**
 * Every model bundled again from its file read exactly: the bundles written as JSON keep the int64
 * bounds (2^63 - 1) that JSON.parse would round. (generateModel has already checked each bundle.)
 */
function exactBundles(files: readonly SchemaFile[]): Map<string, BundledModel> {
  const index = new SchemaIndex()
  const schemas = files.map((file) => readJson(file.text) as JsonSchemaObject)
  for (const schema of schemas) index.add(schema)
  return new Map(
    files.map((file, i) => [
      file.modelId,
      { ...file, bundled: bundle(index, schemas[i]!).schema as Record<string, unknown> },
    ]),
  )
}

/** The model as a @sinclair/typebox 0.34 module, or undefined when 0.34 cannot express its schema. */
function typeBox034Module(file: SchemaFile, name: string, schema: ReadmeModel['schema']): string | undefined {
  try {
    return emitTypeBox034({ modelId: file.modelId, file: file.file, name, schema })
  } catch (error) {
    // The conformance test requires a 0.34 type for every canonical model, so this is never silent there.
    if (error instanceof NotExpressibleIn034) return undefined
    throw error
  }
}

type GeneratedFile = SchemaFile & {
  readonly recursive: boolean
  readonly in034: boolean
  readonly typeName: string
  readonly bundled: ReadmeModel['schema']
  readonly interfaces: string
}

/** The package README with its generated models section brought up to date (it must have the markers). */
function packageReadme(
  root: string,
  owner: string,
  models: readonly GeneratedFile[],
): OutputFile | undefined {
  const file = path.join(root, owner, 'README.md')
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf(README_START)
  const end = text.indexOf(README_END)
  if (start === -1 || end === -1)
    throw new GenerationError(`${owner}/README.md`, '', `needs the markers ${README_START} and ${README_END}`)
  const pkg = JSON.parse(readFileSync(path.join(root, owner, 'package.json'), 'utf8')).name as string
  const sorted = [...models].sort((a, b) => a.name.localeCompare(b.name))
  const section = emitReadmeSection(
    pkg,
    sorted.map((m) => ({
      modelId: m.modelId,
      name: m.name,
      typeName: m.typeName,
      schema: m.bundled,
      interfaces: m.interfaces,
    })),
  )
  return {
    path: `${owner}/README.md`,
    content: text.slice(0, start) + section + text.slice(end + README_END.length),
  }
}

/** A SchemaError names a location by `$id`; say it by file and JSON Pointer. */
function locate(file: SchemaFile, error: SchemaError): GenerationError {
  const [resource, pointer = ''] = error.location.split('#')
  const where = resource === file.schema.$id ? file.file : resource!
  return new GenerationError(where, pointer, error.message.slice(error.location.length + 2))
}

function typeTest(root: string, owner: string, models: readonly GeneratedFile[]): OutputFile {
  const assertion = (m: GeneratedFile) => {
    const [S, I] = [`${identifier(m.name)}Static`, identifier(m.name)]
    // TypeScript's identity relation cannot match an anonymous recursive type (TypeBox's inference)
    // with a named recursive interface, so recursive models are checked by mutual assignability.
    return m.recursive
      ? `expectTypeOf<${S}>().toExtend<${I}>() // recursive: mutual assignability\nexpectTypeOf<${I}>().toExtend<${S}>()`
      : `expectTypeOf<${S}>().toEqualTypeOf<${I}>()`
  }
  const lines = [
    banner('schemas/ (every model of this package)'),
    '// Two generators must agree: the static type TypeBox infers from each schema and the interface',
    '// json-schema-to-typescript writes for it are the same type. And every valid example is a value of it.',
    "import { expectTypeOf } from 'expect-type'",
    ...models.map(
      (m) =>
        `import type { ${identifier(m.name)}, ${identifier(m.name)}Static } from '../src/generated/${m.name}.gen.js'`,
    ),
    '',
    ...models.map(assertion),
    '',
    ...models.flatMap((m) =>
      validExamples(root, m).map(({ name, value }) => {
        const constant = `${identifier(m.name)}_${identifier(name)}`
        return `export const ${constant}: ${identifier(m.name)} = ${literal(value)}\n`
      }),
    ),
  ]
  return { path: `${owner}/test/types.gen.test-d.ts`, content: lines.join('\n') }
}

/** The valid examples of a model, read exactly (int64 beyond 2^53 stays exact in the literal). */
function validExamples(root: string, model: GeneratedFile): { name: string; value: unknown }[] {
  const dir = path.join(root, 'schemas', model.vendor, 'examples', 'valid', model.name)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.slice(0, -'.json'.length),
      value: readJson(readFileSync(path.join(dir, file), 'utf8')),
    }))
}

/** Every model of a package as a namespace, and the lists the CLI and converter iterate over. */
function packageIndex(root: string, owner: string, models: readonly GeneratedFile[]): OutputFile {
  const sorted = [...models].sort((a, b) => a.name.localeCompare(b.name))
  const documents = sorted.filter((m) => isDocument(root, m))
  const lines = [
    banner('schemas/ (every model of this package)'),
    "import type { Model } from '@session-schemas/core'",
    ...sorted.map((m) => `import * as ${identifier(m.name)} from './${m.name}.gen.js'`),
    '',
    `export { ${sorted.map((m) => identifier(m.name)).join(', ')} }`,
    '',
    '/** Every model of this package, by model id. */',
    'export const models: readonly Model<unknown>[] = [',
    ...sorted.map((m) => `  ${identifier(m.name)}.model as Model<unknown>,`),
    ']',
    '',
    '/** The ids of the top-level models (whole documents such as API responses), not the parts inside them. */',
    'export const documents: readonly string[] = [',
    ...documents.map((m) => `  ${JSON.stringify(m.modelId)},`),
    ']',
    '',
  ]
  return { path: `${owner}/src/generated/index.gen.ts`, content: lines.join('\n') }
}
