/**
 * Every error class that a package exports has a code, the jose way: `static code = 'ERR_...'` on the
 * class and a readonly `code` on its instances. The classes are found by scanning the exports of every
 * package under packages/, so a new error class without a code fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const packagesDir = path.resolve(import.meta.dirname, '../..')
const CODE = /^ERR_[A-Z0-9_]+$/

/** One instance of each exported error class: constructor arguments, by class name. */
const INSTANCES: Record<string, (E: new (...args: never[]) => Error) => Error> = {
  ValidationError: (E) => new (E as never as new (m: string, i: unknown[]) => Error)('test/Model', []),
  JsonSyntaxError: (E) => new (E as never as new (m: string) => Error)('unexpected end'),
  JsonLimitError: (E) =>
    new (E as never as new (c: string, m: string) => Error)('ERR_JSON_TOO_DEEP', 'too deep'),
  SchemaError: (E) => new (E as never as new (l: string, r: string) => Error)('x#/a', 'bad'),
  CliError: (E) => new (E as never as new (c: string, m: string, x: number) => Error)('ERR_USAGE', 'bad', 2),
  UsageError: (E) => new (E as never as new (m: string) => Error)('bad'),
  InputError: (E) => new (E as never as new (m: string) => Error)('bad'),
  OutputClosedError: (E) => new (E as never as new () => Error)(),
  ConversionError: (E) =>
    new (E as never as new (c: string, m: string) => Error)('ERR_MISSING_FIELDS', 'bad'),
  MissingFieldsError: (E) =>
    new (E as never as new (t: string, f: string[], s: string) => Error)('a', ['x'], 'b'),
  UnsupportedModelError: (E) => new (E as never as new (m: string, r: string) => Error)('a', 'b'),
  InvalidTargetError: (E) => new (E as never as new (t: string, i: unknown[]) => Error)('a', []),
  JwtError: (E) =>
    new (E as never as new (c: string, r: string, m: string) => Error)('ERR_JWT_INVALID', 'malformed', 'bad'),
  ClaimsError: (E) =>
    new (E as never as new (c: string, n: string, r: string, m: string) => Error)(
      'ERR_JWT_EXPIRED',
      'exp',
      'check_failed',
      'expired',
    ),
  TokenInfoError: (E) => new (E as never as new (f: unknown[]) => Error)([]),
}

/** Every package's export specifiers (its root and every named subpath, internal ones included), from packages/. */
const specifiers = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const manifest = JSON.parse(readFileSync(path.join(packagesDir, entry.name, 'package.json'), 'utf8'))
    // A private package (the playground app) exports nothing.
    if (manifest.private) return []
    // Wildcard subpaths are generated model modules and schema files, which declare no error class.
    return Object.keys(manifest.exports ?? { '.': '' })
      .filter((key) => !key.includes('*') && !key.endsWith('.json'))
      .map((key) => `${manifest.name}${key.slice(1)}`)
  })

async function exportedErrorClasses(): Promise<Map<string, new (...args: never[]) => Error>> {
  const found = new Map<string, new (...args: never[]) => Error>()
  for (const specifier of specifiers) {
    const module = (await import(specifier)) as Record<string, unknown>
    for (const [exported, value] of Object.entries(module)) {
      if (typeof value === 'function' && value.prototype instanceof Error)
        found.set(exported, value as new (...args: never[]) => Error)
    }
  }
  return found
}

describe('error codes', () => {
  it('every exported error class has a static code and instances with a code', async () => {
    const classes = await exportedErrorClasses()
    expect(specifiers.length).toBeGreaterThanOrEqual(11)
    expect(classes.size).toBeGreaterThanOrEqual(Object.keys(INSTANCES).length)
    const problems: string[] = []
    for (const [name, E] of classes) {
      const staticCode = (E as unknown as { code?: unknown }).code
      if (typeof staticCode !== 'string' || !CODE.test(staticCode)) problems.push(`${name}: no static code`)
      const make = INSTANCES[name]
      if (!make) {
        problems.push(`${name}: not in this test's INSTANCES (add how to construct it)`)
        continue
      }
      const instance = make(E) as Error & { code?: unknown }
      if (typeof instance.code !== 'string' || !CODE.test(instance.code))
        problems.push(`${name}: no instance code`)
      const descriptor = Object.getOwnPropertyDescriptor(instance, 'code')
      if (descriptor?.set !== undefined) problems.push(`${name}: code has a setter`)
    }
    expect(problems).toEqual([])
  })

  it('a class with one code gives its instances the static code; subclasses have their own', async () => {
    const classes = await exportedErrorClasses()
    const codeOf = (name: string) => (classes.get(name) as unknown as { code: string }).code
    for (const name of [
      'ValidationError',
      'SchemaError',
      'JsonSyntaxError',
      'UsageError',
      'InputError',
      'OutputClosedError',
      'MissingFieldsError',
      'UnsupportedModelError',
      'InvalidTargetError',
      'TokenInfoError',
    ]) {
      expect((INSTANCES[name]!(classes.get(name)!) as Error & { code: string }).code, name).toBe(codeOf(name))
    }
    const codes = [...classes.keys()].map(codeOf)
    expect(new Set(codes).size, 'two classes share a static code').toBe(codes.length)
  })
})
