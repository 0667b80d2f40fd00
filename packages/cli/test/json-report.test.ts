/** `validate --format json` builds each issue's line from parts: the same text as stringifying the object. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { issueLine } from '../src/validate/json-report.js'

// Every code unit, lone surrogates included (JSON.stringify escapes those), and the keys of objects.
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('__proto__', 'constructor', '', '"', '\\'),
)

describe('issueLine', () => {
  it('is JSON.stringify({ source, record, line, model, path, keyword, message })', () => {
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(),
        fc.option(text),
        text,
        text,
        text,
        (source, record, line, model, path, keyword, message) => {
          expect(issueLine(JSON.stringify(source), record, line, model, { path, keyword, message })).toBe(
            JSON.stringify({ source, record, line, model, path, keyword, message }),
          )
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('says the same for a model id or keyword met before (they are stringified once)', () => {
    const issue = { path: '/a', keyword: 'type', message: 'm' }
    const first = issueLine('"-"', 1, 1, 'x/Model', issue)
    expect(issueLine('"-"', 1, 1, 'x/Model', issue)).toBe(first)
    expect(JSON.parse(first)).toEqual({ source: '-', record: 1, line: 1, model: 'x/Model', ...issue })
  })
})
