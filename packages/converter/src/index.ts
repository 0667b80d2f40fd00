export type { CodecOptions } from './codecs.js'
export { type ConvertOptions, convert, fromCommon, REDACTED, toCommon } from './convert.js'
export { ConversionError, InvalidTargetError, MissingFieldsError, UnsupportedModelError } from './errors.js'
export * from './generated/index.gen.js'
export {
  type Discriminator,
  type Envelope,
  type Evidence,
  type ModelFacts,
  type ModelId,
  manifest,
  modelFacts,
} from './generated/manifest.gen.js'
export { type CoverageRow, mappingCoverage, mappingTable } from './mapping-table.js'
export {
  COMMON_MODEL,
  type Codec,
  type FieldMapping,
  isSessionModel,
  MAPPINGS,
  type ModelMapping,
  SESSION_MODELS,
  type SessionModelId,
} from './mappings.js'
export { OCSF_MODEL, type OcsfOptions, type OcsfProduct, toOcsf } from './ocsf.js'
export { leafPaths } from './path.js'
export { commonModel, vendorModels } from './registry.js'
export { isSecretName, redactSecrets, secretPaths } from './secrets.js'
export type { CommonSession } from './types.js'
