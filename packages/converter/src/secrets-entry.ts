/**
 * `@session-schemas/converter/secrets`: the redaction every conversion applies, on a subpath of its own so
 * that a package can redact (jwt-claims does, for the drift it copies into claims) without loading the
 * converter's models. The package root exports the same names.
 */

/** What `redactSecrets` throws for a record too costly to redact (`ERR_TOO_COSTLY`). */
export { ConversionError } from './errors.js'
export { isSecretName, REDACTED, type RedactOptions, redactSecrets, secretPaths } from './secrets.js'
