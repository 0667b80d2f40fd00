// Our copy of the Standard Schema interfaces must stay compatible with the published ones.
import type {
  StandardSchemaV1 as Published,
  StandardJSONSchemaV1 as PublishedJson,
} from '@standard-schema/spec'
import { expectTypeOf } from 'expect-type'
import type { Model } from '../src/index.js'
import type { StandardSchemaV1 as Ours, StandardJSONSchemaV1 as OursJson } from '../src/standard-schema.js'

expectTypeOf<Ours<unknown, { a: string }>>().toEqualTypeOf<Published<unknown, { a: string }>>()
expectTypeOf<OursJson<unknown, { a: string }>>().toEqualTypeOf<PublishedJson<unknown, { a: string }>>()
expectTypeOf<Model<{ a: string }>>().toExtend<Published<unknown, { a: string }>>()
expectTypeOf<Model<{ a: string }>>().toExtend<PublishedJson<unknown, { a: string }>>()
