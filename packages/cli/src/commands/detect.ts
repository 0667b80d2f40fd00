/** `session-schemas detect`: the model id of each record, or plainly "ambiguous" or "unknown". */
import { Command } from 'commander'
import type { DetectOptions } from '../actions/detect.js'
import type { Context } from '../context.js'
import { formatOption, inputOptions, jobsOptions, withOptions } from '../options.js'

const EXAMPLES = `
Each record is judged on each model's own evidence, read from the schemas: its discriminators
(Intersight ClassId/ObjectType, OCSF class_uid, vAPI error_type: a property that allows one value),
else the required keys of a model, else a key that only one model declares. Equal evidence for
two models is "ambiguous"; none is "unknown", with the closest model and what it lacks. --model auto
and --from auto do the same.

Output: one line per record, "FILE:LINE  record N  MODEL"; with --format json, one JSON object per
record (NDJSON): { source, record, line, status, model | candidates | reason | message }.

With --jobs N, NDJSON records are detected on N worker threads; the lines keep the input's order.

Exit status: 0 every record's model was found, 1 one was ambiguous, unknown or malformed, or there
was no record at all (unless --allow-empty), 2 usage error, unreadable input or a failed write.

Examples:
  $ session-schemas detect examples/*.json
  $ session-schemas detect --format json sessions.ndjson | jq -r .model | sort | uniq -c
  $ session-schemas detect --jobs 2 --format json big.ndjson > models.ndjson`

export function detectCommand(ctx: Context): Command {
  const command = new Command('detect')
    .description('tell the model of each record')
    .argument('[files...]', 'JSON or NDJSON files; none or "-" reads stdin')
    .addOption(formatOption())
  return withOptions(command, [...inputOptions(), ...jobsOptions()])
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: DetectOptions) => {
      const { detectModels } = await import('../actions/detect.js')
      ctx.exitCode = await detectModels(ctx, files, options)
    })
}
