/**
 * Syntax errors: the scanner rejects exactly the texts JSON.parse rejects, at the offset where JSON.parse stops,
 * and no error of readJson carries any input text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, readJson } from '../src/index.js'
import { findSyntaxError, REASONS } from '../src/json-syntax.js'

function parseFailure(text: string): string | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

/** Whether JSON.parse read all of `prefix` without finding a wrong character (it is JSON, or JSON cut short). */
function viablePrefix(prefix: string): boolean {
  const message = parseFailure(prefix)
  if (message === undefined || /Unexpected end of JSON input/.test(message)) return true
  const at = /at position (\d+)/.exec(message)
  return at !== null && Number(at[1]) === prefix.length
}

/**
 * Where V8's JSON.parse stops on a text it rejects: the position its message gives; the end for "Unexpected end";
 * otherwise (messages that quote the text instead) the longest prefix it reads without a wrong character, found
 * by bisection (a prefix of such a prefix is one too), and checked against the character the message names.
 */
function jsonParseStop(text: string): number {
  const message = parseFailure(text)
  if (message === undefined) throw new Error('JSON.parse accepted the text')
  const at = /at position (\d+)/.exec(message)
  if (at) return Number(at[1])
  if (/Unexpected end of JSON input/.test(message)) return text.length
  let viable = 0
  let notViable = text.length
  while (notViable - viable > 1) {
    const middle = (viable + notViable) >>> 1
    if (viablePrefix(text.slice(0, middle))) viable = middle
    else notViable = middle
  }
  const token = /^Unexpected token '(.+?)', /su.exec(message)
  if (token) expect(String.fromCodePoint(text.codePointAt(viable)!)).toBe(token[1])
  return viable
}

const vocabulary = new Set<string>(Object.values(REASONS))

function expectSameVerdict(text: string): void {
  const rejected = parseFailure(text) !== undefined
  const problem = findSyntaxError(text)
  expect(problem === undefined, `verdict on ${JSON.stringify(text)}`).toBe(!rejected)
  if (problem) {
    expect(problem.offset, `offset in ${JSON.stringify(text)}`).toBe(jsonParseStop(text))
    expect(vocabulary.has(problem.reason)).toBe(true)
  }
}

const malformed = [
  '',
  ' ',
  '\n\t\r ',
  '{"token":SECRET-123}',
  '{"a":1,}',
  '[1,]',
  '[,1]',
  '{,}',
  '{"a" 1}',
  '{"a":}',
  '{"a"',
  '{"a":',
  '{"a":1',
  '{"a":1,',
  '{"a":1 "b":2}',
  '{a:1}',
  "{'a':1}",
  '[1 2]',
  '1 2',
  '[]]',
  '[',
  '{',
  '[[[[',
  '"abc',
  '"\\x"',
  '"\\u12x4"',
  '"\\u',
  '"\\u00',
  '"\\',
  '"a\u0001"',
  '"a\n"',
  '"a\u001f"',
  '01',
  '[01]',
  '[-01]',
  '-',
  '-x',
  '1.',
  '1.x',
  '[1.e5]',
  '1e',
  '1e+',
  '1ex',
  '.5',
  '+1',
  'NaN',
  'Infinity',
  '-Infinity',
  'tru',
  'trux',
  'nul',
  'nulll',
  'truefalse',
  'True',
  '\u00a0[]',
  '[1]\u00a0',
  '\uFEFF[]',
  '[1,\n2,\nx]',
  '{"a":[1,{"b":[2,{"c":3]}]}',
  '{"a":"\ud800"x}',
  '"\u2028"x',
]

const valid = [
  '0',
  '-0',
  '1e5',
  '1E+5',
  '-1.5e-5',
  '"\\u00e9\\ud83d\\ude00\\"\\\\\\/\\b\\f\\n\\r\\t"',
  '"\ud800"',
  ' [ ] ',
  '{ }',
  '{"a":{"b":[1,2,{"c":null}]},"d":true,"e":false}',
  '[[[[[]]]]]',
  '"\u2028\u2029"',
]

