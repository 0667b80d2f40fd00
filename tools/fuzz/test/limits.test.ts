/**
 * Resource limits at the library level: deep nesting, a 10 MB string, a million-element array and a 50 MB
 * document give a result or a typed error: no stack overflow, no hang. And readJson's memory: what it needs
 * beyond JSON.parse itself stays small for 8 MiB inputs (the CLI's default record limit).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { toCommon } from '@session-schemas/converter'
import { JsonLimitError, writeJson } from '@session-schemas/core'
import * as Xiq from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import { describe, expect, it } from 'vitest'

const base =
  '"user_name":"u","user_id":1,"role":"r","owner_id":1,"data_center":"d","scopes":[],"issued_at":"2024-05-01T12:00:00Z"'
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)

describe('resource limits', () => {
  it('100,000-deep nesting in a drift field: validated, converted, reported', () => {
    const text = `{${base},"drift":${deep(100_000)}}`
    const value = Xiq.parseJson(text)
    expect(Xiq.check(value)).toBe(true)
    expect(Xiq.unknownProperties(value)).toEqual([{ path: '/drift', key: 'drift' }])
    expect(toCommon('extremecloudiq/XiqApiTokenInfo', value).unmapped).toHaveProperty('drift')
  })

  it('100,000-deep nesting beside an int64 beyond 2^53: read exactly; written back, a JsonLimitError', () => {
    const text = `{${base.replace('"user_id":1', '"user_id":9223372036854775807')},"drift":${deep(100_000)}}`
    const value = Xiq.parseJson(text)
    expect(value.user_id).toBe(9223372036854775807n)
    expect(() => writeJson(value)).toThrow(JsonLimitError)
    expect(() => writeJson(value)).toThrow(/nested too deeply/)
    expect(() => Xiq.parseJson(text, { int64: 'string' })).toThrow(JsonLimitError)
  })

  it('writing a 100,000-deep value: a JsonLimitError', () => {
    expect(() => writeJson(JSON.parse(deep(100_000)))).toThrow(JsonLimitError)
  })

  it('a 10 MB string and a million-element array', () => {
    const long = 'a'.repeat(10 * 1024 * 1024)
    expect(Xiq.parseJson(`{${base.replace('"u"', JSON.stringify(long))}}`).user_name).toHaveLength(
      long.length,
    )
    const scopes = JSON.stringify(Array.from({ length: 1_000_000 }, (_, i) => `s${i}`))
    const info = Xiq.parseJson(`{${base.replace('"scopes":[]', `"scopes":${scopes}`)}}`)
    expect(info.scopes).toHaveLength(1_000_000)
    const bad = { ...info, scopes: [...info.scopes.slice(0, 999_999), 42] }
    expect(Xiq.errors(bad)).toEqual([
      { path: '/scopes/999999', keyword: 'type', message: 'expected string, got integer' },
    ])
  })

  it('a 50 MB single document', () => {
    const drift = JSON.stringify(Array.from({ length: 600_000 }, (_, i) => ({ i, s: 'x'.repeat(80) })))
    const text = `{${base},"drift":${drift}}`
    expect(text.length).toBeGreaterThan(50 * 1024 * 1024)
    expect(Xiq.check(Xiq.parseJson(text))).toBe(true)
  })
})

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../../..')
const MiB = 1024 * 1024
const SIZE = 8 * MiB
/**
 * What readJson may need beyond JSON.parse's own peak for the same 8 MiB text. A document with an integer
 * beyond 2^53 skips JSON.parse and is read once, exactly (its value is about as large as JSON.parse's, its
 * garbage is young); a malformed one costs the scanner one bit per open bracket; the walk keeps one entry per
 * open container. 32 MiB is four times the input; measured, the most is about 15 (records with an int64 each)
 * and mostly nothing. The reader this replaced needed up to 280 MiB more.
 */
const EXTRA_MIB = 32

const DEEP = '2 MiB of nested ['
/** The same four times the input for the deep case: 8 MiB beyond JSON.parse for 2 MiB of brackets. */
const DEEP_EXTRA_MIB = 8

/** Inputs of 8 MiB (one of 2), as JavaScript expressions the child evaluates (cheap to build: one `repeat`). */
const inputs: Record<string, string> = {
  'a malformed line': `'[' + '1,'.repeat(${SIZE / 2 - 2}) + 'x]'`,
  'one integer beyond 2^53 among many numbers': `'[' + '1000000,'.repeat(${SIZE / 8 - 3}) + '9007199254740993]'`,
  'records with an int64 beyond 2^53 each': `'[' + '{"id":9007199254740993,"name":"user","ok":true},'.repeat(${Math.floor(SIZE / 48) - 1}) + '{}]'`,
  'an array of 2.79 million {}': `'[' + '{},'.repeat(${SIZE / 3 - 1}) + '{}]'`,
  // 2 MiB: JSON.parse itself takes seconds of CPU on millions of open brackets; the scanner's bit per
  // bracket is as visible at 2 MiB (see DEEP_EXTRA_MIB).
  [DEEP]: `'['.repeat(${SIZE / 4})`,
  'a long string beside an integer beyond 2^53': `'["' + 'x'.repeat(${SIZE - 30}) + '",9007199254740993]'`,
  'integers written with exponents: [1e999,1e999,...]': `'[' + '1e999,'.repeat(${SIZE / 6 - 1}) + '1]'`,
}

/**
 * The built core, as users load it: a plain Node child, without tsx, whose transform of the sources
 * cost more CPU than the measurement itself (half a second per child, 14 children).
 */
const core = path.join(root, 'packages/core/dist/index.js')
if (!existsSync(core)) throw new Error(`${core} is missing: build first (npx turbo run build)`)

/** Peak RSS (MiB) of a child that reads the input with `JSON.parse` or the built `readJson`. */
async function peak(
  input: string,
  step: 'JSON.parse' | 'readJson',
): Promise<{ mib: number; outcome: string }> {
  const script = `
    const { readJson } = await import(${JSON.stringify(pathToFileURL(core).href)})
    const text = ${input}
    let outcome = 'value'
    try { ${step === 'readJson' ? 'readJson' : 'JSON.parse'}(text) } catch (error) { outcome = error.code ?? error.name }
    console.log(JSON.stringify({ mib: process.resourceUsage().maxRSS / 1024, outcome }))`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    maxBuffer: MiB,
  })
  return JSON.parse(stdout)
}

describe('readJson memory on 8 MiB inputs (peak RSS of a child process)', () => {
  it.each(Object.entries(inputs))(
    `%s: at most four times the input beyond JSON.parse's own peak`,
    async (name, input) => {
      const [parsed, read] = await Promise.all([peak(input, 'JSON.parse'), peak(input, 'readJson')])
      expect(read.outcome).not.toBe('RangeError')
      expect(read.mib - parsed.mib).toBeLessThan(name === DEEP ? DEEP_EXTRA_MIB : EXTRA_MIB)
    },
  )
})
