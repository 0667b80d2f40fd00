/** Finding the text of a JSON Pointer inside a record, to highlight an issue where it is. */
import { describe, expect, it } from 'vitest'
import { locate } from '../src/locate.js'

const at = (text: string, pointer: string) => {
  const span = locate(text, pointer)
  return text.slice(span.start, span.end)
}

describe('locate', () => {
  const text = '{ "a": {"b": [10, {"c~/": "x\\"y"}]}, "d": null, "a b": true }'

  it('finds values by pointer, escapes included', () => {
    expect(at(text, '')).toBe(text)
    expect(at(text, '/a/b/0')).toBe('10')
    expect(at(text, '/a/b/1/c~0~1')).toBe('"x\\"y"')
    expect(at(text, '/d')).toBe('null')
    expect(at(text, '/a b')).toBe('true')
  })

  it('falls back to the nearest ancestor that is there (a missing required property)', () => {
    expect(at(text, '/a/missing')).toBe('{"b": [10, {"c~/": "x\\"y"}]}')
    expect(at(text, '/a/b/7')).toBe('[10, {"c~/": "x\\"y"}]')
  })

  it('takes the last of duplicated keys, as the parser does', () => {
    expect(at('{"k": 1, "k": 2}', '/k')).toBe('2')
  })

  it('matches keys by their decoded text', () => {
    expect(at('{"\\u0041": 5}', '/A')).toBe('5')
  })
})