describe('the syntax scanner agrees with JSON.parse', () => {
  it.each(malformed)('rejects %j where JSON.parse stops', (text) => {
    expect(parseFailure(text)).toBeDefined()
    expectSameVerdict(text)
  })

  it.each(valid)('accepts %j', (text) => {
    expect(parseFailure(text)).toBeUndefined()
    expect(findSyntaxError(text)).toBeUndefined()
  })

  it('the oracle itself: V8 positions are where the longest readable prefix ends', () => {
    // Where V8 states a position, bisection must find the same one (else the oracle is not the scanner's peer).
    for (const text of malformed.filter((t) => /at position/.test(parseFailure(t)!))) {
      const position = Number(/at position (\d+)/.exec(parseFailure(text)!)![1])
      let viable = 0
      while (viable < text.length && viablePrefix(text.slice(0, viable + 1))) viable++
      expect(viable, JSON.stringify(text)).toBe(position)
    }
  })

  const jsonText = fc.jsonValue().map((value) => JSON.stringify(value, null, Math.random() < 0.5 ? 1 : 0))
  const pieces = fc.constantFrom(
    ...'{}[]:,"\\ 0123456789-+.eEtrufalsn\n\t\r\u0001\u001fx\u00a0\ud800é'.split(''),
    'true',
    'null',
    '\\u',
    '\\u00',
    '"a"',
    '1e5',
    '-0.5',
  )

  it('on mutated JSON: the same verdict, and the same offset', () => {
    const mutated = fc
      .tuple(
        jsonText,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), pieces), { minLength: 1, maxLength: 4 }),
      )
      .map(([text, edits]) => {
        let out = text
        for (const [where, kind, piece] of edits) {
          const at = out.length === 0 ? 0 : where % (out.length + 1)
          if (kind === 0) out = out.slice(0, at) + piece + out.slice(at)
          else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1)
          else if (kind === 2) out = out.slice(0, at) + piece + out.slice(at + 1)
          else out = out.slice(0, at)
        }
        return out
      })
    fc.assert(fc.property(mutated, expectSameVerdict), { numRuns: 3000 })
  })

  it('readJson accepts exactly what JSON.parse accepts, also where it skips JSON.parse (an integer beyond 2^53)', () => {
    const withBigInteger = fc
      .tuple(jsonText, fc.nat(), fc.array(fc.tuple(fc.nat(), pieces), { maxLength: 2 }))
      .map(([text, where, edits]) => {
        const at = where % (text.length + 1)
        let out = `[${text.slice(0, at)}${text.slice(at)},9007199254740993]`
        for (const [position, piece] of edits) {
          const p = position % (out.length + 1)
          out = out.slice(0, p) + piece + out.slice(p + 1)
        }
        return out
      })
    fc.assert(
      fc.property(withBigInteger, (text) => {
        const rejected = parseFailure(text) !== undefined
        let thrown: unknown
        try {
          readJson(text)
        } catch (error) {
          thrown = error
        }
        if (rejected) expect(thrown).toBeInstanceOf(JsonSyntaxError)
        else expect(thrown === undefined || !(thrown instanceof JsonSyntaxError)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('on random strings of JSON characters', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')),
        expectSameVerdict,
      ),
      { numRuns: 3000 },
    )
  })

  it('on valid JSON of every shape', () => {
    fc.assert(fc.property(jsonText, expectSameVerdict), { numRuns: 500 })
  })

  it('on objects and arrays nested past 32 and 64 levels (where the kinds of open containers are kept otherwise)', () => {
    const nested = fc
      .tuple(
        fc.array(fc.boolean(), { maxLength: 140, size: 'max' }),
        fc.nat(),
        fc.constantFrom('}', ']', '', ',1', 'x'),
      )
      .map(([kinds, where, edit]) => {
        const text = `${kinds.map((isObject) => (isObject ? '{"k":' : '[')).join('')}1${kinds
          .map((isObject) => (isObject ? '}' : ']'))
          .reverse()
          .join('')}`
        // Put a closing character of either kind, a cut, an item or garbage somewhere in it.
        const at = where % (text.length + 1)
        return text.slice(0, at) + edit + text.slice(at + (edit === '' ? 0 : 1))
      })
    fc.assert(fc.property(nested, expectSameVerdict), { numRuns: 2000 })
  })

  it('at any depth, without recursion', () => {
    const depth = 200_000
    expect(findSyntaxError('['.repeat(depth) + ']'.repeat(depth))).toBeUndefined()
    expect(findSyntaxError(`${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`)).toBeUndefined()
    expect(findSyntaxError('['.repeat(depth))).toEqual({ offset: depth, reason: REASONS.value })
    expect(findSyntaxError(`${'['.repeat(depth)}}`)).toEqual({ offset: depth, reason: REASONS.value })
    expect(findSyntaxError(`${'['.repeat(depth)}1}`)).toEqual({
      offset: depth + 1,
      reason: REASONS.afterItem,
    })
  })
})

describe('readJson syntax errors', () => {
  /** The error readJson throws for `text`. */
  function syntaxErrorOf(text: string): JsonSyntaxError {
    try {
      readJson(text)
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError)
      return error as JsonSyntaxError
    }
    throw new Error('readJson accepted the text')
  }

  const message = /^(.*) \(line (\d+), column (\d+)\)$/

  it('say line, column (1-based) and what was expected, in a fixed vocabulary, with a code', () => {
    const error = syntaxErrorOf('{\n  "token": SECRET-123\n}')
    expect(error.code).toBe('ERR_JSON_SYNTAX')
    expect(error.message).toBe('expected a value (line 2, column 12)')
    expect([error.line, error.column]).toEqual([2, 12])
    expect(error.cause).toBeUndefined()
    expect(syntaxErrorOf('{\n  "a": 1,\n}').message).toBe(
      'expected a double-quoted property name (line 3, column 1)',
    )
    expect(syntaxErrorOf('').message).toBe('empty input: expected a JSON value (line 1, column 1)')
    expect(syntaxErrorOf('[1,2').message).toBe("expected ',' or ']' after an array item (line 1, column 5)")
  })

  it('the position is JSON.parse’s, on the line and column of the text (a BOM is not counted)', () => {
    for (const text of [...malformed.filter((t) => t !== '\uFEFF[]'), '\uFEFF{"a":x}']) {
      const source = text.startsWith('\uFEFF') ? text.slice(1) : text
      const offset = jsonParseStop(source)
      const before = source.slice(0, offset).split('\n')
      const error = syntaxErrorOf(text)
      expect([error.line, error.column], JSON.stringify(text)).toEqual([
        before.length,
        before.at(-1)!.length + 1,
      ])
      expect(vocabulary.has(message.exec(error.message)![1]!)).toBe(true)
    }
  })

  it('a text cut short (read without JSON.parse) is refused where JSON.parse stops, with the same error', () => {
    const jsonText = fc.jsonValue().map((value) => JSON.stringify(value, null, Math.random() < 0.5 ? 1 : 0))
    const cut = fc
      .tuple(jsonText, fc.nat(), fc.constantFrom('', ' ', '\r\n', ',', ':', '\t '))
      .map(([text, where, end]) => text.slice(0, where % (text.length + 1)) + end)
      .filter((text) => parseFailure(text) !== undefined)
    fc.assert(
      fc.property(cut, (text) => {
        const before = text.slice(0, jsonParseStop(text)).split('\n')
        const error = syntaxErrorOf(text)
        expect([error.line, error.column], JSON.stringify(text)).toEqual([
          before.length,
          before.at(-1)!.length + 1,
        ])
        expect(error.message).toBe(syntaxErrorOf(`\uFEFF${text}`).message)
      }),
      { numRuns: 2000 },
    )
  })

  const secret = fc.stringMatching(/^[A-Za-z0-9+/=_-]{8,24}$/).map((s) => `Sx${s}`)

  /** Malformed JSON holding the secret: as a bare token, in a broken string, next to a broken number, ... */
  const leaky = fc
    .tuple(
      secret,
      fc.constantFrom(
        '{"token":@}',
        '{"token":"@',
        '{"token":"@\\q"}',
        '{"token":"@\u0001"}',
        '{"token":"@" "x":1}',
        '{"token":"@",}',
        '["@",]',
        '[1,2,@]',
        '{"@":1,,}',
        '{"a":1}@',
        '{"a":01,"t":"@"}',
        '{"t":"@"',
        '@',
        '"@',
        '{@:1}',
        '[1e@]',
        '{"t":"@\\u12G4"}',
      ),
      fc.jsonValue(),
    )
    .map(([s, template, filler]) => ({
      secret: s,
      text: template.replace('@', s).replace(/^\{/, `{"f":${JSON.stringify(filler)},`),
    }))

  it('never carry input text: random secrets in random malformed JSON', () => {
    fc.assert(
      fc.property(leaky, ({ secret: s, text }) => {
        const error = syntaxErrorOf(text)
        const seen = [
          error.message,
          String(error.stack),
          String(error.cause),
          JSON.stringify(error),
          JSON.stringify(Object.getOwnPropertyDescriptors(error)),
        ]
        for (const where of seen) expect(where).not.toContain(s.slice(0, 6))
        expect(vocabulary.has(message.exec(error.message)![1]!)).toBe(true)
        expect(Object.keys(error).sort()).toEqual(['code', 'column', 'line', 'name'])
      }),
      { numRuns: 1000 },
    )
  })

  it('never carry input text: any malformed text gives a message from the vocabulary', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        if (parseFailure(text.replace(/^\uFEFF/, '')) === undefined) return
        const error = syntaxErrorOf(text)
        expect(vocabulary.has(message.exec(error.message)?.[1] ?? error.message)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})
