/**
 * `@session-schemas/core/internal`: what the generated model modules and the sibling packages
 * (converter, jwt-claims, cli, the code generator) share. NOT a public API: no semver guarantee, any
 * release may change or remove anything here. Applications import `@session-schemas/core` and the
 * model subpaths instead.
 */
export { civilFromDays, daysFromCivil, type EpochResult, fromEpochMs, toEpochMs } from './epoch.js'
export {
  type Annotations,
  DRAFT_2020_12,
  describeSchema,
  Evaluator,
  type EvaluatorOptions,
  SUPPORTED_FORMATS,
  SUPPORTED_KEYWORDS,
} from './evaluate.js'
export { annotationFormats, checkedFormats, int64BoundsMaximum } from './formats.js'
export { issuePathSegments } from './issue.js'
export {
  type Alternatives,
  alternatives,
  IssueSink,
  MAX_DEPTH_ISSUES,
  reportAlternatives,
} from './issue-sink.js'
export { bigintsToStrings, hasUnsafeInteger } from './json.js'
export { type Finding, type IssueParams, issueMessage, requirement } from './messages.js'
export { defineModel, type ModelDefinition, nestedWithin } from './model.js'
export { escapeToken } from './pointer.js'
// The helpers generated `check` functions call (formats, JSON numbers that may be exact bigints, ...);
// also `@session-schemas/core/runtime` on its own, for the check-only model modules.
export * from './runtime.js'
export {
  copyArray,
  defineValue,
  shallowCopy,
  withoutKeyAt,
  withValueAt,
  withValuesAt,
} from './safe-copy.js'
export {
  type Located,
  SchemaError,
  SchemaIndex,
  SUBSCHEMA_ARRAY_KEYWORDS,
  SUBSCHEMA_KEYWORDS,
  SUBSCHEMA_MAP_KEYWORDS,
} from './schema-index.js'
export { isCredentialName, MAX_REMEMBERED_KEY, secretNameKey } from './wording.js'
