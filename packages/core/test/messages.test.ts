/**
 * Issue messages come from structured parameters; explaining a failed anyOf/oneOf combines those
 * parameters, never the English they render to (which may quote schema values that look like our own
 * wording). And the casing hint of a missing required property, made without regular expressions; and the
 * names credentials go by (isCredentialName), singular and plural.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Evaluator } from '../src/internal.js'
import { CasingIndex, isCredentialName, likelyCasingMistake, secretNameKey } from '../src/wording.js'

describe('anyOf and oneOf explained from parameters', () => {
  it('a type union names each type once (ipv4 or ipv6 branches are both strings)', () => {
    const ip = {
      anyOf: [{ type: 'string', format: 'ipv4' }, { type: 'string', format: 'ipv6' }, { type: 'null' }],
    }
    expect(new Evaluator(ip).errors({})).toEqual([
      { path: '', keyword: 'type', message: 'expected string or null, got object' },
    ])
    // The same anyOf asked again (its wording is made once per schema) says the same.
    expect(new Evaluator(ip).errors(1)).toEqual([
      { path: '', keyword: 'type', message: 'expected string or null, got integer' },
    ])
  })

  it('alternatives failing on the same keyword: each requirement whole, even one that reads "; got "', () => {
    const evaluator = new Evaluator({ anyOf: [{ enum: ['a; got b', 'c'] }, { enum: ['z'] }] })
    expect(evaluator.errors('q')).toEqual([
      {
        path: '',
        keyword: 'enum',
        message: 'must be one of "a; got b", "c", or must be one of "z"; got "q"',
      },
    ])
  })

  it('a pattern that reads like our wording is quoted whole', () => {
    const evaluator = new Evaluator({
      oneOf: [
        { type: 'string', pattern: '^x; got y$' },
        { type: 'string', pattern: '^, got $' },
      ],
    })
    expect(evaluator.errors('q')).toEqual([
      {
        path: '',
        keyword: 'pattern',
        message: 'must match the pattern "^x; got y$", or must match the pattern "^, got $"; got "q"',
      },
    ])
  })

  it('a type union reads as one type error (a branch may name several types), a secret unquoted', () => {
    const evaluator = new Evaluator({
      type: 'object',
      properties: {
        token: {
          format: 'password',
          anyOf: [{ type: 'integer' }, { type: ['array', 'null'] }],
        },
      },
    })
    expect(evaluator.errors({ token: 'hunter2' })).toEqual([
      {
        path: '/token',
        keyword: 'type',
        message: 'expected integer or array or null, got a secret string of 7 characters',
      },
    ])
  })
})

describe('likelyCasingMistake', () => {
  /** The definition: keys equal once `_`, `-` and white space are removed and the rest lower-cased. */
  const fold = (key: string) => key.replace(/[_\-\s]/g, '').toLowerCase()
  const reference = (required: string, present: readonly string[]) =>
    present.find((key) => key !== required && fold(key) === fold(required))

  it('finds the key the definition finds, for any keys (non-ASCII, separators, special casings)', () => {
    // With the ASCII neighbours of the separators (`,` `.` `/` `^` `` ` `` DEL) and the ends of `\s`'s ranges.
    const char = fc.constantFrom(
      ...'aAzZ09_- \t\n\u000b\r,./^`\u007f\u0080\u0085\u00a0\u1680\u2000\u200a\u200b\u2028\u3000\ufeffİıΣσςßé😀'.split(
        '',
      ),
      '\ud800',
    )
    const key = fc.array(char, { maxLength: 8 }).map((chars) => chars.join(''))
    fc.assert(
      fc.property(key, fc.array(key, { maxLength: 5 }), (required, others) => {
        const present = [...others, required.toUpperCase(), required.replace(/_/g, '-')]
        expect(likelyCasingMistake(required, present)).toBe(reference(required, present))
      }),
      { numRuns: 20_000 },
    )
  })

  it('CasingIndex finds what it finds, for the missing keys of objects of any size, worded in any order', () => {
    const char = fc.constantFrom(...'aAbB_- İıσςß'.split(''))
    const key = fc.array(char, { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''))
    // Objects of 0 to 40 keys (scanned under 9, indexed from 9), some with a key whose value is undefined.
    const object = fc
      .uniqueArray(key, { maxLength: 40 })
      .chain((keys) =>
        fc
          .array(fc.boolean(), { minLength: keys.length, maxLength: keys.length })
          .map((undefinedAt) => Object.fromEntries(keys.map((k, i) => [k, undefinedAt[i] ? undefined : 1]))),
      )
    const asked = fc.array(fc.tuple(fc.nat(), key), { maxLength: 30 })
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 3 }), asked, (objects, questions) => {
        const index = new CasingIndex()
        for (const [which, required] of questions) {
          const target = objects[which % objects.length]!
          expect(index.mistakeFor(required, target)).toBe(likelyCasingMistake(required, Object.keys(target)))
        }
      }),
      { numRuns: 3_000 },
    )
  })

  it('CasingIndex: a required key present (undefined) before another spelling of it', () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ClassId', 'class_id']
    const target = Object.fromEntries(keys.map((k) => [k, k === 'ClassId' ? undefined : 1]))
    expect(new CasingIndex().mistakeFor('ClassId', target)).toBe('class_id')
  })

  it('names the snake_case spelling of a PascalCase key, and nothing for unrelated keys', () => {
    expect(likelyCasingMistake('ClassId', ['class_id', 'Moid'])).toBe('class_id')
    expect(likelyCasingMistake('error_code', ['error_id', 'error_message'])).toBeUndefined()
  })
})

