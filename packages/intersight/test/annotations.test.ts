/**
 * The annotations the SDKs state, read from the published schema files (what other tools see):
 * readOnly where the SDK marks a property read-only, and nowhere a client may set the value.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const schemas = path.resolve(import.meta.dirname, '../schemas')
type Node = { properties?: Record<string, Node>; $defs?: Record<string, Node>; readOnly?: boolean }
const read = (file: string): Node => JSON.parse(readFileSync(path.join(schemas, file), 'utf8'))

/** `file`, then a path of `properties`/`$defs` names, to the property schema. */
function property(file: string, ...names: string[]): Node {
  let node = read(file)
  for (const name of names) {
    const next = node.properties?.[name] ?? node.$defs?.[name]
    if (!next) throw new Error(`${file}: no ${names.join('.')}`)
    node = next
  }
  return node
}

describe('intersight readOnly annotations follow the SDK', () => {
  it.each(
    [
      ['iam.AccountPermissions.schema.json', 'HomeRegion'],
      ['iam.SwitchScopePermissions.schema.json', 'AccountAccessControlId'],
      ['iam.SwitchScopePermissions.schema.json', 'RequestIdentifier'],
      ['iam.SwitchScopePermissions.schema.json', 'SwitchAccountPermission', 'AccountId'],
      ['iam.SwitchScopePermissions.schema.json', 'SwitchAccountPermission', 'PermissionId'],
    ].map((at) => [at.join(' '), at] as const),
  )('%s is readOnly', (_label, [file, ...names]) => {
    expect(property(file!, ...names).readOnly).toBe(true)
  })

  it.each(
    [
      ['mo.MoRef.schema.json', 'Selector'],
      ['mo.MoRef.schema.json', 'Moid'],
      ['mo.MoRef.schema.json', 'link'],
    ].map((at) => [at.join(' '), at] as const),
  )('%s is not readOnly (clients set it)', (_label, [file, ...names]) => {
    expect(property(file!, ...names).readOnly).toBeUndefined()
  })
})
