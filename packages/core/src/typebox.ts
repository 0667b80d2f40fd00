/**
 * `@session-schemas/core/typebox`: our models inside TypeBox 1.x types, with exact int64 values.
 *
 * A model's schema value composes with `Type.*` as it is, but TypeBox checks `"type": "integer"` as a
 * JavaScript number, so it rejects the `bigint`s that our `parseJson` returns for integers beyond 2^53.
 * `exactType(model)` is a TypeBox type that our own `check` judges: it accepts exactly what `model.check`
 * accepts, exact int64 values included, and its static type is the one `parseJson` returns. (Values read
 * with `int64: 'string'` are checked by `parseJson` before their integers become strings; compose the
 * bigint form.)
 */
import { type Static, type TSchema, Type } from 'typebox'
import type { Exact, Model } from './model.js'

/** What `exactType` returns: a TypeBox type whose static type is the model's exact one (int64 as `number | bigint`). */
export type TExactModel<T> = ReturnType<typeof Type.Unsafe<Exact<T>>>

/**
 * A TypeBox 1.x type for composing a model, e.g. `Compile(Type.Object({ token: exactType(XiqApiTokenInfo.model) }))`.
 * Its check is `model.check` (TypeBox's `Type.Refine`), its error the model's first issue, with its JSON Pointer.
 */
export function exactType<T>(model: Model<T>): TExactModel<T> {
  const base = Type.Unsafe<Exact<T>>({ description: `a valid ${model.id}` })
  return Type.Refine(
    base,
    (value) => model.check(value),
    (value) => {
      const [issue] = model.errors(value, { maxIssues: 1 })
      return issue === undefined ? `not a valid ${model.id}` : `${issue.path || '(root)'}: ${issue.message}`
    },
  ) as TExactModel<T>
}

/** The static type of a TypeBox type, re-exported so that a composition needs one import. */
export type { Static, TSchema }
