/** What `convert` does: each session through the converter to the target, one NDJSON document each. */
import type { Context } from '../context.js'
import { CLI_OPTION_NAMES, convertSession, parseTarget } from '../conversion.js'
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
  return runPipeline(ctx, files, options, target.model, convertProducer(options), {
    command: 'convert',
    options: { ...options },
  })
}
