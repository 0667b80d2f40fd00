/**
 * The mapping tables: for each session model, which source key goes to which `common/Session` path, and
 * how its value is encoded there. toCommon, fromCommon and the README's mapping table all read these,
 * so the three cannot disagree. A key that is not listed goes to `unmapped`. The session models are the
 * models mapped here (their ids are the manifest's, checked by the type).
 */
import type { ModelId } from './generated/manifest.gen.js'
import type { CommonSession } from './types.js'

/**
 * How a value travels between a vendor field and the common model:
 * - `string`, `boolean`, `strings`, `integer`: as is.
 * - `datetime`: an RFC 3339 string, kept verbatim (its precision and offset too).
 * - `epoch`: NITRO's integer epoch time (seconds by default) <-> an RFC 3339 string.
 * - `int64`: an integer (number, or bigint beyond 2^53) <-> a decimal string.
 * - `address`: a client address <-> `src_endpoint.ip` when it is an IP address, else `src_endpoint.name`.
 * - `relative`: seconds relative to when the source answered (kept relative; see `absolute`).
 */
export type Codec =
  | 'string'
  | 'boolean'
  | 'strings'
  | 'integer'
  | 'datetime'
  | 'epoch'
  | 'int64'
  | 'address'
  | 'relative'

export interface FieldMapping {
  /** The key in the vendor object. */
  readonly key: string
  /** Dotted path in `common/Session` (for `address`: the `src_endpoint` object). */
  readonly path: string
  readonly codec: Codec
  /** For `relative` fields: the absolute common time it can become with a reference time. */
  readonly absolute?: string
}

export interface ModelMapping {
  readonly model: ModelId
  /** The vendor as the common model names it (its `source.vendor`). */
  readonly vendor: CommonSession['source']['vendor']
  readonly fields: readonly FieldMapping[]
  /** Discriminators with one possible value: filled in when converting from another vendor. */
  readonly constants?: Readonly<Record<string, string>>
  /** One-way: a common path read out of a field that itself goes to `unmapped` (e.g. the Moid of a relationship). */
  readonly extracts?: readonly { readonly key: string; readonly property: string; readonly path: string }[]
}

export const COMMON_MODEL = 'common/Session'

