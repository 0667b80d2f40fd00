/**
 * The manifest: what it reads from the schemas (secret paths, evidence), and the envelope declarations of
 * the owner entries, which are checked against the schemas so that a wrong one fails generation.
 */
import { describe, expect, it } from 'vitest'
import { bundle } from '../src/bundle.js'
import { GenerationError } from '../src/errors.js'
import { loadSchemas } from '../src/load.js'
import { buildManifest, type ManifestModel } from '../src/manifest.js'
import { OWNER_LIST, OWNERS, type Owner } from '../src/owners.js'
import { repoRoot } from './helpers.js'

const { files, index } = loadSchemas(repoRoot)
const models: ManifestModel[] = files.map((file) => ({
  ...file,
  bundled: bundle(index, file.schema).schema,
  owner: OWNERS[file.vendor]!,
}))
const manifest = buildManifest(repoRoot, models)
const facts = (id: string) => manifest.find((m) => m.id === id)!

/** The owner list with netscaler's envelope declaration replaced. */
function withNitroEnvelope(envelope: NonNullable<Owner['envelopes']>[string]) {
  return OWNER_LIST.map(([directory, owner]) =>
    directory === 'netscaler'
      ? ([directory, { ...owner, envelopes: { 'mpssession.Response': envelope } }] as const)
      : ([directory, owner] as const),
  )
}

function failure(owners: ReturnType<typeof withNitroEnvelope>): GenerationError {
  try {
    buildManifest(repoRoot, models, owners)
  } catch (error) {
    expect(error).toBeInstanceOf(GenerationError)
    return error as GenerationError
  }
  throw new Error('the manifest was built')
}

describe('manifest', () => {
  it('has one entry per schema file, in the order of the owner list', () => {
    expect(manifest.map((m) => m.id).sort()).toEqual(files.map((f) => f.modelId).sort())
    const vendors = [...new Set(manifest.map((m) => m.vendor))]
    expect(vendors).toEqual(OWNER_LIST.map(([directory]) => directory))
  })

  it('finds secrets inside envelopes and through $refs, as JSON Pointers with * for items', () => {
    expect(facts('netscaler/mpssession.Response').secrets.paths).toEqual([
      '/mpssession/*/sessionid',
      '/mpssession/*/token',
    ])
    expect(facts('intersight/iam.Session.List').secrets.paths).toEqual(['/Results/*/SessionId'])
    expect(facts('vsphere/vim25.SessionManager.currentSession').secrets.paths).toEqual(['/key'])
    expect(facts('extremecloudiq/XiqApiTokenInfo').secrets).toEqual({ paths: [], names: [], described: [] })
    // A tag's `Key` has vSphere's secret name, and every tag describes it: no secret there.
    expect(facts('intersight/iam.Session.List').secrets.described).toEqual([
      '/Results/*/AccountPermissions/*/AccountPermissionTags/*/Key',
      '/Results/*/Tags/*/Key',
    ])
  })

  it('precomputes the evidence detection weighs (discriminators, required, identifying keys, null)', () => {
    const session = facts('intersight/iam.Session').evidence
    expect(session.discriminators).toContainEqual({ key: 'ClassId', allowed: ['iam.Session'], neutral: [] })
    expect(session.required).toEqual(['ClassId', 'ObjectType'])
    expect(facts('vsphere/vim25.SessionManager.currentSession').evidence.acceptsNull).toBe(true)
    expect(facts('vsphere/vim25.UserSession').evidence.acceptsNull).toBe(false)
    // A part (not a top-level model) has no identifying keys: it is found only by a discriminator.
    expect(facts('intersight/mo.MoRef').document).toBe(false)
    expect(facts('intersight/mo.MoRef').evidence.identifying).toEqual([])
  })

  it('states each envelope as its owner entry declares it', () => {
    expect(facts('netscaler/mpssession.Response').envelope).toEqual({
      holds: 'netscaler/mpssession',
      items: '/mpssession',
      countKey: '__count',
      statusKey: 'errorcode',
    })
    expect(facts('netscaler/mpssession').envelope).toBeUndefined()
    expect(facts('vsphere/rest.cis.Session.Info').envelope).toEqual({
      holds: 'vsphere/cis.Session.Info',
      value: '/value',
    })
  })

  it('fails on an envelope whose value pointer names no property of the held model', () => {
    const error = failure(withNitroEnvelope({ holds: 'netscaler/mpssession', value: '/mpssession' }))
    expect(error.reason).toMatch(/value "\/mpssession" is not a property that is netscaler\/mpssession/)
    const root = failure(withNitroEnvelope({ holds: 'netscaler/mpssession', value: '' }))
    expect(root.reason).toMatch(/value "" is not a property/)
  })

  it('fails on an envelope that declares both items and value', () => {
    const error = failure(
      withNitroEnvelope({ holds: 'netscaler/mpssession', items: '/mpssession', value: '/mpssession' }),
    )
    expect(error.reason).toMatch(/at items or at value, not both/)
  })

  it('fails on an envelope whose items pointer names no array of the held model', () => {
    const error = failure(withNitroEnvelope({ holds: 'netscaler/mpssession', items: '/errorcode' }))
    expect(error.file).toContain('owners.ts (envelope netscaler/mpssession.Response)')
    expect(error.reason).toMatch(
      /items "\/errorcode" is not a property whose items are netscaler\/mpssession/,
    )
  })

  it('fails on an envelope that holds another model than its schema does', () => {
    const error = failure(withNitroEnvelope({ holds: 'intersight/iam.Session', items: '/mpssession' }))
    expect(error.reason).toMatch(/is not a property whose items are intersight\/iam.Session/)
  })

  it('fails on an envelope that holds a model with no schema', () => {
    const error = failure(withNitroEnvelope({ holds: 'netscaler/nothing', items: '/mpssession' }))
    expect(error.reason).toMatch(/holds netscaler\/nothing, which has no schema/)
  })

  it('fails on an envelope of the document itself that is not the held model', () => {
    const error = failure(withNitroEnvelope({ holds: 'netscaler/mpssession' }))
    expect(error.reason).toMatch(/the schema is not \(or is not one of\) netscaler\/mpssession/)
  })

  it('fails on a status key the envelope does not declare', () => {
    const error = failure(
      withNitroEnvelope({ holds: 'netscaler/mpssession', items: '/mpssession', statusKey: 'status' }),
    )
    expect(error.reason).toMatch(/statusKey "status" is not a declared key/)
  })
})
