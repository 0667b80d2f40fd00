/**
 * The converter README's mapping table, rendered from the mapping tables and the schemas: every
 * top-level field of every session model -> its common path, or why it stays in `unmapped`.
 */
import { modelFacts } from './generated/manifest.gen.js'
import { MAPPINGS, SESSION_MODELS } from './mappings.js'
import { sessionModel } from './registry.js'

/** Why a field has no common path (it travels in `unmapped` and comes back only to its own model). */
const UNMAPPED_BECAUSE: Readonly<Record<string, string>> = {
  ClassId: 'type discriminator (a constant of the model)',
  ObjectType: 'type discriminator (a constant of the model)',
  _typeName: 'type discriminator (a constant of the model)',
  AccountPermissions: 'the accounts the user may switch to: Intersight only',
  LastLoginClient: "the user's previous login, not this session",
  LastLoginTime: "the user's previous login, not this session",
  Permission: 'relationship to an iam.Permission: Intersight only',
  User: 'relationship kept whole; its Moid also fills user.uid',
  FailedLogins: 'a statistic of the user, not of the session',
  Scope: 'the switched-account scope: Intersight only',
  DomainGroupMoid: 'managed-object bookkeeping',
  ModTime: 'managed-object bookkeeping (not the last activity)',
  Owners: 'managed-object bookkeeping',
  SharedScope: 'managed-object bookkeeping',
  Tags: 'managed-object bookkeeping',
  VersionContext: 'managed-object bookkeeping',
  Ancestors: 'managed-object bookkeeping',
  Parent: 'managed-object bookkeeping',
  PermissionResources: 'managed-object bookkeeping',
  DisplayNames: 'managed-object bookkeeping',
  client_type: 'the kind of client (GUI, API, ...): NITRO only',
  session_creator: 'NITRO only',
  data_center: 'XIQ only',
}

export interface CoverageRow {
  readonly model: string
  readonly mapped: number
  readonly unmapped: number
}

export function mappingCoverage(): CoverageRow[] {
  return SESSION_MODELS.map((model) => {
    const fields = Object.keys((sessionModel(model).schema.properties ?? {}) as object)
    const mapped = fields.filter((key) => MAPPINGS[model].fields.some((f) => f.key === key)).length
    return { model, mapped, unmapped: fields.length - mapped }
  })
}

export function mappingTable(): string {
  const sections = SESSION_MODELS.map((model) => {
    const mapping = MAPPINGS[model]
    const fields = Object.keys((sessionModel(model).schema.properties ?? {}) as object)
    const rows = fields.map((key) => {
      const field = mapping.fields.find((f) => f.key === key)
      if (!field)
        return `| \`${key}\` | \`unmapped.${key}\` | ${UNMAPPED_BECAUSE[key] ?? 'no common concept'} |`
      const target =
        field.codec === 'address' ? '`src_endpoint.ip` (an IP) or `src_endpoint.name`' : `\`${field.path}\``
      const notes: Record<string, string> = {
        datetime: 'RFC 3339, verbatim',
        epoch: 'epoch seconds -> RFC 3339 UTC (`nitroTimeUnit`)',
        int64: 'int64 -> decimal string (exact)',
        relative: field.absolute
          ? `relative seconds; \`${field.absolute}\` with a \`referenceTime\``
          : 'relative seconds',
        address: 'pipe names are reported as `invalid`',
      }
      const secret = modelFacts(model)?.secrets.paths.includes(`/${key}`)
        ? '**secret**: redacted unless `includeSecrets`'
        : ''
      return `| \`${key}\` | ${target} | ${[secret, notes[field.codec] ?? ''].filter(Boolean).join('; ')} |`
    })
    const coverage = mappingCoverage().find((c) => c.model === model)!
    return [
      `### \`${model}\` (${coverage.mapped} mapped, ${coverage.unmapped} unmapped)`,
      '',
      '| field | common/Session | notes |',
      '|---|---|---|',
      ...rows,
    ].join('\n')
  })
  return sections.join('\n\n')
}
