export { civilFromDays, daysFromCivil, type EpochResult, fromEpochMs, toEpochMs } from './epoch.js'
export {
  type Annotations,
  DRAFT_2020_12,
  type ErrorsOptions,
  Evaluator,
  type EvaluatorOptions,
  SUPPORTED_FORMATS,
  SUPPORTED_KEYWORDS,
} from './evaluate.js'
export {
  annotationFormats,
  checkedFormats,
  type DateTimeParts,
  isDate,
  isDateTime,
  isIPv4,
  isIPv6,
  isUuid,
  parseDateTime,
} from './formats.js'
export {
  DEFAULT_MAX_ISSUES,
  type Issue,
  issuePathSegments,
  MORE_ISSUES_KEYWORD,
  ValidationError,
} from './issue.js'
export {
  bigintsToStrings,
  hasUnsafeInteger,
  type Int64Mode,
  type JsonLimitCode,
  JsonLimitError,
  JsonSyntaxError,
  type ReadJsonOptions,
  readJson,
  type WriteJsonOptions,
  writeJson,
} from './json.js'
export { jsonEqual } from './json-equal.js'
export type { Conversion, Loss, LossKind } from './loss.js'
export {
  defineModel,
  type Exact,
  type Model,
  type ModelDefinition,
  type ParseJsonOptions,
  type ParseOptions,
  type SafeParseResult,
  type UnknownProperty,
} from './model.js'
export { escapeToken, fromPointer, type PathSegment, toPointer } from './pointer.js'
export { exactInteger } from './runtime.js'
export {
  copyArray,
  defineValue,
  shallowCopy,
  withoutKeyAt,
  withValueAt,
  withValuesAt,
} from './safe-copy.js'
export {
  type JsonSchema,
  type JsonSchemaObject,
  type Located,
  SchemaError,
  SchemaIndex,
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from './schema-index.js'
export type { StandardJSONSchemaV1, StandardSchemaV1, StandardTypedV1 } from './standard-schema.js'
export { type FormatRegistryLike, registerFormats } from './typebox-formats.js'
