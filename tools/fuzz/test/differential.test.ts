/**
 * Four validators, one verdict. For mutated records of every model (type swaps, edge values, hostile keys,
 * undefined values, array holes, -0, integers beyond 2^53 as bigints, huge numbers), `check`, `errors`,
 * the Standard Schema validator and ajv (draft 2020-12, strict, with our format functions) must agree.
 * ajv works on doubles: a record holding a bigint, or the double 2^63 (which ajv takes for the int64
 * maximum 2^63 - 1), is judged by our three alone. From JSON text (duplicate keys, numbers spelled `1.0`, `1e0`,
 * `9.223372036854775808e18`), core's exact reader and the validators must decide exactly.
 * And for every top-level model, `--model auto` never calls a mutated invalid record valid.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { arbitraryFor } from '@session-schemas/arbitraries'
import { judge, loadRegistry } from '@session-schemas/cli'
import { strictAjv } from '@session-schemas/codegen'
import { vendorModels } from '@session-schemas/converter'
import { model as ocsf } from '@session-schemas/converter/Authentication'
import { model as common } from '@session-schemas/converter/Session'
import { isDate, isDateTime, isIPv4, isIPv6, isUuid, type Model, readJson } from '@session-schemas/core'
import { models as jwtModels } from '@session-schemas/jwt-claims'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mutated } from './mutate.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)
const root = path.resolve(import.meta.dirname, '../../..')

/** ajv as a user would set it up with our format functions: `ajv.addFormat(name, ours)`. */
function ajvWithOurFormats(): Ajv2020 {
  const ajv = strictAjv()
  const ours: Record<string, (value: string) => boolean> = {
    'date-time': isDateTime,
    date: isDate,
    ipv4: isIPv4,
    ipv6: isIPv6,
    uuid: isUuid,
  }
  for (const [name, validate] of Object.entries(ours)) ajv.addFormat(name, validate)
  const schemas = path.join(root, 'schemas')
  for (const vendor of readdirSync(schemas, { withFileTypes: true })) {
    if (!vendor.isDirectory()) continue
    for (const file of readdirSync(path.join(schemas, vendor.name)))
      if (file.endsWith('.schema.json'))
        ajv.addSchema(JSON.parse(readFileSync(path.join(schemas, vendor.name, file), 'utf8')))
  }
  return ajv
}

const ajv = ajvWithOurFormats()
const models: Model<unknown>[] = [
  ...vendorModels.values(),
  ...jwtModels,
  common as Model<unknown>,
  ocsf as Model<unknown>,
]

/**
 * Whether ajv cannot judge the value exactly: it holds a bigint (ajv works on doubles), or the double 2^63,
 * which ajv compares with the int64 maximum 9223372036854775807 as the schema's JSON reads it: the same
 * double 2^63, so within. It is one beyond (no double lies between them).
 */
function beyondAjv(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'bigint' || item === 2 ** 63) return true
    if (typeof item === 'object' && item !== null) for (const child of Object.values(item)) stack.push(child)
  }
  return false
}

/** The four verdicts on one value (ajv's is undefined when it cannot hold the value exactly). */
function verdicts(model: Model<unknown>, value: unknown) {
  const standard = model['~standard'].validate(value) as { issues?: readonly unknown[] }
  const validate = ajv.getSchema(model.schema.$id as string)!
  return {
    check: model.check(value),
    errors: model.errors(value).length === 0,
    standard: standard.issues === undefined,
    ajv: beyondAjv(value) ? undefined : validate(value),
  }
}

function agree(model: Model<unknown>, value: unknown): boolean {
  const found = verdicts(model, value)
  const expected = {
    check: found.check,
    errors: found.check,
    standard: found.check,
    ajv: found.ajv === undefined ? undefined : found.check,
  }
  expect(found, `${model.id}: ${show(value)}`).toEqual(expected)
  return found.check
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) =>
      typeof v === 'bigint' ? `${v}n` : v === undefined ? '<undefined>' : v,
    ).slice(0, 500)
  } catch {
    return String(value)
  }
}

