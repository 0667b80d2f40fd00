/** The schemas/jwt examples, through the generated model (ajv and Python agree in tools/conformance). */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { check, errors } from '../src/generated/Claims.gen.js'

const dir = path.resolve(import.meta.dirname, '../../../schemas/jwt/examples')
const expectedErrors: Record<string, { path: string; keyword: string }> = JSON.parse(
  readFileSync(path.join(dir, 'expected-errors.json'), 'utf8'),
)
const load = (kind: string) =>
  readdirSync(path.join(dir, kind, 'Claims')).map(
    (name) => [name, JSON.parse(readFileSync(path.join(dir, kind, 'Claims', name), 'utf8'))] as const,
  )

describe('jwt/Claims examples', () => {
  it.each(load('valid'))('valid/%s', (_name, data) => {
    expect(errors(data)).toEqual([])
    expect(check(data)).toBe(true)
  })

  it.each(load('invalid'))('invalid/%s', (name, data) => {
    expect(check(data)).toBe(false)
    const issue = expectedErrors[`Claims/${name}`]
    expect(issue, 'an entry in expected-errors.json').toBeDefined()
    expect(errors(data).map((i) => ({ path: i.path, keyword: i.keyword }))).toContainEqual(issue)
  })

  it('has the required examples', () => {
    expect(load('valid').length).toBeGreaterThanOrEqual(3)
    expect(load('invalid').length).toBeGreaterThanOrEqual(5)
    expect(Object.keys(expectedErrors).sort()).toEqual(
      load('invalid')
        .map(([name]) => `Claims/${name}`)
        .sort(),
    )
  })
})
