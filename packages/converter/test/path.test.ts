import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leafPaths, unusedLeafPaths } from '../src/path.js'

/** The rule the converter reports losses by: a leaf is used when it or one of its ancestors is. */
const covered = (path: string, used: ReadonlySet<string>) =>
  [...used].some((u) => path === u || path.startsWith(`${u}.`))

describe('unusedLeafPaths', () => {
  it('skips a used path and everything under it, and nothing else', () => {
    const session = {
      session: { uid: 'a', created_time_dt: 't' },
      user: { name: 'n', org: { uid: 'o' } },
      unmapped: { x: { y: 1 } },
    }
    expect(unusedLeafPaths(session, new Set(['session.uid', 'user.org', 'unmapped']))).toEqual([
      'session.created_time_dt',
      'user.name',
    ])
    // A used path deeper than a leaf does not cover the leaf.
    expect(unusedLeafPaths({ a: { b: 1 } }, new Set(['a.b.c']))).toEqual(['a.b'])
    expect(leafPaths(session)).toEqual([
      'session.uid',
      'session.created_time_dt',
      'user.name',
      'user.org.uid',
      'unmapped.x',
    ])
  })

  it('agrees with filtering every leaf by its ancestors', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'unmapped')
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.array(fc.integer(), { maxLength: 2 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node
    const paths = fc.array(
      fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => keys.join('.')),
      { maxLength: 4 },
    )
    fc.assert(
      fc.property(tree, paths, (root, list) => {
        const used = new Set(list)
        expect(unusedLeafPaths(root, used)).toEqual(leafPaths(root).filter((path) => !covered(path, used)))
      }),
    )
  })
})