describe('check, errors, Standard Schema and ajv agree', () => {
  for (const model of models) {
    it(`mutated ${model.id} (${RUNS} runs)`, () => {
      let valid = 0
      let invalid = 0
      fc.assert(
        fc.property(mutated(arbitraryFor(model.schema).filter((x) => model.check(x))), (value) => {
          if (agree(model, value)) valid++
          else invalid++
        }),
        { numRuns: RUNS },
      )
      // The mutations reach both verdicts (a differential over one verdict proves little).
      expect(invalid).toBeGreaterThan(RUNS / 10)
      expect(valid).toBeGreaterThan(0)
    })
  }
})

/** Number spellings of the same value, and of values a double would round. */
const NUMBER_TEXTS: readonly [string, string][] = [
  ['1', '1.0'],
  ['1', '1e0'],
  ['1', '10E-1'],
  ['9007199254740993', '9007199254740993.0'],
  ['9223372036854775807', '9.223372036854775807e18'],
  ['9223372036854775808', '9.223372036854775808e18'],
]

describe('from JSON text, numbers and duplicate keys are decided exactly', () => {
  it.each(NUMBER_TEXTS)('%s and %s read as the same value', (plain, spelled) => {
    expect(readJson(spelled)).toEqual(readJson(plain))
  })

  it('2^63 written with an exponent is out of int64 range, as written plainly', () => {
    const xiq = vendorModels.get('extremecloudiq/XiqApiTokenInfo')!
    const record = (owner: string) =>
      `{"user_name":"a","user_id":1,"role":"r","owner_id":${owner},"data_center":"d","scopes":[],"issued_at":"2024-05-01T12:00:00Z"}`
    expect(xiq.check(readJson(record('9223372036854775807')))).toBe(true)
    for (const text of ['9223372036854775808', '9.223372036854775808e18', '9223372036854775808.0'])
      expect(xiq.check(readJson(record(text))), text).toBe(false)
  })

  it('one duplicate-key rule (the last wins), whatever else the record holds', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 2 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        (first, last, withBigint) => {
          const big = withBigint ? ',"n":9007199254740993' : ''
          const text = `{"a":${JSON.stringify(first)},"a":${JSON.stringify(last)}${big}}`
          const read = readJson(text) as Record<string, unknown>
          expect(read.a).toEqual(readJson(JSON.stringify(last)))
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('--model auto never calls a mutated invalid record valid', () => {
  it(`for every top-level model (${RUNS} runs each)`, async () => {
    const registry = await loadRegistry()
    const documents = [...registry].filter(([, entry]) => entry.document)
    expect(documents.length).toBeGreaterThanOrEqual(13)
    for (const [id, { model }] of documents) {
      let judged = 0
      fc.assert(
        fc.property(mutated(arbitraryFor(model.schema).filter((x) => model.check(x))), (value) => {
          if (model.check(value)) return
          judged++
          const verdict = judge(value, registry)
          if (!verdict.valid) return
          // A mutation can make a genuine record of another model (`null` is vim25's "no session" body;
          // `{"login": {...}}` a NITRO login request; a NITRO record with `ID` a login). Valid only as such a
          // model: valid as it, and carrying the model's own evidence as the manifest states it (every
          // required key, a key no other model declares, or a discriminator's value), which a looser model
          // that merely accepts the record cannot show.
          const owners = verdict.models.map((other) => {
            const entry = registry.get(other)!
            const { required, identifying, discriminators, acceptsNull } = entry.facts.evidence
            const record = value as Record<string, unknown>
            const has = (key: string) => Object.hasOwn(record, key)
            const holds =
              value === null
                ? acceptsNull
                : typeof value === 'object' &&
                  !Array.isArray(value) &&
                  ((required.length > 0 && required.every(has)) ||
                    identifying.some(has) ||
                    discriminators.some((d) => has(d.key) && d.allowed.includes(record[d.key])))
            return { other, valid: entry.model.check(value), holds }
          })
          expect({ id, value: show(value), owners }).toEqual({
            id,
            value: show(value),
            owners: verdict.models.map((other) => ({ other, valid: true, holds: true })),
          })
          expect(verdict.models).not.toContain(id)
        }),
        { numRuns: RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
      )
      expect(judged, id).toBeGreaterThan(RUNS / 10)
    }
  })
})
