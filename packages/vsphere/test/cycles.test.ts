/**
 * Values that only a JavaScript caller can make: a value that refers to itself, and getters that throw
 * odd things. Every function of the model surface answers (no hang, no raw exception, no thrown text
 * repeated). Before the depth budget, errors() on the four-object cycle below did not return (it explained
 * both branches at every level down to the depth limit: about 2^170 paths).
 */
import { MAX_DEPTH_ISSUES } from '@session-schemas/core/internal'
import * as Nested from '@session-schemas/vsphere/vapi.std.NestedLocalizableMessage'
import { describe, expect, it } from 'vitest'

/** A message whose params hold two entries that both lead back to it. */
function cycle(): Record<string, unknown> {
  const message: Record<string, unknown> = { id: 'x', params: {} }
  const params = message.params as Record<string, unknown>
  params.a = { l: message }
  params.b = { l: message }
  return message
}

describe('a value that refers to itself', () => {
  it('is invalid, and errors() stops explaining after the depth-limit budget and says so', () => {
    const value = cycle()
    expect(Nested.check(value)).toBe(false)
    const issues = Nested.errors(value)
    expect(issues.length).toBe(101)
    expect(issues.slice(0, 100).every((issue) => issue.keyword === 'maxDepth')).toBe(true)
    expect(issues[100]).toMatchObject({ path: '', keyword: 'maxIssues' })
    expect(issues[100]!.message).toMatch(
      new RegExp(
        `^at least \\d+ more issues not listed: the value is nested past the depth limit in over ${MAX_DEPTH_ISSUES} places`,
      ),
    )
  })

  it('every entry point answers: parse, safeParse, Standard Schema', async () => {
    const value = cycle()
    expect(Nested.safeParse(value).success).toBe(false)
    expect(() => Nested.parse(value)).toThrow(/nested deeper than/)
    const result = await Nested.model['~standard'].validate(value)
    expect('issues' in result && result.issues!.length > 0).toBe(true)
  })

  it('a tree as deep as the limit is still explained in full (the budget counts places, not levels)', () => {
    let value: Record<string, unknown> = { id: 'leaf', params: { a: 1 } }
    for (let i = 0; i < 200; i++) value = { id: 'x', params: { a: { l: value } } }
    const issues = Nested.errors(value, { maxIssues: Number.POSITIVE_INFINITY })
    expect(issues.length).toBeGreaterThan(0)
    expect(issues.some((issue) => issue.keyword === 'maxIssues')).toBe(false)
  })
})

describe('getters that throw', () => {
  it('give a typed issue, never a raw exception or the thrown text', () => {
    const thrownValues: unknown[] = [
      Object.create(null),
      {
        toString() {
          throw new Error('inner')
        },
      },
      new Proxy(new Error('x'), {
        getPrototypeOf() {
          throw new Error('trap')
        },
      }),
      new Error('Bearer eyJhbGciOi-SECRET'),
    ]
    for (const thrown of thrownValues) {
      const value: Record<string, unknown> = { id: 'x' }
      Object.defineProperty(value, 'params', {
        enumerable: true,
        get() {
          throw thrown
        },
      })
      expect(Nested.check(value)).toBe(false)
      const issues = Nested.errors(value)
      expect(issues.length).toBeGreaterThan(0)
      expect(JSON.stringify(issues)).not.toMatch(/SECRET|inner|trap/)
      expect(Nested.safeParse(value).success).toBe(false)
    }
  })
})
