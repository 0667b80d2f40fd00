/** `session-schemas detect`: the model id of each record, or plainly "ambiguous" or "unknown". */
import { Command } from 'commander'
import type { DetectOptions } from '../actions/detect.js'
import type { Context } from '../context.js'
import { formatOption, inputOptions, withOptions } from '../options.js'

const EXAMPLES = `
Each record's model comes from its discriminators (Intersight ClassId/ObjectType, vim25 _typeName,
the NITRO envelope keys errorcode/mpssession, vAPI error_type, the common model's source, OCSF's
class_uid), then from the models whose required keys it has, then from the full check. Two equally
good answers are "ambiguous"; none is "unknown". --model auto and --from auto do the same.

Output: one line per record, "FILE:LINE  record N  MODEL"; with --format json, one JSON object per
record (NDJSON): { source, record, line, status, model | candidates | reason | message }.

Exit status: 0 every record's model was found, 1 one was ambiguous, unknown or malformed, 2 usage
error or unreadable input.

Examples:
  $ session-schemas detect examples/*.json
  $ session-schemas detect --format json sessions.ndjson | jq -r .model | sort | uniq -c`

export function detectCommand(ctx: Context): Command {
  const command = new Command('detect')
    .description('tell the model of each record')
    .argument('[files...]', 'JSON or NDJSON files; none or "-" reads stdin')
    .addOption(formatOption())
  return withOptions(command, inputOptions())
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: DetectOptions) => {
      const { detectModels } = await import('../actions/detect.js')
      ctx.exitCode = await detectModels(ctx, files, options)
    })
}
