/** `session-schemas jwt sign|verify|decode`: through jose, with an explicit algorithm allow-list. */
import { Command, InvalidArgumentError, Option } from 'commander'
import type { DecodeOptions, SignOptions, VerifyOptions } from '../actions/jwt.js'
import type { Context } from '../context.js'
import { allowEmptyOption, inputOptions, int64Option, parseDateTime, withOptions } from '../options.js'

/** `--alg RS256` or `--alg RS256,ES256`, repeatable; checked against the allow-list when the command runs. */
const collectAlgorithms = (text: string, previous: string[] = []) => [
  ...previous,
  ...text
    .split(',')
    .map((alg) => alg.trim())
    .filter((alg) => alg !== ''),
]
const collect = (value: string, previous: string[] = []) => [...previous, value]

/** `--clock-tolerance`: whole seconds in decimal digits (not `0x10`, `1e3`, `1.5` or ` 5`, which Number() takes). */
function parseSeconds(text: string): number {
  if (!/^\d{1,10}$/.test(text)) throw new InvalidArgumentError('a whole number of seconds (0 to 9999999999)')
  return Number(text)
}

const keyOptions = (): Option[] => [
  new Option(
    '--key <file>',
    'a PEM key (PKCS#8, SPKI, X.509 certificate) or a JWK file; for verify also a JWK Set',
  ),
  new Option('--secret-env <name>', 'the environment variable that holds the HMAC secret'),
]

const ALGORITHMS =
  'HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519 ML-DSA-*'

/** `--include-secrets` of verify and decode: what they print is redacted like every other output. */
const includeSecretsOption = () =>
  new Option(
    '--include-secrets',
    'keep members named like secrets (token, session_id, password, key, ...; default: "<redacted>")',
  )

const SECRET_NOTE = `
There is no --secret option: a secret on the command line is visible in ps and in shell history.
Put it in an environment variable and name the variable with --secret-env.`

