/**
 * The schemas as shipped for use outside this repository (tools/codegen/src/emit-bundles.ts) work on their
 * own: each per-model bundle and each per-vendor file compiles in a fresh ajv with nothing else registered,
 * and `site/` served by a plain static server on 127.0.0.1 resolves every `$id` (and the `$ref`s between
 * files) in ajv. Each must give every example its recorded verdict, with our formats (`ajvFormats`).
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { loadSchemas } from '@session-schemas/codegen'
import { manifest } from '@session-schemas/converter/manifest'
import { ajvFormats } from '@session-schemas/core'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Example, loadExamples, repoRoot } from './examples.js'

const { examples } = loadExamples(repoRoot)
const files = loadSchemas(repoRoot).files
const ID_BASE = 'https://session-schemas.dev/'
const packageDir = new Map<string, string>(manifest.map((m) => [m.id, `packages/${m.package.split('/')[1]}`]))

function ownerDir(modelId: string): string {
  const dir = packageDir.get(modelId)
  if (!dir) throw new Error(`the manifest has no model ${modelId}`)
  return dir
}

function readShipped(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(repoRoot, relative), 'utf8'))
}

/** A strict draft 2020-12 ajv with our format verdicts and nothing registered. */
function freshAjv(options: ConstructorParameters<typeof Ajv2020>[0] = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ...options })
  for (const [name, format] of Object.entries(ajvFormats)) ajv.addFormat(name, format)
  return ajv
}

/** Every example whose verdict differs from the one recorded, as `key: got valid|invalid`. */
function wrongVerdicts(validate: (data: unknown) => boolean, of: readonly Example[]): string[] {
  return of
    .filter((e) => validate(e.asDoubles) !== e.valid)
    .map((e) => `${e.key}: got ${e.valid ? 'invalid' : 'valid'}`)
}

/** Every `$ref` anywhere in a document. */
function refsIn(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, into)
  else if (typeof node === 'object' && node !== null)
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.push(value)
      else refsIn(value, into)
    }
  return into
}

describe('per-model bundles (packages/*/schemas/bundled/)', () => {
  it.each(files.map((f) => f.modelId))(
    '%s: every $ref is internal, ajv compiles it alone, and every example gets its recorded verdict',
    (modelId) => {
      const name = modelId.split('/')[1]!
      const schema = readShipped(`${ownerDir(modelId)}/schemas/bundled/${name}.schema.json`)
      expect(schema.$id).toBe(`${ID_BASE}schemas/${modelId}`)
      expect(refsIn(schema).filter((ref) => !ref.startsWith('#'))).toEqual([])
      const validate = freshAjv().compile(schema)
      expect(
        wrongVerdicts(
          validate,
          examples.filter((e) => e.modelId === modelId),
        ),
      ).toEqual([])
    },
  )

  it('keeps the int64 bounds exact (2^63 - 1), which JSON.parse would round', () => {
    const exactBounds = files.filter((f) => f.text.includes('9223372036854775807'))
    expect(exactBounds.length).toBeGreaterThan(0)
    for (const f of exactBounds) {
      const text = readFileSync(
        path.join(repoRoot, `${ownerDir(f.modelId)}/schemas/bundled/${f.name}.schema.json`),
        'utf8',
      )
      expect(text, f.modelId).toContain('9223372036854775807')
      expect(text, f.modelId).not.toContain('9223372036854776000')
    }
  })
})

describe('per-vendor files (packages/*/schemas/<vendor>.bundle.json)', () => {
  const vendors = [...new Set(files.map((f) => f.vendor))]
  it.each(vendors)('%s: one self-contained file with every model under $defs', (vendor) => {
    const models = files.filter((f) => f.vendor === vendor)
    const file = `${ownerDir(models[0]!.modelId)}/schemas/${vendor}.bundle.json`
    const document = readShipped(file)
    expect(refsIn(document).filter((ref) => !ref.startsWith('#'))).toEqual([])
    expect(Object.keys(document.$defs as object).sort()).toEqual(models.map((m) => m.name).sort())
    const ajv = freshAjv()
    ajv.addSchema(document)
    for (const model of models) {
      const validate = ajv.getSchema(`${document.$id}#/$defs/${model.name}`)
      if (!validate) throw new Error(`${file} has no $defs/${model.name}`)
      expect(
        wrongVerdicts(
          validate,
          examples.filter((e) => e.modelId === model.modelId),
        ),
      ).toEqual([])
    }
  })
})

describe('site/: the canonical files at their $id paths, served by a static host', () => {
  const siteDir = path.join(repoRoot, 'site')
  let server: Server
  let origin: string

  beforeAll(async () => {
    // A host that knows nothing about JSON Schema: the URL path is the file path, any type is octet-stream.
    server = createServer((request, response) => {
      const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      const file = path.join(siteDir, urlPath)
      if (!file.startsWith(siteDir + path.sep)) return void response.writeHead(403).end()
      try {
        const body = readFileSync(file)
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body)
      } catch {
        response.writeHead(404).end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  /** What the host answers for an `$id`: the host is swapped for the local server, the path kept as is. */
  const load = async (uri: string): Promise<Record<string, unknown>> => {
    if (!uri.startsWith(ID_BASE)) throw new Error(`ajv asked for ${uri}, outside ${ID_BASE}`)
    const response = await fetch(origin + uri.slice(ID_BASE.length))
    if (!response.ok) throw new Error(`${uri}: the host answers ${response.status}`)
    return JSON.parse(await response.text())
  }

  it('serves every $id as is, and ajv resolves each model and its references from the host', async () => {
    for (const { modelId } of files) {
      const id = `${ID_BASE}schemas/${modelId}`
      expect((await load(id)).$id).toBe(id)
    }
    const askedByAjv = new Set<string>()
    const ajv = freshAjv({
      loadSchema: (uri) => {
        askedByAjv.add(uri)
        return load(uri)
      },
    })
    const wrong: string[] = []
    for (const { modelId } of files) {
      // Given only the $id: ajv fetches the model and every file it refers to from the host.
      const validate = await ajv.compileAsync({ $ref: `${ID_BASE}schemas/${modelId}` })
      wrong.push(
        ...wrongVerdicts(
          validate,
          examples.filter((e) => e.modelId === modelId),
        ),
      )
    }
    expect(wrong).toEqual([])
    expect([...askedByAjv].sort()).toEqual(files.map((f) => `${ID_BASE}schemas/${f.modelId}`).sort())
  })

  it('the host answers 404 for an id no file has, and ajv fails on it', async () => {
    await expect(load(`${ID_BASE}schemas/intersight/no.Such.Model`)).rejects.toThrow(/404/)
    const ajv = freshAjv({ loadSchema: load })
    await expect(ajv.compileAsync({ $ref: `${ID_BASE}schemas/intersight/no.Such.Model` })).rejects.toThrow()
  })
})
