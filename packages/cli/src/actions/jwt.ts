/**
 * What `jwt sign`, `jwt verify` and `jwt decode` do, through @session-schemas/jwt-claims (jose). A key
 * that does not fit is a usage error before any record is read; after that every record or token stands
 * alone: one that fails is reported with its code and reason, and the run goes on.
 */
import { redactSecrets } from '@session-schemas/converter/secrets'
import { JsonLimitError, type Loss, type Model, writeJson } from '@session-schemas/core'
import { model as tokenInfoModel } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import {
  DEFAULT_MAX_TOKEN_LENGTH,
  decodeUnverified,
  isKnownAlgorithm,
  isNone,
  JWS_ALGORITHMS,
  type JwsAlgorithm,
  JwtError,
  sign,
  TokenInfoError,
  verify,
  verifyTokenInfo,
} from '@session-schemas/jwt-claims'
import { model as claimsModel } from '@session-schemas/jwt-claims/Claims'
import type { Context } from '../context.js'
import { UsageError } from '../errors.js'
import {
  checkSigningKey,
  checkVerificationKey,
  type KeyOptions,
  signingKey,
  verificationKey,
} from '../keys.js'
import type { InputOptions, Int64Form } from '../options.js'
import { printable } from '../output/printable.js'
import { parseRecord, syntaxMessage } from '../parse.js'
import { type Position, visitRecords } from '../runner.js'
import { refuseEmpty } from '../verdict.js'

export interface SignOptions extends InputOptions, KeyOptions {
  readonly alg: string[]
  readonly typ?: string
  readonly kid?: string
  readonly issuer?: string
  readonly audience?: string[]
  readonly includeSecrets?: boolean
}

export interface VerifyOptions extends KeyOptions {
  readonly alg: string[]
  readonly typ?: string
  readonly issuer?: string[]
  readonly audience?: string[]
  readonly subject?: string
  readonly clockTolerance: number
  readonly now?: string
  readonly profile: 'rfc7519' | 'rfc9068'
  readonly tokenInfo?: boolean
  readonly int64: Int64Form
  readonly allowEmpty?: boolean
  readonly includeSecrets?: boolean
}

export interface DecodeOptions {
  readonly int64: Int64Form
  readonly allowEmpty?: boolean
  readonly includeSecrets?: boolean
}

/** Tokens are read one per line, as text. */
const TOKEN_INPUT = { input: 'ndjson', maxRecordSize: 1024 * 1024 } as const

/** `--alg`: known algorithms only, never "none" (in any spelling). */
function algorithms(values: readonly string[]): JwsAlgorithm[] {
  for (const alg of values) {
    if (isNone(alg)) throw new UsageError('--alg: "none" is never allowed')
    if (!isKnownAlgorithm(alg))
      throw new UsageError(
        `--alg: unknown algorithm ${JSON.stringify(alg)}; one of ${JWS_ALGORITHMS.join(', ')}`,
      )
  }
  return values as JwsAlgorithm[]
}

function describeJwtError(error: unknown): string {
  if (error instanceof JwtError) return `${error.code} (${error.reason}): ${error.message}`
  if (error instanceof TokenInfoError) return `ERR_TOKEN_INFO: ${error.message}`
  throw error
}

/** A line the reader could not hand over as a token (too large, not UTF-8): its reason, typed. */
const unreadableToken = (message: string) => `ERR_JWT_INVALID (malformed): ${message}`

/**
 * What verify and decode print of a token's claims (or header, or token info): every member named like a
 * secret (the names the schemas mark: token, session_id, password, key, ...) as "<redacted>", unless
 * --include-secrets. Claims are data a token carries anywhere; printing them is output like any other.
 */
function shown(
  model: Model<unknown>,
  value: unknown,
  options: { readonly includeSecrets?: boolean },
): unknown {
  return options.includeSecrets ? value : redactSecrets(model, value, [])
}

const one = (values: readonly string[]) => (values.length === 1 ? values[0]! : values)

/** Whether a record's claim is the value an option asks for (a claim may hold an exact bigint). */
function sameJson(claim: unknown, wanted: unknown): boolean {
  return writeJson(claim, { int64: 'string' }) === writeJson(wanted, { int64: 'string' })
}

function failures(ctx: Context, noun: string, verdict: string) {
  let count = 0
  return {
    get count() {
      return count
    },
    /** `said`: what happened to this one, when it is not `verdict`. */
    report(at: Position, message: string, said = verdict) {
      count++
      ctx.failed = true
      // A message may quote what a token or a library said: never raw control or bidi characters.
      ctx.stderr.write(
        `${ctx.err.bold(`${printable(at.source)}:${at.line}`)}  ${noun} ${at.record}  ${ctx.err.red(said)}: ${printable(message)}\n`,
      )
    },
  }
}

