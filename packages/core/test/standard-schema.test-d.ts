// Our copy of the Standard Schema interface must stay compatible with the published one.
import type { StandardSchemaV1 as Published } from '@standard-schema/spec'
import { expectTypeOf } from 'expect-type'
import type { Model } from '../src/index.js'
import type { StandardSchemaV1 as Ours } from '../src/standard-schema.js'

expectTypeOf<Ours<unknown, { a: string }>>().toEqualTypeOf<Published<unknown, { a: string }>>()
expectTypeOf<Model<{ a: string }>>().toExtend<Published<unknown, { a: string }>>()
