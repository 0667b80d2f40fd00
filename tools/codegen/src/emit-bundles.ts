/**
 * The schemas in forms that work outside this repository, written by `pnpm generate`:
 * - per model, a self-contained bundle (every `$ref` internal), shipped in the owner package under `schemas/bundled/`;
 * - per vendor directory, one file holding all its models under `$defs` (`schemas/<vendor>.bundle.json`);
 * - per package, an OpenAPI 3.1 document whose `components.schemas` holds its models (`schemas/openapi.json`);
 * - `site/`, the canonical files laid out at their `$id` paths, so that a static host serves each `$id` as is.
 * Everything is derived from the model list it is given: a new schema file is a new entry everywhere.
 */
import { writeJson } from '@session-schemas/core'
import {
  DRAFT_2020_12,
  escapeToken,
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from '@session-schemas/core/internal'
import type { OutputFile } from './generate.js'
import { ID_BASE } from './naming.js'

type Json = Record<string, unknown>

export interface BundledModel {
  /** `intersight/iam.Session` */
  readonly modelId: string
  readonly vendor: string
  /** `iam.Session` */
  readonly name: string
  /** The self-contained bundle, read exactly (int64 bounds are bigints). */
  readonly bundled: Json
  /** The canonical file's text. */
  readonly text: string
}

/** Where a static host must serve a model's canonical file so that its `$id` resolves. */
export const SITE_DIR = 'site'
export const SITE_ID_PREFIX = `${SITE_DIR}/${new URL(ID_BASE).pathname.slice(1)}`

const OPENAPI_VERSION = '3.1.0'

const SUBSCHEMA = new Set<string>(SUBSCHEMA_KEYWORDS)
const SUBSCHEMA_ARRAY = new Set<string>(SUBSCHEMA_ARRAY_KEYWORDS)
const SUBSCHEMA_MAP = new Set<string>(SUBSCHEMA_MAP_KEYWORDS)

export function json(value: unknown): string {
  return `${writeJson(value, { indent: 2 })}\n`
}

/**
 * A bundle moved to `pointer` inside another document: its own `$id` and `$schema` dropped (the host
 * document is the one resource) and its internal references (`#`, `#/$defs/...`) made to point there.
 */
export function embed(bundled: Json, pointer: string): Json {
  const rewrite = (schema: unknown): unknown => {
    if (!isObject(schema)) return schema // a boolean schema
    const out: Json = {}
    for (const [keyword, value] of Object.entries(schema)) {
      let copied = value
      if (keyword === '$ref' && typeof value === 'string') {
        if (value !== '#' && !value.startsWith('#/'))
          throw new Error(`a bundle refers outside itself (${value}): bundle() should have inlined it`)
        copied = pointer + value.slice(1)
      } else if (SUBSCHEMA.has(keyword)) copied = rewrite(value)
      else if (SUBSCHEMA_ARRAY.has(keyword) && Array.isArray(value)) copied = value.map(rewrite)
      else if (SUBSCHEMA_MAP.has(keyword) && isObject(value)) {
        copied = {}
        // defineProperty: a property named `__proto__` stays a property.
        for (const [name, sub] of Object.entries(value)) define(copied as Json, name, rewrite(sub))
      }
      define(out, keyword, copied)
    }
    return out
  }
  const { $id: _id, $schema: _schema, ...rest } = bundled
  return rewrite(rest) as Json
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function define(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** One file per vendor directory: `{ $id, $defs: { <model name>: <its bundle> } }`, every reference internal. */
export function vendorBundle(vendor: string, models: readonly BundledModel[]): Json {
  const defs: Json = {}
  for (const model of [...models].sort((a, b) => a.name.localeCompare(b.name)))
    defs[model.name] = embed(model.bundled, `#/$defs/${escapeToken(model.name)}`)
  return {
    $schema: DRAFT_2020_12,
    $id: `${ID_BASE}${vendor}.bundle.json`,
    title: `${vendor} (every model, self-contained)`,
    $defs: defs,
  }
}

/** The `components.schemas` name of a model: `intersight/iam.Session` becomes `intersight.iam.Session`. */
export function componentName(modelId: string): string {
  return modelId.replace('/', '.')
}

/** An OpenAPI 3.1 document with no paths whose `components.schemas` holds every given model. */
export function openApiDocument(packageName: string, version: string, models: readonly BundledModel[]): Json {
  const schemas: Json = {}
  for (const model of [...models].sort((a, b) => a.modelId.localeCompare(b.modelId))) {
    const name = componentName(model.modelId)
    schemas[name] = embed(model.bundled, `#/components/schemas/${escapeToken(name)}`)
  }
  return {
    openapi: OPENAPI_VERSION,
    jsonSchemaDialect: DRAFT_2020_12,
    info: { title: `${packageName} schemas`, version },
    paths: {},
    components: { schemas },
  }
}

/** The bundle files of one owner package. */
export function packageSchemaFiles(
  owner: string,
  packageName: string,
  version: string,
  models: readonly BundledModel[],
): OutputFile[] {
  const files: OutputFile[] = models.map((m) => ({
    path: `${owner}/schemas/bundled/${m.name}.schema.json`,
    content: json(m.bundled),
  }))
  for (const vendor of new Set(models.map((m) => m.vendor)))
    files.push({
      path: `${owner}/schemas/${vendor}.bundle.json`,
      content: json(
        vendorBundle(
          vendor,
          models.filter((m) => m.vendor === vendor),
        ),
      ),
    })
  files.push({
    path: `${owner}/schemas/openapi.json`,
    content: json(openApiDocument(packageName, version, models)),
  })
  return files
}

/** The canonical file at the path its `$id` names, for a static host rooted at `site/`. */
export function siteFile(model: BundledModel): OutputFile {
  return { path: `${SITE_ID_PREFIX}${model.modelId}`, content: model.text }
}