export async function signClaims(
  ctx: Context,
  files: readonly string[],
  options: SignOptions,
): Promise<number> {
  const [alg, ...more] = algorithms(options.alg)
  if (!alg || more.length > 0) throw new UsageError('--alg: sign takes exactly one algorithm')
  const key = await signingKey(options, ctx.env)
  checkSigningKey(key, alg, options)
  const wanted = { iss: options.issuer, aud: options.audience && one(options.audience) }
  const header = {
    alg,
    ...(options.typ === undefined ? {} : { typ: options.typ }),
    ...(options.kid === undefined ? {} : { kid: options.kid }),
  }
  const failed = failures(ctx, 'record', 'not signed')
  const records = await visitRecords(ctx, files, options, {
    async record(text, at) {
      let claims: unknown
      try {
        claims = parseRecord(text, options.maxRecordSize)
      } catch (error) {
        // Nested too deeply for the exact int64 reader: this record fails, the run goes on.
        if (error instanceof JsonLimitError) failed.report(at, `${error.code}: ${error.message}`)
        else failed.report(at, syntaxMessage(error, at.line))
        return
      }
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        failed.report(at, 'a claims set is a JSON object')
        return
      }
      const payload = { ...(claims as Record<string, unknown>) }
      for (const [claim, value] of Object.entries(wanted)) {
        if (value === undefined) continue
        // The record's own value is not quoted: claims are data, and data is not echoed.
        if (payload[claim] !== undefined && !sameJson(payload[claim], value)) {
          failed.report(
            at,
            `the claims set has another ${claim} than --${claim === 'iss' ? 'issuer' : 'audience'}`,
          )
          return
        }
        payload[claim] = value
      }
      // A token's payload is readable by anyone who holds the token: a claims set with members named like
      // secrets is not signed unless asked for (what `claims` writes has them redacted already).
      if (!options.includeSecrets) {
        const secrets: Loss[] = []
        redactSecrets(claimsModel, payload, secrets)
        if (secrets.length > 0) {
          const paths = secrets.slice(0, 5).map((loss) => printable(loss.path))
          failed.report(
            at,
            `it holds members named like secrets (${paths.join(', ')}${secrets.length > 5 ? ', ...' : ''}), which anyone holding the token could read; --include-secrets signs them`,
          )
          return
        }
      }
      try {
        const token = await sign(payload, key, header)
        if (token.length > DEFAULT_MAX_TOKEN_LENGTH) {
          failed.report(
            at,
            `the token would be ${token.length} characters, over the ${DEFAULT_MAX_TOKEN_LENGTH} that jwt verify and jwt decode read`,
          )
          return
        }
        ctx.stdout.write(`${token}\n`)
      } catch (error) {
        // What only the cryptography finds out about the key (unusable material) fails every record alike.
        if (
          error instanceof TypeError ||
          (error instanceof JwtError && (error.reason === 'key_mismatch' || error.reason === 'not_supported'))
        )
          throw new UsageError(error.message, { cause: error })
        failed.report(at, describeJwtError(error))
      }
    },
    malformed: (message, at) => failed.report(at, message),
  })
  if (refuseEmpty(ctx, records, options)) return 1
  return failed.count > 0 ? 1 : 0
}

export async function verifyTokens(
  ctx: Context,
  files: readonly string[],
  options: VerifyOptions,
): Promise<number> {
  const settings = {
    algorithms: algorithms(options.alg),
    clockTolerance: options.clockTolerance,
    profile: options.profile,
    ...(options.issuer === undefined ? {} : { issuer: one(options.issuer) }),
    ...(options.audience === undefined ? {} : { audience: one(options.audience) }),
    ...(options.typ === undefined ? {} : { typ: options.typ }),
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(options.now === undefined ? {} : { currentDate: new Date(options.now) }),
  }
  const key = await verificationKey(options, ctx.env)
  checkVerificationKey(key, settings.algorithms, options)
  const failed = failures(ctx, 'token', 'rejected')
  const records = await visitRecords(ctx, files, TOKEN_INPUT, {
    async record(text, at) {
      const token = text.trim()
      try {
        const value = options.tokenInfo
          ? shown(tokenInfoModel, (await verifyTokenInfo(token, key, settings)).value, options)
          : shown(claimsModel, (await verify(token, key, settings)).claims, options)
        ctx.stdout.write(`${writeJson(value, { int64: options.int64 })}\n`)
      } catch (error) {
        if (error instanceof TypeError) throw new UsageError(error.message, { cause: error })
        // --token-info: the token verified, but its claims are no XIQ token info.
        if (error instanceof TokenInfoError)
          failed.report(at, describeJwtError(error), 'verified, but no token info')
        else failed.report(at, describeJwtError(error))
      }
    },
    malformed: (message, at) => failed.report(at, unreadableToken(message)),
  })
  if (refuseEmpty(ctx, records, options)) return 1
  return failed.count > 0 ? 1 : 0
}

export const DECODE_WARNING =
  'WARNING: jwt decode does NOT verify anything: not the signature, not the issuer, not the audience, not the expiry.\n' +
  'Anyone can write these claims. Never trust them; use `session-schemas jwt verify` to check a token.\n'

export async function decodeTokens(
  ctx: Context,
  files: readonly string[],
  options: DecodeOptions,
): Promise<number> {
  const { int64 } = options
  // Always, even in a pipe: whoever reads the output must not mistake it for verified claims.
  ctx.stderr.write(ctx.err.bold(ctx.err.red(DECODE_WARNING)))
  ctx.stderr.flush()
  const failed = failures(ctx, 'token', 'not a JWT')
  const records = await visitRecords(ctx, files, TOKEN_INPUT, {
    record(text, at) {
      try {
        const { header, payload, issues } = decodeUnverified(text.trim())
        const decoded = {
          verified: false,
          header: shown(claimsModel, header, options),
          payload: shown(claimsModel, payload, options),
          issues,
        }
        ctx.stdout.write(`${writeJson(decoded, { int64 })}\n`)
      } catch (error) {
        failed.report(at, describeJwtError(error))
      }
    },
    malformed: (message, at) => failed.report(at, unreadableToken(message)),
  })
  if (refuseEmpty(ctx, records, options)) return 1
  return failed.count > 0 ? 1 : 0
}
