/**
 * Resource limits at the library level: deep nesting, a 10 MB string, a million-element array and a 50 MB
 * document give a result or a typed error: no stack overflow, no hang.
 */
import { toCommon } from '@session-schemas/converter'
import { JsonLimitError, readJson, writeJson } from '@session-schemas/core'
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

  it('100,000-deep nesting beside an int64 beyond 2^53: a JsonLimitError, not a stack overflow', () => {
    const text = `{${base.replace('"user_id":1', '"user_id":9223372036854775807')},"drift":${deep(100_000)}}`
    expect(() => readJson(text)).toThrow(JsonLimitError)
    expect(() => Xiq.parseJson(text)).toThrow(/nested too deeply/)
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
