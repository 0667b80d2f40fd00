/** `session-schemas validate`: is every record valid against its model? Exit 0 yes, 1 no, 2 could not tell. */
import { Command, Option } from 'commander'
import type { ValidateOptions } from '../actions/validate.js'
import type { Context } from '../context.js'
import { formatOption, inputOptions, withOptions } from '../options.js'

const EXAMPLES = `
Input is one JSON document, a JSON array of records, or NDJSON (told apart by the first lines; force
it with --input), from FILEs or stdin. Every record is counted valid, invalid or malformed; a
malformed line is reported with its number and the rest is read on.

Exit status: 0 every record is valid, 1 a record is invalid or malformed, 2 usage error or
unreadable input.

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
  return withOptions(command, inputOptions())
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: ValidateOptions) => {
      const { validate } = await import('../actions/validate.js')
      ctx.exitCode = await validate(ctx, files, options)
    })
}
