/**
 * check() against ajv (draft 2020-12, strict) compiled from the same canonical schema, set up two ways: as
 * users do (ajv-formats), and with our own format functions (`ajvFormats`: the same strict RFC 3339 date-time
 * as ours, so the ratio is about the validators, not the format). errors() against ajv with allErrors (our
 * formats). On each model's own examples; interleaved rounds, CPU time, ratios per round.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { vendorModels } from '@session-schemas/converter'
import { manifest } from '@session-schemas/converter/manifest'
import { ajvFormats, readJson } from '@session-schemas/core'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'
import { type Summary, summarize, throughput } from './stats.js'

const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin)

export const root = path.resolve(import.meta.dirname, '../..')

/** The top-level models benchmarked: every vendor package's (the ones with examples), from the manifest. */
export const BENCH_MODELS: readonly string[] = manifest
  .filter((facts) => facts.document && vendorModels.has(facts.id))
  .map((facts) => facts.id)

/** Whether an exactly read value holds an integer beyond 2^53 (a bigint). */
function holdsBigint(value: unknown): boolean {
  if (typeof value === 'bigint') return true
  if (typeof value !== 'object' || value === null) return false
  return Object.values(value).some(holdsBigint)
}

/**
 * A model's examples as ajv takes them (JSON.parse, doubles). Those with an integer beyond 2^53 are left
 * out: JSON.parse rounds it, so ajv and ours would judge a value the example does not hold (the int64
 * maximum becomes 2^63, which ours refuses and ajv, comparing with the maximum rounded alike, accepts).
 */
function examples(modelId: string, kind: 'valid' | 'invalid'): unknown[] {
  const [vendor, name] = modelId.split('/') as [string, string]
  const dir = path.join(root, 'schemas', vendor, 'examples', kind, name)
  return readdirSync(dir)
    .map((file) => readFileSync(path.join(dir, file), 'utf8'))
    .filter((text) => !holdsBigint(readJson(text)))
    .map((text) => JSON.parse(text))
    .filter((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
}

function ajvFor(allErrors: boolean, formats: 'ajv-formats' | 'ours') {
  const ajv = new Ajv2020({ strict: true, allErrors })
  if (formats === 'ajv-formats') addFormats(ajv)
  else for (const [name, format] of Object.entries(ajvFormats)) ajv.addFormat(name, format)
  for (const vendor of new Set(manifest.map((facts) => facts.vendor))) {
    const dir = path.join(root, 'schemas', vendor)
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(path.join(dir, file), 'utf8')))
    }
  }
  return ajv
}

export interface ValidatorResult {
  readonly model: string
  /** check ÷ ajv with ajv-formats (as users set it up). */
  readonly check: Summary
  /** check ÷ ajv with our formats registered. */
  readonly checkSameFormats: Summary
  /** check on the invalid examples ÷ ajv with our formats (ajv stops at the first error too). */
  readonly checkInvalid: Summary
  /** errors() ÷ ajv allErrors with our formats. */
  readonly errors: Summary
  readonly checkOpsPerSecond: number
}

export function benchValidators(options: { rounds: number; ms: number }): ValidatorResult[] {
  const fast = ajvFor(false, 'ajv-formats')
  const same = ajvFor(false, 'ours')
  const thorough = ajvFor(true, 'ours')
  return BENCH_MODELS.map((id) => {
    const model = vendorModels.get(id)!
    const ajvCheck = fast.getSchema(`https://session-schemas.dev/schemas/${id}`)!
    const ajvSame = same.getSchema(`https://session-schemas.dev/schemas/${id}`)!
    const ajvErrors = thorough.getSchema(`https://session-schemas.dev/schemas/${id}`)!
    // Both must agree on every input, or the comparison means nothing. The one known exception:
    // ajv-formats' date-time is looser than RFC 3339 (a space for T, "+0000", "+01"; see schemas/README.md),
    // so the invalid examples that show it are valid there. They are left out; any other disagreement throws.
    const agreed = (value: unknown): boolean => {
      if (model.check(value) === ajvCheck(value)) return true
      const looserDateTime =
        ajvCheck(value) && model.errors(value).every((issue) => issue.keyword === 'format')
      if (!looserDateTime) throw new Error(`${id}: ours and ajv disagree on ${JSON.stringify(value)}`)
      return false
    }
    const sameVerdicts = (value: unknown): boolean => {
      if (model.check(value) !== ajvSame(value))
        throw new Error(`${id}: ours and ajv with our formats disagree on ${JSON.stringify(value)}`)
      return true
    }
    const valid = examples(id, 'valid').filter(agreed).filter(sameVerdicts)
    const invalid = examples(id, 'invalid').filter(sameVerdicts)
    const checkRatios: number[] = []
    const sameRatios: number[] = []
    const invalidRatios: number[] = []
    const errorRatios: number[] = []
    let ours = 0
    for (let round = 0; round < options.rounds; round++) {
      ours = throughput((v) => model.check(v), valid, options.ms)
      checkRatios.push(ours / throughput((v) => ajvCheck(v), valid, options.ms))
      sameRatios.push(
        throughput((v) => model.check(v), valid, options.ms) /
          throughput((v) => ajvSame(v), valid, options.ms),
      )
      invalidRatios.push(
        throughput((v) => model.check(v), invalid, options.ms) /
          throughput((v) => ajvSame(v), invalid, options.ms),
      )
      const mine = throughput((v) => model.errors(v).length, invalid, options.ms)
      errorRatios.push(
        mine / throughput((v) => (ajvErrors(v) ? 0 : ajvErrors.errors!.length), invalid, options.ms),
      )
    }
    return {
      model: id,
      check: summarize(checkRatios),
      checkSameFormats: summarize(sameRatios),
      checkInvalid: summarize(invalidRatios),
      errors: summarize(errorRatios),
      checkOpsPerSecond: ours,
    }
  })
}
