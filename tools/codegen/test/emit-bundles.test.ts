/** Moving a bundle inside another document (a vendor file, an OpenAPI document) keeps every reference internal. */
import { describe, expect, it } from 'vitest'
import { embed, openApiDocument, vendorBundle } from '../src/emit-bundles.js'

const bundled = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://session-schemas.dev/schemas/acme/Node',
  type: 'object',
  properties: {
    next: { $ref: '#' },
    tag: { $ref: '#/$defs/Tag' },
    // Instance data that looks like a reference is data: it must stay as written.
    kind: { const: { $ref: '#/$defs/Tag' } },
    $ref: { type: 'string' },
  },
  $defs: { Tag: { anyOf: [{ $ref: '#/$defs/Tag' }, { type: 'null' }] } },
}

describe('embed', () => {
  it('points `#` and `#/$defs/...` at the new place, drops $id and $schema, leaves data alone', () => {
    const moved = embed(bundled, '#/$defs/Node') as typeof bundled
    expect(moved.$id).toBeUndefined()
    expect(moved.$schema).toBeUndefined()
    expect(moved.properties.next).toEqual({ $ref: '#/$defs/Node' })
    expect(moved.properties.tag).toEqual({ $ref: '#/$defs/Node/$defs/Tag' })
    expect(moved.properties.kind).toEqual({ const: { $ref: '#/$defs/Tag' } })
    expect(moved.properties.$ref).toEqual({ type: 'string' })
    expect(moved.$defs.Tag.anyOf[0]).toEqual({ $ref: '#/$defs/Node/$defs/Tag' })
  })

  it('refuses a bundle that still refers to another file', () => {
    expect(() => embed({ $ref: 'https://session-schemas.dev/schemas/acme/Other' }, '#/$defs/X')).toThrow(
      /refers outside itself/,
    )
  })

  it('escapes model names in JSON Pointers (a `/` or `~` in a name)', () => {
    const model = { modelId: 'acme/a~b', vendor: 'acme', name: 'a~b', bundled, text: '' }
    const vendor = vendorBundle('acme', [model]) as {
      $defs: Record<string, { properties: { next: unknown } }>
    }
    expect(vendor.$defs['a~b']!.properties.next).toEqual({ $ref: '#/$defs/a~0b' })
    const openapi = openApiDocument('@acme/x', '1.0.0', [model]) as {
      components: { schemas: Record<string, { properties: { next: unknown } }> }
    }
    expect(openapi.components.schemas['acme.a~b']!.properties.next).toEqual({
      $ref: '#/components/schemas/acme.a~0b',
    })
  })
})
