/** A schema the generator cannot use fails generation, naming the file, the JSON Pointer and the reason. */
import { describe, expect, it } from 'vitest'
import { GenerationError, generate } from '../src/index.js'
import { repoRoot, schemaSource } from './helpers.js'

async function failure(sources: [string, string][]): Promise<GenerationError> {
  try {
    await generate(repoRoot, new Map(sources))
  } catch (error) {
    expect(error).toBeInstanceOf(GenerationError)
    return error as GenerationError
  }
  throw new Error('generation succeeded')
}

describe('generator: bad schemas', () => {
  it('an unsupported keyword', async () => {
    const error = await failure([
      schemaSource('Bad', {
        type: 'object',
        properties: { a: { type: 'object', unevaluatedProperties: false } },
      }),
    ])
    expect(error.file).toBe('schemas/extremecloudiq/Bad.schema.json')
    expect(error.pointer).toBe('/properties/a/unevaluatedProperties')
    expect(error.reason).toMatch(/unsupported keyword "unevaluatedProperties"/)
  })

  it('an unknown keyword (rejected by ajv strict mode)', async () => {
    const error = await failure([
      schemaSource('Bad', { type: 'object', properties: { a: { 'x-secret': true } } }),
    ])
    expect(error.file).toBe('schemas/extremecloudiq/Bad.schema.json')
    expect(error.reason).toMatch(/strict mode.*x-secret/)
  })

  it.each([
    ['not', { not: { $ref: '#' } }],
    ['oneOf', { oneOf: [{ $ref: '#' }, { type: 'string' }] }],
    ['if', { if: { $ref: '#' }, else: { type: 'object' } }],
  ])(
    '%s in a recursive schema (the depth limit could make a too deep value valid)',
    async (keyword, part) => {
      const error = await failure([
        schemaSource('Bad', { type: 'object', properties: { child: { $ref: '#' }, other: part } }),
      ])
      expect(error.file).toBe('schemas/extremecloudiq/Bad.schema.json')
      expect(error.reason).toContain(`${keyword} in a recursive schema is not supported`)
      expect(error.reason).toContain(`/properties/other/${keyword}`)
    },
  )

  it.each([
    ['anyOf', { anyOf: [{ $ref: '#' }, { type: 'string' }] }],
    ['allOf', { type: 'object', allOf: [{ $ref: '#' }] }],
    [
      'through $defs',
      { $defs: { a: { $ref: '#/$defs/b' }, b: { allOf: [{ $ref: '#/$defs/a' }] } }, $ref: '#/$defs/a' },
    ],
  ])(
    'a $ref cycle that does not go into the value (%s): its check would never end',
    async (_name, schema) => {
      const error = await failure([schemaSource('Bad', schema)])
      expect(error.reason).toMatch(/a \$ref cycle that does not go into the value/)
    },
  )

  it.each(['not', 'oneOf', 'if'])('%s in a schema that is not recursive is generated', async (keyword) => {
    const parts: Record<string, unknown> = {
      not: { not: { type: 'string' } },
      oneOf: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
      if: { if: { type: 'string' }, else: { type: 'integer' } },
    }
    await expect(
      generate(
        repoRoot,
        new Map([schemaSource('Fine', { type: 'object', properties: { other: parts[keyword] } })]),
      ),
    ).resolves.toBeDefined()
  })

  it('an unsupported format', async () => {
    const error = await failure([
      schemaSource('Bad', { type: 'object', properties: { mail: { type: 'string', format: 'email' } } }),
    ])
    expect(error.pointer).toBe('/properties/mail/format')
    expect(error.reason).toMatch(/unsupported format "email"/)
  })

  it('a broken $ref', async () => {
    const error = await failure([
      schemaSource('Bad', { type: 'object', properties: { user: { $ref: 'mo.MoRefX' } } }),
    ])
    expect(error.file).toBe('schemas/extremecloudiq/Bad.schema.json')
    expect(error.reason).toMatch(/can't resolve reference mo\.MoRefX|no schema with \$id/)
  })

  it('a broken $ref to a local definition', async () => {
    const error = await failure([
      schemaSource('Bad', { type: 'object', properties: { user: { $ref: '#/$defs/Missing' } } }),
    ])
    expect(error.reason).toMatch(/Missing/)
  })

  it('a schema that does not match the draft 2020-12 meta-schema', async () => {
    const error = await failure([
      schemaSource('Bad', { type: 'object', properties: { a: { type: 'strin' } } }),
    ])
    expect(error.pointer).toBe('/properties/a/type')
    expect(error.reason).toMatch(/meta-schema/)
  })

  it('a $id that does not end in the model id', async () => {
    const [file, text] = schemaSource('Bad', { type: 'object' })
    const error = await failure([[file, text.replace('extremecloudiq/Bad"', 'extremecloudiq/Other"')]])
    expect(error.pointer).toBe('/$id')
  })

  it('malformed JSON', async () => {
    const error = await failure([['schemas/extremecloudiq/Bad.schema.json', '{ "type": ']])
    expect(error.reason).toMatch(/not valid JSON/)
  })

  it('a required property whose schema lets undefined through (the check would count it present)', async () => {
    // (A required name with no schema at all is already refused by ajv's strict mode.)
    for (const properties of [
      { a: {} },
      { a: { description: 'no type' } },
      { a: { not: { type: 'string' } } },
    ]) {
      const error = await failure([schemaSource('Bad', { type: 'object', properties, required: ['a'] })])
      expect(error.pointer).toBe('/required/0')
      expect(error.reason).toMatch(
        /required property "a" needs a schema .* that states a type, const or enum/,
      )
    }
    // Nested, and through $ref: still found, still allowed when the target states a type.
    const nested = await failure([
      schemaSource('Bad', {
        type: 'object',
        properties: { user: { type: 'object', properties: { id: {} }, required: ['id'] } },
      }),
    ])
    expect(nested.pointer).toBe('/properties/user/required/0')
    await expect(
      generate(
        repoRoot,
        new Map([
          schemaSource('Good', {
            type: 'object',
            properties: { id: { $ref: '#/$defs/Id' }, kind: { anyOf: [{ const: 'a' }, { type: 'null' }] } },
            required: ['id', 'kind'],
            $defs: { Id: { type: 'string' } },
          }),
        ]),
      ),
    ).resolves.toBeDefined()
  })

  it('dependentRequired (the check would count a property whose value is undefined as present)', async () => {
    const error = await failure([
      schemaSource('Bad', {
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'string' } },
        dependentRequired: { a: ['b'] },
      }),
    ])
    expect(error.pointer).toBe('/dependentRequired')
    expect(error.reason).toMatch(/dependentRequired is not supported by the generator/)
  })

  it('a directory no package owns', async () => {
    const [, text] = schemaSource('Bad', { type: 'object' })
    const error = await failure([
      ['schemas/nobody/Bad.schema.json', text.replaceAll('extremecloudiq', 'nobody')],
    ])
    expect(error.reason).toMatch(/no package owns schemas\/nobody/)
  })
})