function signCommand(ctx: Context): Command {
  const command = new Command('sign')
    .description('sign claims sets (JSON or NDJSON) as JWTs, one per line')
    .argument('[files...]', 'claims JSON or NDJSON files; none or "-" reads stdin')
    .addOption(
      new Option('--alg <alg>', `the algorithm (required; never none): ${ALGORITHMS}`)
        .argParser(collectAlgorithms)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--typ <typ>', 'the typ header, e.g. at+jwt for an RFC 9068 access token'))
    .addOption(new Option('--kid <kid>', 'the kid header'))
    .addOption(new Option('--issuer <iss>', 'set the iss claim (a claims set with another iss fails)'))
    .addOption(
      new Option(
        '--audience <aud>',
        'set the aud claim (repeatable; a claims set with another aud fails)',
      ).argParser(collect),
    )
    .addOption(
      new Option(
        '--include-secrets',
        'sign claims sets with members named like secrets (token, session_id, password, key, ...), which anyone holding the token can read (default: such a set is not signed)',
      ),
    )
  return withOptions(withOptions(command, keyOptions()), inputOptions())
    .addHelpText(
      'after',
      `${SECRET_NOTE}

A claims set with members named like secrets is not signed unless --include-secrets (a token's payload
is readable by anyone who holds it; what the claims command writes has them redacted already), nor one whose token
would be over the 16 KiB that verify and decode read.

Exit status: 0 every claims set signed, 1 one could not be (each is reported with its reason, and the
others are still signed), 2 usage error (a missing key, or one that does not fit --alg).

Examples:
  $ export JWT_SECRET="$(openssl rand -base64 32)"
  $ session-schemas jwt sign --alg HS256 --secret-env JWT_SECRET claims.json > token.jwt
  $ session-schemas claims --from auto sessions.ndjson | session-schemas jwt sign --alg ES256 --key ec-private.pem`,
    )
    .action(async (files: string[], options: SignOptions) => {
      const { signClaims } = await import('../actions/jwt.js')
      ctx.exitCode = await signClaims(ctx, files, options)
    })
}

function verifyCommand(ctx: Context): Command {
  const command = new Command('verify')
    .description('verify JWTs (one per line) and print their claims')
    .argument('[files...]', 'files with one JWT per line; none or "-" reads stdin')
    .addOption(
      new Option('--alg <algs>', 'the allowed algorithms (required), e.g. RS256 or RS256,ES256')
        .argParser(collectAlgorithms)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--issuer <iss>', 'the expected iss (repeatable: any of them)').argParser(collect))
    .addOption(
      new Option('--audience <aud>', 'an expected audience (repeatable: any of them)').argParser(collect),
    )
    .addOption(new Option('--typ <typ>', 'the expected typ header'))
    .addOption(new Option('--subject <sub>', 'the expected sub'))
    .addOption(
      new Option('--clock-tolerance <seconds>', 'clock skew allowed for exp, nbf and iat')
        .argParser(parseSeconds)
        .default(0),
    )
    .addOption(
      new Option('--now <time>', 'verify as of this time (RFC 3339) instead of the clock').argParser(
        parseDateTime,
      ),
    )
    .addOption(
      new Option('--profile <profile>', 'rfc9068: require the access-token claims and typ at+jwt')
        .choices(['rfc7519', 'rfc9068'])
        .default('rfc7519'),
    )
    .addOption(new Option('--token-info', "print each token's claims turned back into an XiqApiTokenInfo"))
    .addOption(int64Option())
    .addOption(allowEmptyOption())
    .addOption(includeSecretsOption())
  return withOptions(command, keyOptions())
    .addHelpText(
      'after',
      `${SECRET_NOTE}

Prints the verified claims of each token (NDJSON); a token that fails is reported on stderr with its
reason (ERR_JWT_EXPIRED, ERR_JWS_SIGNATURE_VERIFICATION_FAILED, ...). Claims named like secrets
(token, session_id, ...) print as "<redacted>" unless --include-secrets.

Exit status: 0 every token verified, 1 a token was rejected or there was none (unless --allow-empty),
2 usage error (a missing key, or one that fits none of the --alg algorithms).

Examples:
  $ session-schemas jwt verify --alg HS256 --secret-env JWT_SECRET --issuer https://extremecloudiq.com tokens.txt
  $ session-schemas jwt verify --alg ES256 --key ec-public.pem --token-info < token.jwt`,
    )
    .action(async (files: string[], options: VerifyOptions) => {
      const { verifyTokens } = await import('../actions/jwt.js')
      ctx.exitCode = await verifyTokens(ctx, files, options)
    })
}

function decodeCommand(ctx: Context): Command {
  return new Command('decode')
    .description('show the header and claims of JWTs WITHOUT verifying them (inspection only)')
    .argument('[files...]', 'files with one JWT per line; none or "-" reads stdin')
    .addOption(int64Option())
    .addOption(allowEmptyOption())
    .addOption(includeSecretsOption())
    .addHelpText(
      'after',
      `
Prints { "verified": false, header, payload, issues } per token (issues: where the payload does
not match jwt/Claims; members named like secrets print as "<redacted>" unless --include-secrets).
It checks NOTHING: not the signature, not a single claim, and says so on stderr every time. Use
it to look at a token, never to decide anything: \`jwt verify\` is for that.

Examples:
  $ session-schemas jwt decode < token.jwt
  $ session-schemas jwt decode tokens.txt | jq .payload.sub`,
    )
    .action(async (files: string[], options: DecodeOptions) => {
      const { decodeTokens } = await import('../actions/jwt.js')
      ctx.exitCode = await decodeTokens(ctx, files, options)
    })
}

export function jwtCommand(ctx: Context): Command {
  return new Command('jwt')
    .description('sign, verify or decode JWTs (jose; explicit algorithm allow-list, never "none")')
    .addHelpText(
      'after',
      `${SECRET_NOTE}

Examples:
  $ session-schemas claims --from extremecloudiq/XiqApiTokenInfo info.json > claims.json
  $ session-schemas jwt sign --alg HS256 --secret-env JWT_SECRET claims.json > token.jwt
  $ session-schemas jwt verify --alg HS256 --secret-env JWT_SECRET --token-info token.jwt
  $ session-schemas jwt decode token.jwt`,
    )
    .addCommand(signCommand(ctx))
    .addCommand(verifyCommand(ctx))
    .addCommand(decodeCommand(ctx))
}
