/**
 * `@session-schemas/converter`: the public API (semver). Conversions between the vendor models, the
 * common session model and OCSF, with their errors, model lists and secret redaction. The mapping
 * tables and path helpers that the docs script and sibling packages share are on
 * `@session-schemas/converter/internal` (no semver guarantee).
 */
export { type ConvertOptions, convert, fromCommon, REDACTED, toCommon } from './convert.js'
export { ConversionError, InvalidTargetError, MissingFieldsError, UnsupportedModelError } from './errors.js'
export * from './generated/index.gen.js'
export { COMMON_MODEL, isSessionModel, SESSION_MODELS, type SessionModelId } from './mappings.js'
export { OCSF_MODEL, type OcsfOptions, type OcsfProduct, toOcsf } from './ocsf.js'
export { API_OPTION_NAMES, type OptionNames } from './option-names.js'
export { commonModel, vendorModels } from './registry.js'
export { isSecretName, type RedactOptions, redactSecrets, secretPaths } from './secrets.js'
export type { CommonSession } from './types.js'
