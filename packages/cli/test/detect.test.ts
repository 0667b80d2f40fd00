/**
 * Detection over every example of every model under schemas/*\/examples/valid, plus the records that
 * must come out "ambiguous" or "unknown". The expectations are written out, not computed by detect.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { readJson } from '@session-schemas/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Detection, DOCUMENT_MODELS, describeDetection, detect } from '../src/detect.js'
import { loadRegistry, type Registry } from '../src/models.js'

const schemas = path.resolve(import.meta.dirname, '../../../schemas')

interface Example {
  readonly model: string
  readonly file: string
  readonly value: unknown
}

function validExamples(): Example[] {
  const examples: Example[] = []
  for (const vendor of readdirSync(schemas).sort()) {
    const dir = path.join(schemas, vendor, 'examples', 'valid')
    let models: string[]
    try {
      models = readdirSync(dir).sort()
    } catch {
      continue
    }
    for (const name of models) {
      for (const file of readdirSync(path.join(dir, name)).sort()) {
        const text = readFileSync(path.join(dir, name, file), 'utf8')
        examples.push({
          model: `${vendor}/${name}`,
          file: `${vendor}/${name}/${file}`,
          value: readJson(text),
        })
      }
    }
  }
  return examples
}

const examples = validExamples()

/** Examples whose answer is not simply their own model, and why. */
const EXPECTED: Readonly<Record<string, Detection>> = {
  // `{}` carries nothing to tell a NITRO session from a claims set.
  'netscaler/mpssession/minimal.json': {
    status: 'ambiguous',
    candidates: ['netscaler/mpssession', 'jwt/Claims'],
  },
  'jwt/Claims/empty.json': { status: 'ambiguous', candidates: ['netscaler/mpssession', 'jwt/Claims'] },
  // Without error_type (or with null) only the HTTP status tells a 401 body from a 503 body.
  'vsphere/vapi.std.errors.Unauthenticated/minimal.json': {
    status: 'ambiguous',
    candidates: ['vsphere/vapi.std.errors.Unauthenticated', 'vsphere/vapi.std.errors.ServiceUnavailable'],
  },
  'vsphere/vapi.std.errors.Unauthenticated/error-type-null-data-null.json': {
    status: 'ambiguous',
    candidates: ['vsphere/vapi.std.errors.Unauthenticated', 'vsphere/vapi.std.errors.ServiceUnavailable'],
  },
  'vsphere/vapi.std.errors.ServiceUnavailable/minimal.json': {
    status: 'ambiguous',
    candidates: ['vsphere/vapi.std.errors.Unauthenticated', 'vsphere/vapi.std.errors.ServiceUnavailable'],
  },
  'vsphere/vapi.std.errors.ServiceUnavailable/error-type-null.json': {
    status: 'ambiguous',
    candidates: ['vsphere/vapi.std.errors.Unauthenticated', 'vsphere/vapi.std.errors.ServiceUnavailable'],
  },
}

/** A currentSession that is an object is a UserSession (its _typeName says so); null is the "no session" body. */
function expectedFor(example: Example): Partial<Detection> {
  const exception = EXPECTED[example.file]
  if (exception) return exception
  if (example.model === 'vsphere/vim25.SessionManager.currentSession' && example.value !== null)
    return { status: 'detected', model: 'vsphere/vim25.UserSession', by: 'discriminator' }
  return { status: 'detected', model: example.model }
}

let registry: Registry
beforeAll(async () => {
  registry = await loadRegistry()
})

describe('detect: every valid example of every model', () => {
  it('finds examples for every vendor', () => {
    const vendors = new Set(examples.map((example) => example.model.split('/')[0]))
    expect([...vendors].sort()).toEqual([
      'common',
      'extremecloudiq',
      'intersight',
      'jwt',
      'netscaler',
      'ocsf',
      'vsphere',
    ])
  })

  it.each(examples.map((example) => [example.file, example] as const))('%s', (_file, example) => {
    expect(detect(example.value, registry)).toMatchObject(expectedFor(example))
  })

  it('detects every document model exactly from at least one of its examples', () => {
    const exact = new Set(
      examples
        .map((example) => detect(example.value, registry))
        .flatMap((detection) => (detection.status === 'detected' ? [detection.model] : [])),
    )
    for (const model of DOCUMENT_MODELS) expect(exact, model).toContain(model)
    expect(exact).toContain('vsphere/vim25.SessionManager.currentSession')
  })
})

