/**
 * The one hand-kept entry per directory under `schemas/`: which package owns its schemas, and the facts a
 * schema cannot state (which envelope holds which session model, and where). Everything else about a
 * model is read from its schema and examples into the generated manifest.
 *
 * The order is the order of the manifest (and so of `schemas list` and of equal-evidence candidates).
 */
export interface Envelope {
  /** The model id of the sessions it holds. */
  readonly holds: string
  /** JSON Pointer of the array holding them; absent (and no `value`): the document itself is one (or `null`, no session). */
  readonly items?: string
  /** JSON Pointer of the one session it holds (the legacy vSphere `/rest` wrapper `{"value": …}`). */
  readonly value?: string
  /** An item whose only key is this one is a count (`?count=yes`), not a session. */
  readonly countKey?: string
  /** The top-level key of a numeric status code, shown when the envelope holds no session. */
  readonly statusKey?: string
}

/** The product that answers a vendor's API: what an OCSF event names as its `metadata.product`. */
export interface Product {
  readonly name: string
  readonly vendor_name: string
}

export interface Owner {
  /** The package directory, relative to the repository root. */
  readonly package: string
  /** For a vendor's directory: its product. */
  readonly product?: Product
  /** Envelope models of this directory by name (`mpssession.Response`). */
  readonly envelopes?: Readonly<Record<string, Envelope>>
}

export const OWNER_LIST: readonly (readonly [directory: string, owner: Owner])[] = [
  [
    'intersight',
    {
      package: 'packages/intersight',
      product: { name: 'Intersight', vendor_name: 'Cisco' },
      envelopes: { 'iam.Session.List': { holds: 'intersight/iam.Session', items: '/Results' } },
    },
  ],
  [
    'vsphere',
    {
      package: 'packages/vsphere',
      product: { name: 'vCenter Server', vendor_name: 'VMware' },
      envelopes: {
        'rest.cis.Session.Info': { holds: 'vsphere/cis.Session.Info', value: '/value' },
        'vim25.SessionManager.currentSession': { holds: 'vsphere/vim25.UserSession' },
      },
    },
  ],
  [
    'netscaler',
    {
      package: 'packages/netscaler',
      product: { name: 'NetScaler ADM', vendor_name: 'NetScaler' },
      envelopes: {
        'login.Response': { holds: 'netscaler/login', items: '/login', statusKey: 'errorcode' },
        'mpssession.Response': {
          holds: 'netscaler/mpssession',
          items: '/mpssession',
          countKey: '__count',
          statusKey: 'errorcode',
        },
      },
    },
  ],
  [
    'extremecloudiq',
    {
      package: 'packages/extremecloudiq',
      product: { name: 'ExtremeCloud IQ', vendor_name: 'Extreme Networks' },
    },
  ],
  ['common', { package: 'packages/converter' }],
  ['ocsf', { package: 'packages/converter' }],
  ['jwt', { package: 'packages/jwt-claims' }],
]

/** The package directory that owns each directory under `schemas/`. */
export const OWNERS: Readonly<Record<string, string>> = Object.fromEntries(
  OWNER_LIST.map(([directory, owner]) => [directory, owner.package]),
)
