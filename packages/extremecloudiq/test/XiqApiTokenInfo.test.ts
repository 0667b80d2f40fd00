import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ValidationError } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import {
  check,
  errors,
  model,
  parse,
  parseJson,
  unknownProperties,
  type XiqApiTokenInfo,
} from '../src/generated/XiqApiTokenInfo.gen.js'

const examples = path.resolve(import.meta.dirname, '../../../schemas/extremecloudiq/examples')
const example = (file: string) => readFileSync(path.join(examples, file), 'utf8')

describe('extremecloudiq/XiqApiTokenInfo', () => {
  it('reads user_id 9223372036854775807 exactly through parseJson', () => {
    const info = parseJson(example('valid/XiqApiTokenInfo/user-id-beyond-2-53.json'))
    expect(info.user_id).toBe(9223372036854775807n)
    expect(info.owner_id).toBe(9007199254740993n)
    const asStrings = parseJson(example('valid/XiqApiTokenInfo/user-id-beyond-2-53.json'), {
      int64: 'string',
    })
    expect(asStrings.user_id).toBe('9223372036854775807')
    // JSON.parse alone would have rounded it:
    expect(JSON.parse(example('valid/XiqApiTokenInfo/user-id-beyond-2-53.json')).user_id).toBe(2 ** 63)
  })

  it('accepts the exact bigint form in check, and rejects a fraction', () => {
    const info: XiqApiTokenInfo = JSON.parse(example('valid/XiqApiTokenInfo/full.json'))
    expect(check({ ...info, user_id: 9223372036854775807n })).toBe(true)
    expect(check({ ...info, user_id: 1.5 })).toBe(false)
  })

  // No double lies between 2^63 - 1 and 2^63: a number is within the int64 maximum exactly when it is below
  // 2^63. The schema's maximum 9223372036854775807 reads as the double 2^63, so the bound alone let it pass.
  it('bounds a number by the int64 maximum exactly: the double 2^63 is beyond it', () => {
    const info: XiqApiTokenInfo = JSON.parse(example('valid/XiqApiTokenInfo/full.json'))
    const rounded = JSON.parse(example('valid/XiqApiTokenInfo/user-id-beyond-2-53.json')).user_id
    expect(rounded).toBe(2 ** 63)
    for (const beyond of [rounded, 2 ** 64, 9223372036854775808n]) {
      expect(check({ ...info, user_id: beyond }), String(beyond)).toBe(false)
      expect(model.safeParse({ ...info, user_id: beyond }).success).toBe(false)
      expect(model['~standard'].validate({ ...info, user_id: beyond })).toHaveProperty('issues')
    }
    expect(errors({ ...info, user_id: rounded })).toEqual([
      {
        path: '/user_id',
        keyword: 'maximum',
        message:
          'must be <= 9223372036854775807 (int64); got the double 9223372036854775808 (JSON.parse rounds integers beyond 2^53: read JSON with parseJson to keep them exact)',
      },
    ])
    // One issue each: the int64 bound, not also the schema's maximum rounded to 2^63.
    for (const beyond of [2 ** 64, 9223372036854775808n])
      expect(errors({ ...info, user_id: beyond }).map((i) => i.message)).toEqual([
        expect.stringMatching(/^must be <= 9223372036854775807 \(int64\); got /),
      ])
    // Not a JSON number at all: its type, and the bound in plain words (the double's exact integer is
    // only named for a finite double).
    expect(errors({ ...info, user_id: Number.POSITIVE_INFINITY }).map((i) => i.message)).toEqual([
      'expected integer, got Infinity (not a JSON number)',
      'must be <= 9223372036854775807 (int64); got Infinity',
    ])
    // Within: the largest double below 2^63, and the minimum -2^63 (a double holds it exactly).
    for (const within of [2 ** 63 - 1024, -(2 ** 63), 9223372036854775807n])
      expect(check({ ...info, user_id: within }), String(within)).toBe(true)
  })

  it('reports drift without failing, and keeps __proto__ as data', () => {
    const value = JSON.parse(example('valid/XiqApiTokenInfo/reconstructed-with-drift.json'))
    expect(check(value)).toBe(true)
    expect(unknownProperties(value).map((u) => u.key)).toEqual([
      '__proto__',
      'constructor',
      'customer_id',
      'hiq_enabled',
      'quota',
    ])
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('explains a snake_case/camelCase slip', () => {
    expect(errors(JSON.parse(example('invalid/XiqApiTokenInfo/camel-case-keys.json')))).toEqual([
      {
        path: '/user_name',
        keyword: 'required',
        message: 'missing required property "user_name" (found "userName": a likely casing mistake)',
      },
    ])
    expect(() => parse(JSON.parse(example('invalid/XiqApiTokenInfo/issued-at-not-rfc3339.json')))).toThrow(
      ValidationError,
    )
  })

  it('is a Standard Schema', async () => {
    const result = await model['~standard'].validate(
      JSON.parse(example('invalid/XiqApiTokenInfo/user-id-string.json')),
    )
    expect(result.issues?.[0]).toEqual({
      message: 'expected integer, got string (a string-encoded number?)',
      path: ['user_id'],
    })
  })

  it('checks and explains under --disallow-code-generation-from-strings (no eval at run time)', () => {
    const built = path.resolve(import.meta.dirname, '../dist/generated/XiqApiTokenInfo.gen.js')
    expect(existsSync(built), 'run `pnpm build` first: this test imports the built package').toBe(true)
    const script = `
      const m = await import(${JSON.stringify(built)})
      let evalBlocked = false
      try { new Function('return 1') } catch { evalBlocked = true }
      const valid = JSON.parse(process.argv[1]), invalid = { ...valid, user_id: 'x' }
      console.log(JSON.stringify({ evalBlocked, valid: m.check(valid), invalid: m.check(invalid), issues: m.errors(invalid).length }))`
    const out = execFileSync(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        '--input-type=module',
        '-e',
        script,
        example('valid/XiqApiTokenInfo/full.json'),
      ],
      { encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual({ evalBlocked: true, valid: true, invalid: false, issues: 1 })
  })
})
