/**
 * One bad record never ends the run: a claims set nested 6,000 deep, a token whose payload or header is,
 * odd token lines (BOM, CRLF, blank, foreign characters, a 20 MB header) are each reported with a typed
 * code and reason, the records after them are still read and counted, and the exit status is 1.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cli, parseJsonLines } from './helpers.js'

const SECRET = 'SENTINEL-5ecret-ab12cd34-0123456789abcdef'
const env = { JWT_SECRET: SECRET }
const hs = ['--alg', 'HS256', '--secret-env', 'JWT_SECRET']

const b64 = (text: string) => Buffer.from(text).toString('base64url')
/** An HS256 token over any header and payload text (what another issuer, or an attacker, may send). */
function token(header: string, payload: string): string {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`
}
const nested = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`

/** `file:line  <noun> N  <verdict>: CODE (reason): message`, one per failed record. */
function failures(stderr: string, noun: string): { line: number; record: number; text: string }[] {
  return [...stderr.matchAll(new RegExp(`^<stdin>:(\\d+)  ${noun} (\\d+)  [^:]+: (.*)$`, 'gm'))].map((m) => ({
    line: Number(m[1]),
    record: Number(m[2]),
    text: m[3]!,
  }))
}

describe('jwt sign: a claims set nested 6,000 deep fails alone', () => {
  it('reports records 2 and 4, signs 1, 3 and 5, exits 1', async () => {
    const deep = `{"sub":"b","deep":${nested(6_000)}}`
    expect(deep.length).toBeGreaterThan(12_000)
    const input = [
      '{"sub":"a"}',
      deep,
      '{"sub":"c"}',
      `{"sub":"d","deep":${nested(6_000, '9223372036854775807')}}`,
      '{"sub":"e"}',
    ].join('\n')
    const result = await cli(['jwt', 'sign', ...hs], { input, env })
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code).toBe(1)
    expect(result.stdout.trim().split('\n')).toHaveLength(3)
    const failed = failures(result.stderr, 'record')
    expect(failed.map((f) => f.record)).toEqual([2, 4])
    for (const f of failed) expect(f.text).toMatch(/^(ERR_JWT_INVALID \(too_deep\)|ERR_JSON_TOO_DEEP): /)
  })
})

describe('jwt verify and decode: odd and deep tokens fail alone', () => {
  const good = token('{"alg":"HS256"}', '{"sub":"alice"}')
  const deepPayload = token('{"alg":"HS256"}', `{"sub":"b","deep":${nested(6_000)}}`)
  const deepHeader = token(`{"alg":"HS256","x":${nested(5_000)}}`, '{"sub":"c"}')
  const lines = [
    good, // 1
    deepPayload, // 2
    good, // 3
    deepHeader, // 4
    `\uFEFF${good}`, // 5: a BOM, as a text editor may write it (white space around a token is not part of it)
    `${good}\r`, // 6: CRLF
    '', // 7: blank, not a token
    `${good.slice(0, -2)}+/`, // 8: not base64url
    `${'e'.repeat(20_000_000)}.e30.sig`, // 9: a 20 MB header
    good, // 10
  ]
  const input = `${lines.join('\n')}\n`
  const signatures = [good, deepPayload, deepHeader].map((t) => t.split('.')[2]!)

  it.each([
    [
      'verify',
      ['jwt', 'verify', ...hs],
      'token',
      (line: string) => expect(JSON.parse(line)).toEqual({ sub: 'alice' }),
    ],
    [
      'decode',
      ['jwt', 'decode'],
      'token',
      (line: string) => expect(JSON.parse(line)).toMatchObject({ payload: { sub: 'alice' } }),
    ],
  ] as const)(
    '%s: every token is read; the four bad ones are reported with a code; exit 1',
    async (_name, args, noun, check) => {
      expect(deepPayload.length).toBeLessThan(16_384) // within maxTokenLength: the nesting is what fails
      const result = await cli(args, { input, env })
      expect(result.stderr).not.toMatch(/internal error/)
      expect(result.code).toBe(1)
      const outputs = parseJsonLines(result.stdout)
      expect(outputs).toHaveLength(5)
      for (const output of outputs) check(JSON.stringify(output))
      const failed = failures(result.stderr, noun)
      expect(failed.map((f) => [f.line, f.record])).toEqual([
        [2, 2],
        [4, 4],
        [8, 7],
        [9, 8],
      ])
      expect(failed.map((f) => /^(ERR_[A-Z_]+ \([a-z_]+\)): /.exec(f.text)?.[1])).toEqual([
        'ERR_JWT_INVALID (too_deep)',
        'ERR_JWS_INVALID (too_deep)',
        'ERR_JWT_INVALID (malformed)',
        'ERR_JWT_INVALID (malformed)',
      ])
      for (const secret of [SECRET, ...signatures]) expect(result.stderr).not.toContain(secret)
    },
  )
})

describe('claims: a token info nested 600 deep fails alone', () => {
  it('reports it with maxDepth, converts the next record, exits 1', async () => {
    const info = (name: string, extra = '') =>
      `{"user_name":"${name}","user_id":1,"role":"r","owner_id":2,"data_center":"US","scopes":[],"issued_at":"2024-05-01T12:00:00Z"${extra}}`
    // (Deeper than 1,000 levels, a record fails before it is converted: convert.e2e.test.ts.)
    const input = [info('a'), info('b', `,"deep":${nested(600)}`), info('c')].join('\n')
    const result = await cli(['claims', '--from', 'extremecloudiq/XiqApiTokenInfo'], { input })
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code).toBe(1)
    expect(parseJsonLines(result.stdout).map((c) => (c as { sub: string }).sub)).toEqual(['a', 'c'])
    expect(result.stderr).toMatch(/record 2 .*failed/)
    expect(result.stderr).toMatch(/\/deep +maxDepth +nested deeper than 128 levels/)
  })
})
