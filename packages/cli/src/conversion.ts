/** One session to the target `convert --to` names: the common model, another vendor's model, or OCSF. */
import {
  COMMON_MODEL,
  type CommonSession,
  type ConvertOptions,
  convert,
  isSessionModel,
  OCSF_MODEL,
  type OptionNames,
  SESSION_MODELS,
  type SessionModelId,
  toCommon,
  toOcsf,
} from '@session-schemas/converter'
import type { Conversion } from '@session-schemas/core'
import { UsageError } from './errors.js'
import type { SessionRecord } from './sessions.js'

export type Target =
  | { readonly kind: 'common'; readonly model: typeof COMMON_MODEL }
  | { readonly kind: 'vendor'; readonly model: SessionModelId }
  | { readonly kind: 'ocsf'; readonly model: typeof OCSF_MODEL }

/** `--to`: a session model id, `common/Session`, or `ocsf` (`ocsf/Authentication`). */
export function parseTarget(to: string): Target {
  if (to === COMMON_MODEL) return { kind: 'common', model: COMMON_MODEL }
  if (to === 'ocsf' || to === OCSF_MODEL) return { kind: 'ocsf', model: OCSF_MODEL }
  if (isSessionModel(to)) return { kind: 'vendor', model: to }
  throw new UsageError(
    `--to: cannot convert to ${JSON.stringify(to)}; targets are ${[COMMON_MODEL, 'ocsf', ...SESSION_MODELS].join(', ')}`,
  )
}

/** How converter messages name the options: as this CLI's flags. */
export const CLI_OPTION_NAMES: OptionNames = {
  includeSecrets: '--include-secrets',
  referenceTime: '--reference-time',
  defaults: '--default KEY=VALUE',
  nitroMilliseconds: '--nitro-time-unit milliseconds',
}

export interface SessionOptions extends ConvertOptions {
  /** OCSF `session.issuer`. */
  readonly issuer?: string
}

/** A session as `common/Session` (a common input is checked and has its secrets redacted unless asked for). */
export function sessionToCommon(session: SessionRecord, options: SessionOptions): Conversion<CommonSession> {
  if (session.model !== COMMON_MODEL) return toCommon(session.model, session.value, options)
  return convert(session.value, {
    ...options,
    from: COMMON_MODEL,
    to: COMMON_MODEL,
  }) as Conversion<CommonSession>
}

export function convertSession(
  session: SessionRecord,
  target: Target,
  options: SessionOptions,
): Conversion<unknown> {
  if (target.kind === 'vendor' && session.model !== COMMON_MODEL)
    return convert(session.value, { ...options, from: session.model, to: target.model })
  const common = sessionToCommon(session, options)
  if (target.kind === 'common') return common
  const next =
    target.kind === 'ocsf'
      ? toOcsf(common.value, {
          includeSecrets: options.includeSecrets === true,
          optionNames: CLI_OPTION_NAMES,
          ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        })
      : convert(common.value, { ...options, from: COMMON_MODEL, to: target.model })
  return { value: next.value, losses: [...common.losses, ...next.losses], unmapped: common.unmapped }
}
