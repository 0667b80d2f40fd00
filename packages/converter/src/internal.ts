/**
 * `@session-schemas/converter/internal`: the mapping tables and path helpers that the docs script, the
 * tests and jwt-claims share. NOT a public API: no semver guarantee, any release may change it.
 */
export type { CodecOptions } from './codecs.js'
export { type CoverageRow, mappingCoverage, mappingTable } from './mapping-table.js'
export { type Codec, type FieldMapping, MAPPINGS, type ModelMapping } from './mappings.js'
export { leafPaths } from './path.js'
export { markedSecrets, namedSecrets } from './secrets.js'
