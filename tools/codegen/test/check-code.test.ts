/**
 * `check` is generated from the keyword modules' tests, the same ones errors() uses: no TypeBox code, no
 * text rewriting, nothing dead in what is generated; and a keyword no module generates stops the
 * generator with the keyword and where it is (check has no fallback).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { JsonSchemaObject } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import { emitCheck, emitValidator, generate, UnsupportedKeyword } from '../src/index.js'
import { repoRoot, schemaSource } from './helpers.js'

/** Every generated model module of the repository and of the keyword snapshots. */
function generatedModules(): [string, string][] {
  const files: string[] = []
  const dirs = readdirSync(path.join(repoRoot, 'packages')).flatMap((owner) => {
    const generated = path.join(repoRoot, 'packages', owner, 'src/generated')
    // The model modules and the check-only modules beside them.
    return [generated, path.join(generated, 'check')]
  })
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    files.push(
      ...names.filter((n) => n.endsWith('.gen.ts') && n !== 'index.gen.ts').map((n) => path.join(dir, n)),
    )
  }
  const snapshots = path.join(repoRoot, 'tools/codegen/test/__snapshots__/keywords')
  files.push(...readdirSync(snapshots).map((n) => path.join(snapshots, n)))
  return files
    .map((file): [string, string] => [path.relative(repoRoot, file), readFileSync(file, 'utf8')])
    .filter(([, text]) => text.includes('export function check('))
}

/** The bodies of the generated `test_N` functions. */
function testFunctions(text: string): string[] {
  return [...text.matchAll(/^function test_\d+\(.*\{\n([\s\S]*?)^\}/gm)].map((m) => m[1]!)
}

const modules = generatedModules()

describe('generated check code', () => {
  it('covers every model module (each has check generated from the keyword tests)', () => {
    expect(modules.length).toBeGreaterThan(30)
    for (const [file, text] of modules) expect(text, file).toMatch(/^function aotCheck\(/m)
  })

  it.each(modules)(
    '%s: no dead fragments, unused constants or uncalled functions, no TypeBox runtime, no type guard asked twice',
    (file, text) => {
      for (const fragment of ['|| true', '&& true', '@ts-ignore', "from 'typebox/", 'External[', 'check_0'])
        expect(text.includes(fragment), `${file} contains ${fragment}`).toBe(false)
      for (const [, name] of text.matchAll(/^const ([a-z]+_\d+) = /gm))
        expect(
          text.split(new RegExp(`\\b${name}\\b`)).length - 1,
          `${file}: ${name} is never used`,
        ).toBeGreaterThan(1)
      for (const [, name] of text.matchAll(/^function ((?:test|explain)_\d+)\(/gm))
        expect(text.split(`${name}(`).length - 1, `${file}: ${name} is never called`).toBeGreaterThan(1)
      for (const body of testFunctions(text)) {
        const objectTests = body.match(/typeof v [!=]== "object"/g) ?? []
        expect(objectTests.length, `${file}: object test repeated in\n${body}`).toBeLessThanOrEqual(1)
        const arrayTests = body.match(/Array\.isArray\(v\)/g) ?? []
        expect(
          arrayTests.length - objectTests.length,
          `${file}: array test repeated in\n${body}`,
        ).toBeLessThanOrEqual(1)
        const conditions = body
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.startsWith('if ('))
        expect(conditions.length, `${file}: a test repeated in\n${body}`).toBe(new Set(conditions).size)
      }
    },
  )
})

describe('a keyword no module generates', () => {
  const schema = (body: Record<string, unknown>) =>
    ({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://session-schemas.dev/schemas/test/Unsupported',
      type: 'object',
      properties: { tags: body },
    }) as JsonSchemaObject

  it('fails loudly, naming the keyword and where it is', () => {
    const contains = schema({ type: 'array', contains: { type: 'string' } })
    expect(() => emitCheck(contains, false)).toThrow(UnsupportedKeyword)
    expect(() => emitValidator(contains, false)).toThrow(
      'keyword "contains" at https://session-schemas.dev/schemas/test/Unsupported#/properties/tags/contains: no keyword module generates it',
    )
  })

  it('fails loudly for a format no module checks', () => {
    expect(() => emitCheck(schema({ type: 'string', format: 'email' }), false)).toThrow(
      'format "email" at https://session-schemas.dev/schemas/test/Unsupported#/properties/tags/format',
    )
  })

  it('fails the generator too (the evaluator, which refuses it first, names it)', async () => {
    const [file, text] = schemaSource('KeywordUnsupported', {
      type: 'object',
      properties: { tags: { type: 'array', contains: { type: 'string' } } },
    })
    await expect(generate(repoRoot, new Map([[file, text]]))).rejects.toThrow(/contains/)
  })
})
