/** The command tree: `session-schemas <command>`, with help, version and usage errors handled by commander. */
import { Command } from 'commander'
import { claimsCommand } from './commands/claims.js'
import { convertCommand } from './commands/convert.js'
import { detectCommand } from './commands/detect.js'
import { jwtCommand } from './commands/jwt.js'
import { schemasCommand } from './commands/schemas.js'
import { validateCommand } from './commands/validate.js'
import type { Context } from './context.js'
import { cliVersion } from './version.js'

const EXAMPLES = `
Model ids name a vendor's wire model (intersight/iam.Session, vsphere/vim25.UserSession,
netscaler/mpssession, extremecloudiq/XiqApiTokenInfo, ...): see \`session-schemas schemas list\`.

Exit status: 0 success, 1 a record is invalid, malformed or could not be converted, or the input
holds no record (unless --allow-empty), 2 usage error, unreadable input or a failed write.

Examples:
  $ session-schemas validate --model auto sessions.ndjson
  $ session-schemas detect examples/*.json
  $ session-schemas convert --from auto --to ocsf sessions.ndjson > ocsf.ndjson
  $ session-schemas claims --from extremecloudiq/XiqApiTokenInfo token-info.json
  $ session-schemas schemas show netscaler/mpssession`

/** Gives a command (and its subcommands) the parent's output and error settings. */
function inherit(parent: Command, child: Command): void {
  child.copyInheritedSettings(parent)
  requiredAfterUnknown(child)
  for (const grandchild of child.commands) inherit(child, grandchild)
}

/**
 * A command's required options, checked after its unknown options: commander checks required ones first, so
 * that a typo (`validate --modle auto`) read "required option '--model <id>' not specified" instead of naming
 * the unknown option (with commander's "did you mean --model?").
 */
function requiredAfterUnknown(command: Command): void {
  const required = command.options.filter((option) => option.mandatory)
  if (required.length === 0) return
  for (const option of required) option.mandatory = false
  command.hook('preAction', (self) => {
    for (const option of required)
      if (self.getOptionValue(option.attributeName()) === undefined)
        self.error(`error: required option '${option.flags}' not specified`, {
          code: 'commander.missingMandatoryOptionValue',
        })
  })
}

/** Adds a subcommand; commander copies the parent's settings only for commands made with .command(). */
function adopt(parent: Command, child: Command): void {
  inherit(parent, child)
  parent.addCommand(child)
}

export function createProgram(ctx: Context): Command {
  const program = new Command('session-schemas')
    .description(
      'Validate, detect, convert (to common/Session, another vendor or OCSF) and turn into JWT claims the session records of Cisco Intersight, VMware vSphere, NetScaler ADM and ExtremeCloud IQ. Streams JSON and NDJSON.',
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: (text, write) => write(ctx.err.red(text)),
      getOutHasColors: () => ctx.out.enabled,
      getErrHasColors: () => ctx.err.enabled,
    })
    .addHelpText('after', EXAMPLES)
  for (const command of [
    validateCommand(ctx),
    detectCommand(ctx),
    convertCommand(ctx),
    claimsCommand(ctx),
    jwtCommand(ctx),
    schemasCommand(ctx),
  ])
    adopt(program, command)
  return program
}
