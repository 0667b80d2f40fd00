/** `session-schemas claims`: one JWT claims set per session (XIQ token info as XIQ's own tokens carry it). */
import { Command, Option } from 'commander'
import type { ClaimsOptions } from '../actions/claims.js'
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
An ExtremeCloud IQ token info (GET /auth/apitoken/info) becomes the claims XIQ's own tokens carry
(sub = user name, user_id, role, owner_id, data_center, scope); any other session goes through
common/Session and becomes sub, sid, iat, auth_time, exp. One claims set per session (NDJSON) on
stdout, losses on stderr (or in the --format json report on stderr, or with --losses FILE to FILE;
--quiet reports only failures, --summary only the counts). Sign them with \`jwt sign\`.

Exit status: 0 every session became claims, 1 a record failed or is malformed, or there was no
record (unless --allow-empty), 2 usage error, unreadable input or a failed write.

Examples:
  $ session-schemas claims --from extremecloudiq/XiqApiTokenInfo --issuer https://extremecloudiq.com info.json
  $ session-schemas claims --from auto --audience https://api.example.com sessions.ndjson \\
      | session-schemas jwt sign --alg ES256 --key ec-private.pem`

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function claimsCommand(ctx: Context): Command {
  const command = new Command('claims')
    .description('turn sessions into JWT claims sets')
    .argument('[files...]', 'JSON or NDJSON files; none or "-" reads stdin')
    .addOption(
      new Option(
        '--from <id>',
        "the input's model id, or auto to detect each record's",
      ).makeOptionMandatory(),
    )
    .addOption(new Option('--issuer <iss>', 'the iss claim'))
    .addOption(new Option('--audience <aud>', 'the aud claim (repeatable)').argParser(collect))
    .addOption(new Option('--jti <id>', 'the jti claim (XIQ token info only)'))
    .addOption(new Option('--client-id <id>', 'the client_id claim (XIQ token info only)'))
    .addOption(new Option('--include-secrets', 'keep secret session ids in sid (default: "<redacted>")'))
    .addOption(
      new Option(
        '--reference-time <time>',
        'when the source answered (RFC 3339), for relative expiry times',
      ).argParser(parseDateTime),
    )
    .addOption(formatOption())
    .addOption(int64Option())
  return withOptions(command, [...reportOptions(), ...lossOptions(), ...inputOptions(), ...jobsOptions()])
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], options: ClaimsOptions) => {
      const { claimsOfRecords } = await import('../actions/claims.js')
      ctx.exitCode = await claimsOfRecords(ctx, files, options)
    })
}
