/** `session-schemas validate`: is every record valid against its model? Exit 0 yes, 1 no, 2 could not tell. */
import { Command, Option } from 'commander'
import type { ValidateOptions } from '../actions/validate.js'
import type { Context } from '../context.js'
import { formatOption, inputOptions, jobsOptions, reportOptions, withOptions } from '../options.js'

const EXAMPLES = `
Input is NDJSON, JSON documents (pretty-printed ones too), or a JSON array of records (when it
starts with "["), from FILEs or stdin. Every record is counted valid, invalid or malformed; a
malformed line is reported with its number and the rest is read on. With --model auto, each record
is judged as the model its own evidence names (see \`session-schemas detect --help\`).

Exit status: 0 every record is valid, 1 a record is invalid or malformed, or there was no record
at all (unless --allow-empty), 2 usage error, unreadable input or a failed write.

Examples:
  $ session-schemas validate --model intersight/iam.Session sessions.ndjson
  $ session-schemas validate --model auto examples/*.json
  $ curl -s https://adm/nitro/v1/config/mpssession | session-schemas validate --model netscaler/mpssession.Response
  $ session-schemas validate --model auto --format json mixed.ndjson | jq '.issues[] | .record'`

export function validateCommand(ctx: Context): Command {
  const command = new Command('validate')
    .description('validate records against a model (or each against its detected model)')
    .argument('[files...]', 'JSON or NDJSON files; none or "-" reads stdin')
    .addOption(
      new Option(
        '--model <id>',
        "model id (see `schemas list`), or auto to detect each record's model",
      ).makeOptionMandatory(),
    )
    .addOption(formatOption())
  return withOptions(command, [...reportOptions(), ...inputOptions(), ...jobsOptions()])
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: ValidateOptions) => {
      const { validate } = await import('../actions/validate.js')
      ctx.exitCode = await validate(ctx, files, options)
    })
}
