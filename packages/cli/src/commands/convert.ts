/** `session-schemas convert`: every session to common/Session, another vendor's model, or OCSF. */
import { Command, InvalidArgumentError, Option } from 'commander'
import type { ConvertOptions } from '../actions/convert.js'
import type { Context } from '../context.js'
import {
  formatOption,
  inputOptions,
  int64Option,
  jobsOptions,
  lossOptions,
  parseDateTime,
  reportOptions,
  withOptions,
} from '../options.js'

const EXAMPLES = `
Writes one JSON document per session (NDJSON) to stdout; what a conversion could not carry over
exactly (its losses: dropped, precision, derived, relative, redacted, invalid) goes to stderr, or
into one JSON report on stderr with --format json, or with --losses FILE to FILE (NDJSON).
--quiet reports only failures, --summary only the counts. A NITRO envelope (netscaler/mpssession.Response),
an Intersight list (intersight/iam.Session.List) and a legacy vSphere /rest body
(vsphere/rest.cis.Session.Info) convert session by session; a vim25 currentSession of null is
"no session", not an error. Secrets (session tokens and ids) are written
as "<redacted>" unless --include-secrets.

Exit status: 0 every session converted, 1 a record failed or is malformed, or there was no record
(unless --allow-empty), 2 usage error, unreadable input or a failed write.

Examples:
  $ session-schemas convert --from auto --to common/Session sessions.ndjson
  $ session-schemas convert --from netscaler/mpssession.Response --to ocsf nitro.json
  $ session-schemas convert --from extremecloudiq/XiqApiTokenInfo --to common/Session \\
      --reference-time 2024-05-01T12:00:00Z token-info.json
  $ session-schemas convert --from vsphere/vim25.UserSession --to intersight/iam.Session vim25.json
  $ session-schemas convert --from auto --to ocsf --summary --losses losses.ndjson big.ndjson > ocsf.ndjson`

/** `--default KEY=VALUE` (VALUE is JSON, or else the text itself), repeatable. */
function collectDefault(text: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const at = text.indexOf('=')
  if (at < 1) throw new InvalidArgumentError('KEY=VALUE, e.g. username=svc-backup')
  const raw = text.slice(at + 1)
  let value: unknown = raw
  try {
    value = JSON.parse(raw)
  } catch {
    // Not JSON: the text is the value.
  }
  const key = text.slice(0, at)
  if (Object.hasOwn(previous, key))
    throw new InvalidArgumentError(`one value per key (${key} is given twice)`)
  const defaults = { ...previous }
  Object.defineProperty(defaults, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
  return defaults
}

export function convertCommand(ctx: Context): Command {
  const command = new Command('convert')
    .description("convert sessions to common/Session, another vendor's model, or OCSF")
    .argument('[files...]', 'JSON or NDJSON files; none or "-" reads stdin')
    .addOption(
      new Option(
        '--from <id>',
        "the input's model id, or auto to detect each record's",
      ).makeOptionMandatory(),
    )
    .addOption(new Option('--to <id>', 'common/Session, ocsf, or a session model id').makeOptionMandatory())
    .addOption(new Option('--include-secrets', 'keep session tokens and ids (default: "<redacted>")'))
    .addOption(
      new Option(
        '--reference-time <time>',
        'when the source answered (RFC 3339): turns relative times (NITRO expire_after, XIQ expires_in) into absolute ones',
      ).argParser(parseDateTime),
    )
    .addOption(
      new Option('--nitro-time-unit <unit>', 'unit of NITRO login_time and last_activity_time')
        .choices(['seconds', 'milliseconds'])
        .default('seconds'),
    )
    .addOption(new Option('--issuer <name>', 'OCSF session.issuer (with --to ocsf)'))
    .addOption(
      new Option(
        '--default <key=value>',
        'a value for a field of the --to vendor model that the source cannot fill (repeatable; one per key)',
      ).argParser(collectDefault),
    )
    .addOption(formatOption())
    .addOption(int64Option())
  return withOptions(command, [...reportOptions(), ...lossOptions(), ...inputOptions(), ...jobsOptions()])
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: ConvertOptions) => {
      const { convertRecords } = await import('../actions/convert.js')
      ctx.exitCode = await convertRecords(ctx, files, options)
    })
}
