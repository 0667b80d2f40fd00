/** `session-schemas schemas list|show`: the models this CLI knows, and each one's JSON Schema. */
import { Command } from 'commander'
import type { Context } from '../context.js'
import { type Format, formatOption } from '../options.js'

const LIST_EXAMPLES = `
Lists every model id with the package that exports it; * marks the models a record can be detected
as: every top-level model, and the parts with a discriminator of their own (an Intersight ClassId such
as mo.MoRef); the others are only types inside them. --format json adds each model's one-line
description.

Examples:
  $ session-schemas schemas list
  $ session-schemas schemas list --format json | jq -r '.[].id'`

const SHOW_EXAMPLES = `
Prints the model's JSON Schema (draft 2020-12, with every schema it references under $defs).

Examples:
  $ session-schemas schemas show intersight/iam.Session
  $ session-schemas schemas show netscaler/mpssession > mpssession.schema.json`

export function schemasCommand(ctx: Context): Command {
  const list = new Command('list')
    .description('list the model ids')
    .addOption(formatOption())
    .addHelpText('after', LIST_EXAMPLES)
    .action(async (options: { format: Format }) => {
      const { listSchemas } = await import('../actions/schemas.js')
      await listSchemas(ctx, options.format)
    })
  const show = new Command('show')
    .description('print the JSON Schema of a model')
    .argument('<id>', 'model id')
    .addHelpText('after', SHOW_EXAMPLES)
    .action(async (id: string) => {
      const { showSchema } = await import('../actions/schemas.js')
      await showSchema(ctx, id)
    })
  return new Command('schemas')
    .description('list the models, or show the JSON Schema of one')
    .addHelpText(
      'after',
      `
Examples:
  $ session-schemas schemas list
  $ session-schemas schemas show intersight/iam.Session`,
    )
    .addCommand(list)
    .addCommand(show)
}
