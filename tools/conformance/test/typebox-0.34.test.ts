/**
 * The `@sinclair/typebox` 0.34 schemas (`@session-schemas/<pkg>/typebox-0.34/<model>`) give every example
 * under schemas/ the verdict our `check` gives it, through `TypeCompiler` and through `Value.Check`, and
 * compose with 0.34's `Type.*`. 0.34 is given each example as `JSON.parse` reads it (what its users have);
 * ours, read exactly. Any other difference than the documented ones fails.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { identifier } from '@session-schemas/codegen'
import { models as converter } from '@session-schemas/converter'
import { registerFormats } from '@session-schemas/core'
import { models as extremecloudiq } from '@session-schemas/extremecloudiq'
import { models as intersight } from '@session-schemas/intersight'
import { models as jwtClaims } from '@session-schemas/jwt-claims'
import { models as netscaler } from '@session-schemas/netscaler'
import { models as vsphere } from '@session-schemas/vsphere'
import { FormatRegistry, type TSchema, Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { Value } from '@sinclair/typebox/value'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadExamples, repoRoot } from './examples.js'

/**
 * Examples on which 0.34 and our check disagree, and why (the README's "TypeBox 0.34" section says so
 * too). Empty: none disagree today. An entry here that does not disagree fails, as does any other
 * disagreement.
 */
const DOCUMENTED_DIFFERENCES: Record<string, string> = {}

const ours = new Map(
  [...converter, ...extremecloudiq, ...intersight, ...jwtClaims, ...netscaler, ...vsphere].map((m) => [
    m.id,
    m,
  ]),
)

/** Every generated 0.34 module, by model id, found on disk (a model without one fails below). */
async function load034(): Promise<Map<string, TSchema>> {
  const found = new Map<string, TSchema>()
  for (const pkg of readdirSync(path.join(repoRoot, 'packages'))) {
    const dir = path.join(repoRoot, 'packages', pkg, 'src', 'generated', 'typebox-0.34')
    let files: string[]
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.gen.ts'))
    } catch {
      continue
    }
    for (const file of files) {
      const module = (await import(path.join(dir, file))) as Record<string, unknown>
      const name = identifier(file.slice(0, -'.gen.ts'.length))
      found.set(module.id as string, module[name] as TSchema)
    }
  }
  return found
}

const { examples, modelsWithSchema } = loadExamples(repoRoot)
let schemas: Map<string, TSchema>

beforeAll(async () => {
  schemas = await load034()
  registerFormats(FormatRegistry)
})

function schemaOf(modelId: string): TSchema {
  const schema = schemas.get(modelId)
  if (!schema) throw new Error(`no @sinclair/typebox 0.34 schema for ${modelId}`)
  return schema
}