const mappings = {
  'intersight/iam.Session': {
    model: 'intersight/iam.Session',
    vendor: 'intersight',
    fields: [
      { key: 'Moid', path: 'session.uid', codec: 'string' },
      { key: 'SessionId', path: 'session.credential_uid', codec: 'string' },
      { key: 'CreateTime', path: 'session.created_time_dt', codec: 'datetime' },
      { key: 'Expiration', path: 'session.expiration_time_dt', codec: 'datetime' },
      { key: 'IdleTimeExpiration', path: 'session.idle_expiration_time_dt', codec: 'datetime' },
      { key: 'EndTime', path: 'session.end_time_dt', codec: 'datetime' },
      { key: 'Status', path: 'session.status', codec: 'string' },
      { key: 'LoginType', path: 'session.login_type', codec: 'string' },
      { key: 'UserIdOrEmail', path: 'user.name', codec: 'string' },
      { key: 'AccountMoid', path: 'user.org.uid', codec: 'string' },
      { key: 'Role', path: 'authorization.role', codec: 'string' },
      { key: 'ClientIpAddress', path: 'src_endpoint', codec: 'address' },
    ],
    constants: { ClassId: 'iam.Session', ObjectType: 'iam.Session' },
    extracts: [{ key: 'User', property: 'Moid', path: 'user.uid' }],
  },
  'vsphere/vim25.UserSession': {
    model: 'vsphere/vim25.UserSession',
    vendor: 'vsphere',
    fields: [
      // The session id is also the credential (vmware-api-session-id): a secret, so it goes where secrets go.
      { key: 'key', path: 'session.credential_uid', codec: 'string' },
      { key: 'userName', path: 'user.name', codec: 'string' },
      { key: 'fullName', path: 'user.full_name', codec: 'string' },
      { key: 'loginTime', path: 'session.created_time_dt', codec: 'datetime' },
      { key: 'lastActiveTime', path: 'session.last_activity_time_dt', codec: 'datetime' },
      { key: 'locale', path: 'session.locale', codec: 'string' },
      { key: 'messageLocale', path: 'session.message_locale', codec: 'string' },
      { key: 'extensionSession', path: 'session.is_extension', codec: 'boolean' },
      { key: 'ipAddress', path: 'src_endpoint', codec: 'address' },
      { key: 'userAgent', path: 'http_request.user_agent', codec: 'string' },
      { key: 'callCount', path: 'session.call_count', codec: 'int64' },
    ],
    constants: { _typeName: 'UserSession' },
  },
  'vsphere/cis.Session.Info': {
    model: 'vsphere/cis.Session.Info',
    vendor: 'vsphere',
    fields: [
      { key: 'user', path: 'user.name', codec: 'string' },
      { key: 'created_time', path: 'session.created_time_dt', codec: 'datetime' },
      { key: 'last_accessed_time', path: 'session.last_activity_time_dt', codec: 'datetime' },
    ],
  },
  'netscaler/mpssession': {
    model: 'netscaler/mpssession',
    vendor: 'netscaler',
    fields: [
      { key: 'id', path: 'session.uid', codec: 'string' },
      { key: 'token', path: 'session.credential_uid', codec: 'string' },
      { key: 'sessionid', path: 'session.uid_alt', codec: 'string' },
      { key: 'username', path: 'user.name', codec: 'string' },
      { key: 'tenant_name', path: 'user.org.name', codec: 'string' },
      { key: 'permission', path: 'authorization.permission', codec: 'string' },
      { key: 'login_time', path: 'session.created_time_dt', codec: 'epoch' },
      { key: 'last_activity_time', path: 'session.last_activity_time_dt', codec: 'epoch' },
      {
        key: 'expire_after',
        path: 'session.expires_in',
        codec: 'relative',
        absolute: 'session.expiration_time_dt',
      },
      { key: 'session_timeout', path: 'session.idle_timeout', codec: 'relative' },
      { key: 'is_external_auth', path: 'session.is_external_auth', codec: 'boolean' },
      { key: 'is_self', path: 'session.is_self', codec: 'boolean' },
      { key: 'ip_address', path: 'src_endpoint', codec: 'address' },
      { key: 'port', path: 'src_endpoint.port', codec: 'integer' },
    ],
  },
  // The login object that created a NITRO session: the same session facts under its own keys. Its
  // password, Secret and challenge fields are credentials, not session facts (unmapped, redacted);
  // login_type is undocumented (Intersight's LoginType enum does not fit it), so it stays unmapped.
  'netscaler/login': {
    model: 'netscaler/login',
    vendor: 'netscaler',
    fields: [
      { key: 'token', path: 'session.credential_uid', codec: 'string' },
      { key: 'sessionid', path: 'session.uid_alt', codec: 'string' },
      { key: 'username', path: 'user.name', codec: 'string' },
      { key: 'ID', path: 'user.uid', codec: 'string' },
      { key: 'tenant_name', path: 'user.org.name', codec: 'string' },
      { key: 'permission', path: 'authorization.permission', codec: 'string' },
      { key: 'session_timeout', path: 'session.idle_timeout', codec: 'relative' },
      { key: 'client_ip', path: 'src_endpoint', codec: 'address' },
      { key: 'client_port', path: 'src_endpoint.port', codec: 'integer' },
    ],
  },
  'extremecloudiq/XiqApiTokenInfo': {
    model: 'extremecloudiq/XiqApiTokenInfo',
    vendor: 'extremecloudiq',
    fields: [
      { key: 'user_name', path: 'user.name', codec: 'string' },
      { key: 'user_id', path: 'user.uid', codec: 'int64' },
      { key: 'role', path: 'authorization.role', codec: 'string' },
      { key: 'owner_id', path: 'user.org.uid', codec: 'int64' },
      { key: 'scopes', path: 'authorization.scopes', codec: 'strings' },
      { key: 'issued_at', path: 'session.created_time_dt', codec: 'datetime' },
      { key: 'expiration_time', path: 'session.expiration_time_dt', codec: 'datetime' },
      {
        key: 'expires_in',
        path: 'session.expires_in',
        codec: 'relative',
        absolute: 'session.expiration_time_dt',
      },
    ],
  },
} satisfies { readonly [Id in ModelId]?: ModelMapping & { readonly model: Id } }

/** The id of a model that holds one session (it has a mapping). */
export type SessionModelId = keyof typeof mappings

export const MAPPINGS: Readonly<Record<SessionModelId, ModelMapping>> = mappings

/** The session models, in the order of the mappings. */
export const SESSION_MODELS = Object.keys(mappings) as readonly SessionModelId[]

export function isSessionModel(id: string): id is SessionModelId {
  return Object.hasOwn(mappings, id)
}
