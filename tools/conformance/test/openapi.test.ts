/**
 * Each package's `schemas/openapi.json` (tools/codegen/src/emit-bundles.ts) is an OpenAPI 3.1 document that
 * a real OpenAPI validator (@seriousme/openapi-schema-validator) accepts, with every `$ref` resolving inside
 * it, every model of the package under `components.schemas`, and each of them giving every example its
 * recorded verdict.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { loadSchemas } from '@session-schemas/codegen'
import { manifest } from '@session-schemas/converter/manifest'
import { ajvFormats } from '@session-schemas/core'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { loadExamples, repoRoot } from './examples.js'

const { examples } = loadExamples(repoRoot)
const files = loadSchemas(repoRoot).files
const packages = [...new Set(manifest.map((m) => m.package))].sort()
const modelsOf = (pkg: string) => manifest.filter((m) => m.package === pkg).map((m) => m.id)
const componentName = (modelId: string) => modelId.replace('/', '.')

type OpenApi = {
  [key: string]: unknown
  openapi: string
  components: { schemas: Record<string, Record<string, unknown>> }
}

function readDocument(pkg: string): OpenApi {
  const file = path.join(repoRoot, 'packages', pkg.split('/')[1]!, 'schemas/openapi.json')
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** The validator's verdict on a document: its errors, or `valid` when it accepts it and resolves every `$ref`. */
// One validator for every document: building one compiles the OpenAPI meta-schemas, which is most of the cost.
const validator = new Validator()

async function openApiVerdict(document: OpenApi): Promise<unknown> {
  const result = await validator.validate(document)
  if (!result.valid) return result.errors
  if (validator.version !== '3.1') return `validated as OpenAPI ${validator.version}`
  validator.resolveRefs()
  return 'valid'
}

describe('OpenAPI 3.1 documents (packages/*/schemas/openapi.json)', () => {
  it('every model is in exactly one document', () => {
    const inDocuments = packages.flatMap((pkg) => Object.keys(readDocument(pkg).components.schemas)).sort()
    expect(inDocuments).toEqual(files.map((f) => componentName(f.modelId)).sort())
  })

  it.each(packages)('%s: the OpenAPI validator accepts it and resolves every $ref', async (pkg) => {
    const document = readDocument(pkg)
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.components.schemas).sort()).toEqual(modelsOf(pkg).map(componentName).sort())
    expect(await openApiVerdict(document)).toBe('valid')
  })

  it('the validator is not vacuous: it rejects a dangling $ref and a component name OpenAPI forbids', async () => {
    const [first] = packages
    const dangling = readDocument(first!)
    const name = Object.keys(dangling.components.schemas)[0]!
    dangling.components.schemas[name] = { $ref: '#/components/schemas/no.Such.Model' }
    expect(await openApiVerdict(dangling)).not.toBe('valid')
    const badName = readDocument(first!)
    badName.components.schemas['vendor/Model'] = { type: 'object' }
    expect(await openApiVerdict(badName)).not.toBe('valid')
  })

  it.each(packages)('%s: each component gives every example its recorded verdict', (pkg) => {
    // ajv is not strict here: the document's root holds OpenAPI keys (`openapi`, `info`), not schema keywords.
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    for (const [format, check] of Object.entries(ajvFormats)) ajv.addFormat(format, check)
    ajv.addSchema(readDocument(pkg), 'openapi.json')
    const wrong: string[] = []
    for (const modelId of modelsOf(pkg)) {
      const validate = ajv.compile({ $ref: `openapi.json#/components/schemas/${componentName(modelId)}` })
      for (const e of examples.filter((example) => example.modelId === modelId))
        if (validate(e.asDoubles) !== e.valid) wrong.push(`${e.key}: got ${e.valid ? 'invalid' : 'valid'}`)
    }
    expect(wrong).toEqual([])
  })
})
