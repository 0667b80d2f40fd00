/**
 * check, errors() and Standard Schema follow one rule for `undefined` (ajv's, see SECURITY.md): a
 * property whose value is undefined is absent (it satisfies an optional property, and a required one is
 * missing); an array item that is undefined, or a hole, is checked as the value undefined. On every
 * generated model, valid values with an undefined property (declared, required or not declared), an
 * undefined item or a hole must get the same verdict from all three. (Keyword by keyword, the rule
 * itself is compared with ajv in tools/codegen/test/undefined.test.ts.)
 */
import { arbitraryFor } from '@session-schemas/arbitraries'
import { models as converterModels } from '@session-schemas/converter'
import type { Model, PathSegment, StandardSchemaV1 } from '@session-schemas/core'
import { copyArray, defineValue, shallowCopy, withValueAt } from '@session-schemas/core/internal'
import { models as extremecloudiqModels } from '@session-schemas/extremecloudiq'
import { models as intersightModels } from '@session-schemas/intersight'
import { models as jwtModels } from '@session-schemas/jwt-claims'
import { models as netscalerModels } from '@session-schemas/netscaler'
import * as Mpssession from '@session-schemas/netscaler/mpssession'
import * as Response from '@session-schemas/netscaler/mpssession.Response'
import { models as vsphereModels } from '@session-schemas/vsphere'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)

const allModels: readonly Model<unknown>[] = [
  ...intersightModels,
  ...vsphereModels,
  ...netscalerModels,
  ...extremecloudiqModels,
  ...converterModels,
  ...jwtModels,
]

/** The three verdicts on one value. */
function verdicts(model: Model<unknown>, value: unknown) {
  const standard = model['~standard'].validate(value) as StandardSchemaV1.Result<unknown>
  return {
    check: model.check(value),
    errors: model.errors(value).length === 0,
    standard: !standard.issues?.length,
  }
}

function expectAgreement(model: Model<unknown>, value: unknown) {
  const found = verdicts(model, value)
  expect(found, `${model.id}: ${JSON.stringify(model.errors(value))}`).toEqual({
    check: found.check,
    errors: found.check,
    standard: found.check,
  })
}

/** Every object and array in a value, with its path (iterative). */
function containers(value: unknown): { path: PathSegment[]; node: object }[] {
  const found: { path: PathSegment[]; node: object }[] = []
  const pending: { path: PathSegment[]; node: unknown }[] = [{ path: [], node: value }]
  while (pending.length > 0) {
    const { path, node } = pending.pop()!
    if (typeof node !== 'object' || node === null) continue
    found.push({ path, node })
    for (const [key, child] of Object.entries(node))
      pending.push({ path: [...path, Array.isArray(node) ? Number(key) : key], node: child })
  }
  return found
}

const MUTATIONS = [
  'undefined property',
  'undefined new property',
  'undefined item',
  'hole',
  'trailing hole',
] as const

/** `value` with one container changed by `mutation` (the input is not changed). */
function mutate(value: unknown, at: number, pick: number, mutation: (typeof MUTATIONS)[number]): unknown {
  const all = containers(value)
  if (all.length === 0) return value // null: nothing to change
  const { path, node } = all[at % all.length]!
  if (Array.isArray(node)) {
    const copy = copyArray(node)
    const index = node.length === 0 ? 0 : pick % node.length
    if (mutation === 'trailing hole' || node.length === 0) copy.length++
    else if (mutation === 'hole') delete copy[index]
    else copy[index] = undefined
    return withValueAt(value, path, copy)
  }
  const copy = shallowCopy(node) as Record<string, unknown>
  const keys = Object.keys(node)
  if (mutation === 'undefined property' && keys.length > 0)
    defineValue(copy, keys[pick % keys.length]!, undefined)
  else defineValue(copy, 'undefined-drift', undefined)
  return withValueAt(value, path, copy)
}

describe('undefined: check, errors() and Standard Schema agree on every model', () => {
  it('the audit case: netscaler/mpssession.Response with message: undefined', () => {
    expect(verdicts(Response.model, { errorcode: 0, message: undefined })).toEqual({
      check: true,
      errors: true,
      standard: true,
    })
    expect(Response.errors({ errorcode: undefined, message: 'Done' })).toEqual([
      { path: '/errorcode', keyword: 'required', message: 'missing required property "errorcode"' },
    ])
    expect(Response.check({ errorcode: undefined })).toBe(false)
    const records = [{ username: 'a' }, { username: 'b' }]
    delete (records as unknown[])[0]
    expect(Response.errors({ errorcode: 0, mpssession: records })[0]).toMatchObject({
      path: '/mpssession/0',
      keyword: 'type',
    })
    expect(Response.check({ errorcode: 0, mpssession: records })).toBe(false)
    // secrets() follows the rule too: an undefined token is not a secret that is present.
    expect(Mpssession.secrets({ token: undefined, sessionid: 's' })).toEqual(['/sessionid'])
    expect(Response.secrets({ errorcode: 0, mpssession: [{ token: undefined, sessionid: 's' }] })).toEqual([
      '/mpssession/0/sessionid',
    ])
  })

  it(`covers every generated model (${allModels.length})`, () => {
    expect(new Set(allModels.map((m) => m.id)).size).toBe(allModels.length)
    expect(allModels.length).toBeGreaterThanOrEqual(25)
  })

  for (const model of allModels) {
    it(`${model.id} (${RUNS} runs)`, () => {
      const valid = arbitraryFor(model.schema).filter((value) => model.check(value))
      fc.assert(
        fc.property(valid, fc.nat(), fc.nat(), fc.constantFrom(...MUTATIONS), (value, at, pick, mutation) => {
          expectAgreement(model, mutate(value, at, pick, mutation))
        }),
        { numRuns: RUNS },
      )
    })
  }
})