describe('isCredentialName', () => {
  /** The ends of credential names SECURITY.md lists, in the singular (a `secretNameKey`). */
  const ENDINGS = [
    'token',
    'secret',
    'password',
    'passwd',
    'passphrase',
    'passcode',
    'apikey',
    'credential',
    'cookie',
    'privatekey',
    'secretkey',
    'accesskey',
    'signingkey',
    'sessionkey',
    'sessionid',
    'sessid',
  ]
  const prefix = fc
    .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), {
      minLength: 1,
      maxLength: 8,
    })
    .map((chars) => chars.join(''))

  it('every ending, singular or plural, with anything before it, is a credential (`access_tokens`, `api_keys`)', () => {
    fc.assert(
      fc.property(prefix, fc.constantFrom(...ENDINGS), (before, ending) => {
        expect(isCredentialName(before + ending), before + ending).toBe(true)
        expect(isCredentialName(`${before}${ending}s`), `${before}${ending}s`).toBe(true)
      }),
      { numRuns: 2_000 },
    )
  })

  it('the plural alone too, except `tokens` (a count as often as a list)', () => {
    for (const ending of ENDINGS) {
      expect(isCredentialName(ending), ending).toBe(true)
      expect(isCredentialName(`${ending}s`), `${ending}s`).toBe(ending !== 'token')
    }
  })

  it('as upstreams spell them, and what only looks alike', () => {
    for (const name of [
      'access_tokens',
      'session_tokens',
      'refreshTokens',
      'api_keys',
      'X-Api-Keys',
      'access_keys',
      'AccessKeys',
      'session_ids',
      'SessionIDs',
      'JSESSIONIDS',
      'secret_keys',
      'signing_keys',
      'private_keys',
      'passphrases',
      'client_secrets',
      'cookies',
      // Whole names, not endings (a review: their plurals were not secret).
      'pwd',
      'pwds',
      'client_assertions',
      'code_verifiers',
    ])
      expect(isCredentialName(secretNameKey(name)), name).toBe(true)
    for (const name of [
      'tokens',
      'Tokens',
      'keys',
      'token_count',
      'token_type',
      'password_policy',
      'authorization',
    ])
      expect(isCredentialName(secretNameKey(name)), name).toBe(false)
  })
})
