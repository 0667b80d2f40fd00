/**
 * ajv as the project uses it for its independent cross-check: draft 2020-12, strict mode, every error, and
 * ajv-formats. One place, so that the generator, the conformance harness and the fuzzer check alike.
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'

// ajv-formats is CommonJS: depending on the loader its plugin is the default export or `default.default`.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin)

/** A strict draft 2020-12 ajv with ajv-formats, reporting every error. */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  addFormats(ajv)
  return ajv
}
