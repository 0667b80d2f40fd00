/** What `convert` does: each session through the converter to the target, one NDJSON document each. */
import type { Context } from '../context.js'
import { CLI_OPTION_NAMES, convertSession, parseTarget, type Target } from '../conversion.js'
import { UsageError } from '../errors.js'
import { loadRegistry } from '../models.js'
import { checkFrom, type PipelineOptions, type Produce, runPipeline } from '../pipeline.js'

export interface ConvertOptions extends PipelineOptions {
  readonly to: string
  readonly includeSecrets?: boolean
  readonly referenceTime?: string
  readonly nitroTimeUnit: 'seconds' | 'milliseconds'
  readonly issuer?: string
  readonly default?: Record<string, unknown>
}

/** Each session to the target `--to` names (also on a worker thread, from the same options). */
export function convertProducer(options: ConvertOptions): Produce {
  const target = parseTarget(options.to)
  const conversion = {
    includeSecrets: options.includeSecrets === true,
    optionNames: CLI_OPTION_NAMES,
    nitroTimeUnit: options.nitroTimeUnit,
    ...(options.referenceTime === undefined ? {} : { referenceTime: options.referenceTime }),
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.default === undefined ? {} : { defaults: options.default }),
  }
  return (session) => convertSession(session, target, conversion)
}

export async function convertRecords(
  ctx: Context,
  files: readonly string[],
  options: ConvertOptions,
): Promise<number> {
  checkFrom(options.from, 'convert')
  const target = parseTarget(options.to)
  if (options.default !== undefined) await checkDefaults(options.default, target)
  return runPipeline(ctx, files, options, target.model, convertProducer(options), {
    command: 'convert',
    options: { ...options },
  })
}

/** `--default` fills fields of a vendor target: every key must be one (checked before any input is read). */
async function checkDefaults(defaults: Record<string, unknown>, target: Target): Promise<void> {
  if (target.kind !== 'vendor')
    throw new UsageError(`--default: fills fields of a vendor model; --to ${target.model} has none to fill`)
  const schema = (await loadRegistry()).get(target.model)?.model.schema as { properties?: object } | undefined
  const fields = Object.keys(schema?.properties ?? {})
  for (const key of Object.keys(defaults))
    if (!fields.includes(key))
      throw new UsageError(
        `--default: ${JSON.stringify(key)} is not a field of ${target.model} (its fields: ${fields.join(', ')})`,
      )
}