describe('@sinclair/typebox 0.34 schemas', () => {
  it('exist for every model, and compile with TypeCompiler', () => {
    expect([...schemas.keys()].sort()).toEqual([...modelsWithSchema].sort())
    for (const modelId of modelsWithSchema)
      expect(() => TypeCompiler.Compile(schemaOf(modelId))).not.toThrow()
  })

  it('give every example our verdict, through TypeCompiler and Value.Check', () => {
    expect(examples.length).toBeGreaterThan(50)
    const compiled = new Map<string, ReturnType<typeof TypeCompiler.Compile>>()
    const differences: Record<string, string> = {}
    for (const example of examples) {
      const schema = schemaOf(example.modelId)
      if (!compiled.has(example.modelId)) compiled.set(example.modelId, TypeCompiler.Compile(schema))
      const verdict = ours.get(example.modelId)!.check(example.data)
      const byCompiler = compiled.get(example.modelId)!.Check(example.asDoubles)
      const byValue = Value.Check(schema, example.asDoubles)
      expect(verdict, `${example.key}: our check and the example's folder disagree`).toBe(example.valid)
      expect(byValue, `${example.key}: TypeCompiler and Value.Check disagree`).toBe(byCompiler)
      if (byCompiler !== verdict) differences[example.key] = `0.34 says ${byCompiler ? 'valid' : 'invalid'}`
    }
    expect(Object.keys(differences).sort()).toEqual(Object.keys(DOCUMENTED_DIFFERENCES).sort())
  })

  it('reject a string of an unregistered format (why registerFormats is needed), accept it once registered', () => {
    const schema = Type.Object({ issued_at: Type.String({ format: 'date-time' }) })
    const value = { issued_at: '2024-01-01T00:00:00Z' }
    FormatRegistry.Delete('date-time')
    expect(Value.Check(schema, value)).toBe(false)
    registerFormats(FormatRegistry)
    expect(Value.Check(schema, value)).toBe(true)
    // Ours, not a looser one: hour 24 and 31 February are not date-times.
    expect(Value.Check(schema, { issued_at: '2024-02-31T00:00:00Z' })).toBe(false)
    expect(Value.Check(schema, { issued_at: '2024-01-01T24:00:00Z' })).toBe(false)
  })

  it('compose with Type.Object, Type.Pick, Type.Omit and Type.Partial', () => {
    const token = schemaOf('extremecloudiq/XiqApiTokenInfo')
    const valid = examples.find((e) => e.key === 'extremecloudiq/XiqApiTokenInfo/valid/minimal.json')
    const value = valid?.asDoubles as Record<string, unknown>
    expect(value).toBeDefined()
    const wrapped = TypeCompiler.Compile(Type.Object({ token }))
    expect(wrapped.Check({ token: value })).toBe(true)
    expect(wrapped.Check({ token: { ...value, user_id: 'one' } })).toBe(false)

    const picked = Type.Pick(token as never, ['user_name', 'user_id'])
    expect(Object.keys((picked as { properties: object }).properties).sort()).toEqual([
      'user_id',
      'user_name',
    ])
    expect(Value.Check(picked, { user_name: 'a', user_id: 1 })).toBe(true)
    expect(Value.Check(picked, { user_name: 'a' })).toBe(false)

    const omitted = Type.Omit(token as never, ['issued_at'])
    const { issued_at: _, ...withoutIssuedAt } = value
    expect(Value.Check(omitted, withoutIssuedAt)).toBe(true)
    expect(Value.Check(token, withoutIssuedAt)).toBe(false)

    const partial = TypeCompiler.Compile(Type.Partial(token as never))
    expect(partial.Check({})).toBe(true)
    expect(partial.Check({ user_id: 1.5 })).toBe(false)
  })

  it('check recursive models to any depth the value has', () => {
    const message = schemaOf('vsphere/vapi.std.NestedLocalizableMessage')
    const nested = (depth: number): unknown =>
      depth === 0 ? { id: 'leaf' } : { id: `level ${depth}`, params: { p: { l: nested(depth - 1) } } }
    expect(TypeCompiler.Compile(message).Check(nested(20))).toBe(true)
    const bad = { id: 'x', params: { p: { l: { id: 'y', params: { q: { i: 1.5 } } } } } }
    expect(Value.Check(message, bad)).toBe(false)
    expect(ours.get('vsphere/vapi.std.NestedLocalizableMessage')!.check(bad)).toBe(false)
  })

  it('check a map key with a line break (0.34 would skip keys its default key pattern does not match)', () => {
    const error = schemaOf('extremecloudiq/XiqError')
    const base = examples.find((e) => e.modelId === 'extremecloudiq/XiqError' && e.valid)?.asDoubles as object
    expect(base).toBeDefined()
    const bad = { ...base, error_params: { 'line\nbreak': 1 } }
    expect(ours.get('extremecloudiq/XiqError')!.check(bad)).toBe(false)
    expect(Value.Check(error, bad)).toBe(false)
    expect(TypeCompiler.Compile(error).Check(bad)).toBe(false)
  })
})
