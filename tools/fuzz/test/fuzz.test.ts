/**
 * Hostile and mutated input through every validator, converter pair and claims mapping. Properties:
 * nothing throws except our typed errors; check(x) agrees with errors(x).length === 0; a valid record
 * converts to a valid target (or a typed error naming the missing fields); Object.prototype never
 * changes. FUZZ_RUNS sets the runs per property (`pnpm test`: 400, a bounded run; `pnpm fuzz`: 20,000). The
 * agreement of check, errors() and ajv has its own, longer run in differential.test.ts.
 */
import { arbitraryFor } from '@session-schemas/arbitraries'
import {
  ConversionError,
  convert,
  fromCommon,
  SESSION_MODELS,
  toCommon,
  toOcsf,
  vendorModels,
} from '@session-schemas/converter'
import { JsonLimitError, JsonSyntaxError, type Model, readJson, ValidationError } from '@session-schemas/core'
import { models as jwtModels, tokenInfoToClaims } from '@session-schemas/jwt-claims'
import { sessionToClaims } from '@session-schemas/jwt-claims/session-to-claims'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { mutated } from './mutate.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 400)
const counts: Record<string, number> = {}
const prototypeState = () => ({
  names: Object.getOwnPropertyNames(Object.prototype).sort().join(),
  arrayNames: Object.getOwnPropertyNames(Array.prototype).sort().join(),
})
const before = prototypeState()

function isTyped(error: unknown): boolean {
  return (
    error instanceof ValidationError ||
    error instanceof ConversionError ||
    error instanceof JsonSyntaxError ||
    error instanceof JsonLimitError
  )
}

function property(name: string, arbitrary: fc.Arbitrary<unknown>, body: (value: unknown) => void) {
  it(`${name} (${RUNS} runs)`, () => {
    counts[name] = 0
    fc.assert(
      fc.property(arbitrary, (value) => {
        counts[name]!++
        body(value)
        expect(prototypeState()).toEqual(before)
      }),
      { numRuns: RUNS },
    )
  })
}

const allModels: Model<unknown>[] = [...vendorModels.values(), ...jwtModels]

/** Validators agree with themselves and never throw, whatever they are given. */
function checkValidator(model: Model<unknown>, value: unknown) {
  const ok = model.check(value)
  const issues = model.errors(value)
  expect(issues.length === 0, `${model.id}: check and errors agree`).toBe(ok)
  for (const issue of issues) {
    expect(typeof issue.path).toBe('string')
    expect(issue.message.length).toBeGreaterThan(0)
  }
  try {
    model.parse(value)
    expect(ok).toBe(true)
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    expect(ok).toBe(false)
  }
  try {
    model.parse(value, { coerce: true, unknownProperties: 'strip' })
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
  }
  model.unknownProperties(value)
  model.secrets(value)
}

describe('fuzz: validators', () => {
  property('arbitrary JSON through every model', fc.jsonValue({ maxDepth: 4 }), (value) => {
    for (const model of allModels) checkValidator(model, value)
  })

  property(
    'arbitrary JSON text through parseJson',
    fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.stringMatching(/^[[\]{}",:0-9tfnrue.\- ]{0,40}$/),
    ),
    (text) => {
      for (const model of allModels.slice(0, 4)) {
        try {
          model.parseJson(text as string)
        } catch (error) {
          expect(isTyped(error), String(error)).toBe(true)
        }
      }
    },
  )

  for (const model of allModels) {
    property(
      `mutated ${model.id}`,
      mutated(arbitraryFor(model.schema).filter((x) => model.check(x))),
      (value) => checkValidator(model, value),
    )
  }
})

describe('fuzz: converters and claims', () => {
  for (const from of SESSION_MODELS) {
    const model = vendorModels.get(from)!
    const valid = arbitraryFor(model.schema).filter((x) => model.check(x))

    property(`valid ${from} through every pair, OCSF and claims`, valid, (value) => {
      const common = toCommon(from, value)
      expect(vendorModels.get(from)!.check(value)).toBe(true)
      for (const to of SESSION_MODELS) {
        try {
          const result = convert(value, { from, to })
          expect(vendorModels.get(to)!.errors(result.value)).toEqual([])
        } catch (error) {
          expect(error, `${from} -> ${to}: ${String(error)}`).toBeInstanceOf(ConversionError)
          expect((error as ConversionError).code).toBe('ERR_MISSING_FIELDS')
        }
      }
      try {
        toOcsf(common.value)
      } catch (error) {
        expect(error).toBeInstanceOf(ConversionError)
      }
      sessionToClaims(common.value)
      if (from === 'extremecloudiq/XiqApiTokenInfo') tokenInfoToClaims(value as never)
      expect(fromCommon(from, common.value).value).toBeDefined()
    })

    property(`mutated ${from} through toCommon`, mutated(arbitraryFor(model.schema)), (value) => {
      try {
        toCommon(from, value)
        expect(model.check(value)).toBe(true)
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError)
        expect(model.check(value)).toBe(false)
      }
    })
  }
})

describe('fuzz: int64 edges', () => {
  property(
    'user_id and owner_id up to ±(2^63 - 1) come back exactly through text, common and claims',
    fc.tuple(
      fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }),
      fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }),
    ),
    (pair) => {
      const [userId, ownerId] = pair as [bigint, bigint]
      const text = `{"user_name":"u","user_id":${userId},"role":"r","owner_id":${ownerId},"data_center":"d","scopes":[],"issued_at":"2024-05-01T12:00:00Z"}`
      const exact = (n: bigint) =>
        n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
      const info = readJson(text) as Record<string, unknown>
      expect(info.user_id).toBe(exact(userId))
      const common = toCommon('extremecloudiq/XiqApiTokenInfo', info).value
      expect(common.user?.uid).toBe(userId.toString())
      const back = fromCommon('extremecloudiq/XiqApiTokenInfo', common).value as Record<string, unknown>
      expect([back.user_id, back.owner_id]).toEqual([exact(userId), exact(ownerId)])
      const claims = tokenInfoToClaims(info as never).value
      expect(String(claims.user_id)).toBe(userId.toString())
    },
  )
})

afterAll(() => {
  console.log(
    `fuzz runs per property:\n${Object.entries(counts)
      .map(([name, n]) => `  ${String(n).padStart(6)}  ${name}`)
      .join('\n')}`,
  )
})
