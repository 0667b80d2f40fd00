/** Which package owns the schemas of each directory under `schemas/`. */
export const OWNERS: Readonly<Record<string, string>> = {
  extremecloudiq: 'packages/extremecloudiq',
  intersight: 'packages/intersight',
  netscaler: 'packages/netscaler',
  vsphere: 'packages/vsphere',
  common: 'packages/converter',
  ocsf: 'packages/converter',
  jwt: 'packages/jwt-claims',
}
