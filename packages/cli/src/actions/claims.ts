/** What `claims` does: XIQ token info through tokenInfoToClaims, any other session through the common model. */
import type { Conversion } from '@session-schemas/core'
import { tokenInfoToClaims } from '@session-schemas/jwt-claims'
import { sessionToClaims } from '@session-schemas/jwt-claims/session-to-claims'
import type { Context } from '../context.js'
import { CLI_OPTION_NAMES, sessionToCommon } from '../conversion.js'
import { checkFrom, type PipelineOptions, type Produce, runPipeline } from '../pipeline.js'
import type { SessionRecord } from '../sessions.js'

const XIQ_TOKEN_INFO = 'extremecloudiq/XiqApiTokenInfo'

export interface ClaimsOptions extends PipelineOptions {
  readonly issuer?: string
  readonly audience?: string[]
  readonly jti?: string
  readonly clientId?: string
  readonly includeSecrets?: boolean
  readonly referenceTime?: string
}

/** Each session to JWT claims (also on a worker thread, from the same options). */
export function claimsProducer(options: ClaimsOptions): Produce {
  const audience =
    options.audience === undefined
      ? {}
      : { audience: options.audience.length === 1 ? options.audience[0]! : options.audience }
  const issuer = options.issuer === undefined ? {} : { issuer: options.issuer }
  const common = {
    includeSecrets: options.includeSecrets === true,
    optionNames: CLI_OPTION_NAMES,
    ...(options.referenceTime === undefined ? {} : { referenceTime: options.referenceTime }),
  }
  return (session: SessionRecord): Conversion<unknown> => {
    if (session.model === XIQ_TOKEN_INFO) {
      return tokenInfoToClaims(session.value as Parameters<typeof tokenInfoToClaims>[0], {
        ...issuer,
        ...audience,
        ...(options.jti === undefined ? {} : { jti: options.jti }),
        ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
        includeSecrets: options.includeSecrets === true,
        optionNames: CLI_OPTION_NAMES,
      })
    }
    const first = sessionToCommon(session, common)
    const claims = sessionToClaims(first.value, { ...issuer, ...audience })
    return { value: claims.value, losses: [...first.losses, ...claims.losses], unmapped: first.unmapped }
  }
}

export async function claimsOfRecords(
  ctx: Context,
  files: readonly string[],
  options: ClaimsOptions,
): Promise<number> {
  checkFrom(options.from, 'claims')
  return runPipeline(ctx, files, options, 'jwt/Claims', claimsProducer(options), {
    command: 'claims',
    options: { ...options },
  })
}
