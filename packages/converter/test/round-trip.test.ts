/**
 * Same-vendor round trips are the identity: fromCommon(m, toCommon(m, x)) deep-equals x for every
 * valid x (unknown properties included) when secrets are kept. x comes from arbitraries generated from
 * the model's own schema: int64 beyond 2^53, leap seconds, odd offsets, unicode, __proto__ drift keys.
 */
import { arbitraryFor } from '@session-schemas/arbitraries'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromCommon, SESSION_MODELS, toCommon, vendorModels } from '../src/index.js'

export const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000)

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort()

describe.each(SESSION_MODELS)('%s', (modelId) => {
  const model = vendorModels.get(modelId)!
  const valid = arbitraryFor(model.schema).filter((x) => model.check(x))

  it(`round-trips through common/Session unchanged (${RUNS} runs)`, () => {
    const before = prototypeKeys()
    let runs = 0
    fc.assert(
      fc.property(valid, (x) => {
        runs++
        const common = toCommon(modelId, x, { includeSecrets: true })
        const back = fromCommon(modelId, common.value, { includeSecrets: true })
        expect(back.value).toStrictEqual(x)
        // Nothing is lost on the way back to the same model except what the way in already reported.
        expect(back.losses.filter((l) => l.kind !== 'derived')).toEqual([])
      }),
      { numRuns: RUNS },
    )
    expect(runs).toBeGreaterThanOrEqual(RUNS)
    expect(prototypeKeys()).toEqual(before)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })
})