describe('detect: discriminators decide, even for an invalid record', () => {
  it.each([
    [
      'an Intersight session with a wrong Status',
      { ClassId: 'iam.Session', ObjectType: 'iam.Session', Status: 'Expired' },
      'intersight/iam.Session',
    ],
    [
      'an Intersight ClassId that is not iam.Session',
      { ClassId: 'iam.User', ObjectType: 'iam.Session' },
      'intersight/iam.Session',
    ],
    [
      'a MoRef (its ObjectType names the target)',
      { ClassId: 'mo.MoRef', ObjectType: 'iam.User', Moid: 'x' },
      'intersight/mo.MoRef',
    ],
    [
      'an Intersight list',
      { ObjectType: 'iam.Session.List', Results: 'not an array' },
      'intersight/iam.Session.List',
    ],
    ['a vim25 UserSession without its keys', { _typeName: 'UserSession' }, 'vsphere/vim25.UserSession'],
    [
      'a NITRO error envelope',
      { errorcode: 444, message: 'Session expired', severity: 'ERROR' },
      'netscaler/mpssession.Response',
    ],
    ['a NITRO envelope without errorcode', { mpssession: [] }, 'netscaler/mpssession.Response'],
    [
      'a vAPI 401 body',
      { error_type: 'UNAUTHENTICATED', messages: [] },
      'vsphere/vapi.std.errors.Unauthenticated',
    ],
    [
      'a vAPI body of another error type',
      { error_type: 'NOT_FOUND', messages: [] },
      'vsphere/vapi.std.errors.Error',
    ],
    [
      'a common session',
      { source: { vendor: 'vsphere', model: 'vsphere/cis.Session.Info' } },
      'common/Session',
    ],
    ['an OCSF authentication event', { class_uid: 3002 }, 'ocsf/Authentication'],
  ])('%s', (_name, value, model) => {
    expect(detect(value, registry)).toEqual({ status: 'detected', model, by: 'discriminator' })
  })
})

describe('detect: says plainly what it cannot tell', () => {
  it.each([
    [
      'an object no model declares a key of',
      { foo: 1, bar: 2 },
      /no model declares any of its keys \(foo, bar\)/,
    ],
    [
      'a vim25 fault',
      { _typeName: 'InvalidLogin', faultstring: 'no' },
      /_typeName "InvalidLogin" has no model/,
    ],
    [
      'an unknown Intersight class',
      { ClassId: 'compute.Blade', ObjectType: 'compute.Blade' },
      /ClassId "compute.Blade" has no model/,
    ],
    ['another OCSF class', { class_uid: 3001 }, /class_uid 3001 has no model/],
    ['an array', [{ ClassId: 'iam.Session', ObjectType: 'iam.Session' }], /a JSON array is not a record/],
    ['a string', 'iam.Session', /a JSON string is not a record/],
    ['a number', 42, /a JSON number is not a record/],
  ])('%s', (_name, value, reason) => {
    const detection = detect(value, registry)
    expect(detection.status).toBe('unknown')
    expect(describeDetection(detection)).toMatch(reason)
  })

  it('prefers the model that declares more of the keys (a vAPI body with a challenge is a 401)', () => {
    const value = {
      messages: [{ id: 'x', default_message: 'y', args: [] }],
      challenge: 'Basic realm="VAPI endpoint"',
    }
    expect(detect(value, registry)).toEqual({
      status: 'detected',
      model: 'vsphere/vapi.std.errors.Unauthenticated',
      by: 'required-keys',
    })
  })

  it('tells an XIQ token info from claims that share some of its keys', () => {
    const info = {
      user_name: 'a@example.com',
      user_id: 1,
      role: 'Monitor',
      owner_id: 2,
      data_center: 'US_WEST',
      scopes: [],
      issued_at: '2024-05-01T12:00:00Z',
    }
    expect(detect(info, registry)).toMatchObject({
      status: 'detected',
      model: 'extremecloudiq/XiqApiTokenInfo',
    })
    const claims = { sub: 'a@example.com', user_id: 1, role: 'Monitor', owner_id: 2, data_center: 'US_WEST' }
    expect(detect(claims, registry)).toMatchObject({ status: 'detected', model: 'jwt/Claims' })
  })

  it('does not call a record XIQ token info when it lacks the required keys of one', () => {
    const partial = { user_name: 'a@example.com', user_id: 1 }
    // XiqApiTokenInfo needs role, owner_id, ...; of the others, only the claims declare user_id.
    expect(detect(partial, registry)).toMatchObject({ status: 'detected', model: 'jwt/Claims' })
  })
})
