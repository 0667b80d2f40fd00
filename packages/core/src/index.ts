/**
 * `@session-schemas/core`: the public API (semver). Formats, the issue and error types every model
 * reports with, exact JSON reading and writing, the model surface's types, JSON Pointers.
 * What generated code and the sibling packages share is on `@session-schemas/core/internal`.
 */

export type { ErrorsOptions } from './evaluate.js'
export {
  ajvFormats,
  type DateTimeParts,
  isDate,
  isDateTime,
  isIPv4,
  isIPv6,
  isUuid,
  parseDateTime,
} from './formats.js'
export { DEFAULT_MAX_ISSUES, type Issue, MORE_ISSUES_KEYWORD, ValidationError } from './issue.js'
export {
  type Int64Mode,
  type JsonLimitCode,
  JsonLimitError,
  JsonSyntaxError,
  type ReadJsonOptions,
  readJson,
  type WriteJsonOptions,
  writeJson,
} from './json.js'
export type { Conversion, Loss, LossKind } from './loss.js'
export type {
  Exact,
  Model,
  ParseJsonOptions,
  ParseOptions,
  SafeParseResult,
  UnknownProperty,
} from './model.js'
export { fromPointer, type PathSegment, toPointer } from './pointer.js'
export type { JsonSchema, JsonSchemaObject } from './schema-index.js'
export type { StandardJSONSchemaV1, StandardSchemaV1, StandardTypedV1 } from './standard-schema.js'
export { type FormatRegistryLike, registerFormats } from './typebox-formats.js'
