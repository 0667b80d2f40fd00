/**
 * Composing our models into TypeBox 1.x types with exact int64 values: `exactType(model)` from
 * `@session-schemas/core/typebox`. Inside `Type.Object`, through `Compile` and through `Value.Check`, it gives
 * every example under schemas/ the verdict our `check` gives it, read exactly (bigints); the plain schema value, composed the same way, rejects the bigints (the problem it solves).
 */

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { models as converter } from '@session-schemas/converter'
import { exactType } from '@session-schemas/core/typebox'
import { models as extremecloudiq } from '@session-schemas/extremecloudiq'
import * as Xiq from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import { models as intersight } from '@session-schemas/intersight'
import { models as jwtClaims } from '@session-schemas/jwt-claims'
import { models as netscaler } from '@session-schemas/netscaler'
import { models as vsphere } from '@session-schemas/vsphere'
import { expectTypeOf } from 'expect-type'
import { type Static, Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { loadExamples, repoRoot } from './examples.js'

const ours = new Map(
  [...converter, ...extremecloudiq, ...intersight, ...jwtClaims, ...netscaler, ...vsphere].map((m) => [
    m.id,
    m,
  ]),
)
const { examples } = loadExamples(repoRoot)
const exact = examples.filter((example) => example.beyond2to53)

describe('exactType: models in TypeBox 1.x types, int64 exact', () => {
  it('the examples hold integers beyond 2^53 (else this test proves nothing)', () => {
    expect(exact.length).toBeGreaterThanOrEqual(3)
  })

  it('the plain schema value, composed, rejects a valid exactly-read token info: the problem', () => {
    const text = readFileSync(
      path.join(repoRoot, 'schemas/extremecloudiq/examples/valid/XiqApiTokenInfo/user-id-beyond-2-53.json'),
      'utf8',
    )
    const token = Xiq.parseJson(text)
    expect(Compile(Type.Object({ token: Xiq.XiqApiTokenInfo })).Check({ token })).toBe(false)
    const Body = Type.Object({ token: exactType(Xiq.model) })
    expect(Compile(Body).Check({ token })).toBe(true)
    expect(Value.Check(Body, { token })).toBe(true)
    expectTypeOf<Static<typeof Body>['token']['user_id']>().toEqualTypeOf<number | bigint>()
  })

  it.each(examples.map((example) => [example.key, example] as const))('%s', (_, example) => {
    const model = ours.get(example.modelId)!
    const composed = Compile(Type.Object({ value: exactType(model), n: Type.Integer() }))
    const verdict = model.check(example.data)
    expect(verdict).toBe(example.valid)
    expect(composed.Check({ value: example.data, n: 1 })).toBe(verdict)
    expect(Value.Check(Type.Object({ value: exactType(model) }), { value: example.data })).toBe(verdict)
    // The composition still checks its own part.
    expect(composed.Check({ value: example.data, n: 1.5 })).toBe(false)
  })

  it("an invalid value's error is the model's first issue, with its pointer", () => {
    const token = {
      ...Xiq.parseJson(
        readFileSync(
          path.join(
            repoRoot,
            'schemas/extremecloudiq/examples/valid/XiqApiTokenInfo/user-id-beyond-2-53.json',
          ),
          'utf8',
        ),
      ),
      owner_id: 2n ** 63n,
    }
    const errors = [...Compile(Type.Object({ token: exactType(Xiq.model) })).Errors({ token })]
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ instancePath: '/token' })
    expect(errors[0]!.message).toMatch(/^\/owner_id: /)
  })
})
