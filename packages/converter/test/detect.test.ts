/**
 * Detection over every example of every model under schemas/*\/examples, plus the records that must
 * come out "ambiguous" or "unknown". The expectations are written out, not computed by detect. And the
 * trust property of `--model auto`: a record is judged only as the model its own evidence names, so a
 * model that accepts almost anything (no required keys) never makes a broken record valid.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type Model, readJson } from '@session-schemas/core'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type Detection,
  describeDetection,
  detect,
  judge,
  type ModelRegistry,
  missingEvidence,
  registryOf,
} from '../src/detect.js'
import { manifest } from '../src/generated/manifest.gen.js'

const schemas = path.resolve(import.meta.dirname, '../../../schemas')

interface Example {
  readonly model: string
  readonly file: string
  readonly value: unknown
}

function examplesOf(kind: 'valid' | 'invalid'): Example[] {
  const examples: Example[] = []
  const vendors = readdirSync(schemas, { withFileTypes: true }).filter((entry) => entry.isDirectory())
  for (const vendor of vendors.map((entry) => entry.name).sort()) {
    const dir = path.join(schemas, vendor, 'examples', kind)
    for (const name of readdirSync(dir).sort()) {
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

const valid = examplesOf('valid')
const invalid = examplesOf('invalid')

const NITRO_ENVELOPES = ['netscaler/login.Response', 'netscaler/mpssession.Response']
const VAPI_ERRORS = ['vsphere/vapi.std.errors.ServiceUnavailable', 'vsphere/vapi.std.errors.Unauthenticated']

/** Valid examples whose answer is not simply their own model, and why. */
const EXPECTED: Readonly<Record<string, Detection>> = {
  // `{}` carries no evidence of any model (it is valid as a NITRO session and as claims: both open).
  'netscaler/mpssession/minimal.json': {
    status: 'unknown',
    reason: 'an empty object carries no evidence of any model',
  },
  'jwt/Claims/empty.json': { status: 'unknown', reason: 'an empty object carries no evidence of any model' },
  'netscaler/login/minimal.json': {
    status: 'unknown',
    reason: 'an empty object carries no evidence of any model',
  },
  // A NITRO envelope without its resource array (logout/DELETE, errors) is the same for login and
  // mpssession: only the request URL tells them apart.
  'netscaler/login.Response/error-login-failed.json': {
    status: 'ambiguous',
    candidates: NITRO_ENVELOPES,
    by: 'required-keys',
  },
  'netscaler/login.Response/logout.json': {
    status: 'ambiguous',
    candidates: NITRO_ENVELOPES,
    by: 'required-keys',
  },
  'netscaler/mpssession.Response/delete.json': {
    status: 'ambiguous',
    candidates: NITRO_ENVELOPES,
    by: 'required-keys',
  },
  'netscaler/mpssession.Response/error-444.json': {
    status: 'ambiguous',
    candidates: NITRO_ENVELOPES,
    by: 'required-keys',
  },
  'netscaler/mpssession.Response/errorcode-only.json': {
    status: 'ambiguous',
    candidates: NITRO_ENVELOPES,
    by: 'required-keys',
  },
  // Without error_type (or with null) only the HTTP status tells a 401 body from a 503 body.
  'vsphere/vapi.std.errors.Unauthenticated/minimal.json': {
    status: 'ambiguous',
    candidates: VAPI_ERRORS,
    by: 'required-keys',
  },
  'vsphere/vapi.std.errors.Unauthenticated/error-type-null-data-null.json': {
    status: 'ambiguous',
    candidates: VAPI_ERRORS,
    by: 'required-keys',
  },
  'vsphere/vapi.std.errors.ServiceUnavailable/minimal.json': {
    status: 'ambiguous',
    candidates: VAPI_ERRORS,
    by: 'required-keys',
  },
  'vsphere/vapi.std.errors.ServiceUnavailable/error-type-null.json': {
    status: 'ambiguous',
    candidates: VAPI_ERRORS,
    by: 'required-keys',
  },
}

/** A currentSession that is an object is a UserSession; null is the "no session" body. */
function expectedFor(example: Example): Partial<Detection> {
  const exception = EXPECTED[example.file]
  if (exception) return exception
  if (example.model === 'vsphere/vim25.SessionManager.currentSession')
    return example.value === null
      ? { status: 'detected', model: example.model, by: 'null' }
      : { status: 'detected', model: 'vsphere/vim25.UserSession', by: 'required-keys' }
  return { status: 'detected', model: example.model }
}

/** Every model of every package the manifest names, as the CLI's registry has them. */
async function loadEveryModel(): Promise<ModelRegistry> {
  const packages = [...new Set(manifest.map((facts) => facts.package))]
  const lists = await Promise.all(
    packages.map(async (name) => ((await import(name)) as { models: readonly Model<unknown>[] }).models),
  )
  return registryOf(lists.flat())
}

let registry: ModelRegistry
beforeAll(async () => {
  registry = await loadEveryModel()
})

describe('detect: every valid example of every model', () => {
  it('finds examples for every vendor', () => {
    const vendors = new Set(valid.map((example) => example.model.split('/')[0]))
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

  it.each(valid.map((example) => [example.file, example] as const))('%s', (_file, example) => {
    expect(detect(example.value, registry)).toMatchObject(expectedFor(example))
  })

  it('detects every top-level model exactly from at least one of its examples', () => {
    const exact = new Set(
      valid
        .map((example) => detect(example.value, registry))
        .flatMap((detection) => (detection.status === 'detected' ? [detection.model] : [])),
    )
    const documents = [...registry].filter(([, entry]) => entry.facts.document).map(([id]) => id)
    expect(documents.length).toBeGreaterThanOrEqual(13)
    for (const model of documents) expect(exact, model).toContain(model)
  })
})

/**
 * Invalid examples of one model that are, by their own evidence, valid documents of another: `null` is
 * vim25's "no session" body (currentSession), a 503 body saying UNAUTHENTICATED is a 401 body, and the
 * legacy `/rest` wrappers of the `/api` bodies (and the bare `/api` bodies given as wrappers) are each other.
 */
const VALID_AS_ANOTHER: Readonly<Record<string, string>> = {
  'vsphere/vapi.std.errors.ServiceUnavailable/error-type-other-member.json':
    'vsphere/vapi.std.errors.Unauthenticated',
  'vsphere/cis.Session.Info/legacy-rest-value-wrapper.json': 'vsphere/rest.cis.Session.Info',
  // A login request's inner object, given bare, is a login object.
  'netscaler/login.Request/missing-login.json': 'netscaler/login',
  'vsphere/rest.cis.Session.Info/bare-info.json': 'vsphere/cis.Session.Info',
  'vsphere/vapi.std.errors.Unauthenticated/legacy-rest-wrapped.json':
    'vsphere/rest.vapi.std.errors.Unauthenticated',
  'vsphere/rest.vapi.std.errors.Unauthenticated/bare-api-401.json': 'vsphere/vapi.std.errors.Unauthenticated',
  'vsphere/vapi.std.errors.ServiceUnavailable/legacy-rest-wrapped.json':
    'vsphere/rest.vapi.std.errors.ServiceUnavailable',
  'vsphere/rest.vapi.std.errors.ServiceUnavailable/type-unauthenticated.json':
    'vsphere/rest.vapi.std.errors.Unauthenticated',
}
const isNullExample = (example: Example) => example.value === null

describe('--model auto never calls an invalid example valid (unless another model owns it)', () => {
  it.each(invalid.map((example) => [example.file, example] as const))('%s', (_file, example) => {
    expect(registry.get(example.model)!.model.check(example.value)).toBe(false)
    const owner = isNullExample(example)
      ? 'vsphere/vim25.SessionManager.currentSession'
      : VALID_AS_ANOTHER[example.file]
    expect(judge(example.value, registry)).toEqual(
      owner === undefined ? expect.objectContaining({ valid: false }) : { valid: true, models: [owner] },
    )
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
    [
      'a vAPI 401 body',
      { error_type: 'UNAUTHENTICATED', messages: [] },
      'vsphere/vapi.std.errors.Unauthenticated',
    ],
    ['an OCSF authentication event', { class_uid: 3002 }, 'ocsf/Authentication'],
    [
      'a legacy vSphere /rest 401 body (its type names the error)',
      { type: 'com.vmware.vapi.std.errors.unauthenticated', value: { messages: [] } },
      'vsphere/rest.vapi.std.errors.Unauthenticated',
    ],
    [
      'a legacy vSphere /rest 503 body',
      { type: 'com.vmware.vapi.std.errors.service_unavailable', value: {} },
      'vsphere/rest.vapi.std.errors.ServiceUnavailable',
    ],
  ])('%s', (_name, value, model) => {
    expect(detect(value, registry)).toEqual({ status: 'detected', model, by: 'discriminator' })
  })
})

describe('detect: required keys, then keys only one model declares', () => {
  it.each([
    [
      'a NITRO login response',
      { errorcode: 0, login: [{ sessionid: 'x' }] },
      'netscaler/login.Response',
      'required-keys',
    ],
    [
      'a NITRO login request',
      { login: { username: 'nsroot', password: 'p' } },
      'netscaler/login.Request',
      'required-keys',
    ],
    ['a NITRO login object', { username: 'nsroot', password: 'p' }, 'netscaler/login', 'identifying-keys'],
    [
      'a common session',
      { source: { vendor: 'vsphere', model: 'vsphere/cis.Session.Info' } },
      'common/Session',
      'required-keys',
    ],
    [
      'a NITRO envelope without errorcode',
      { mpssession: [] },
      'netscaler/mpssession.Response',
      'identifying-keys',
    ],
    [
      'a vim25 UserSession without its keys',
      { _typeName: 'UserSession' },
      'vsphere/vim25.UserSession',
      'identifying-keys',
    ],
    [
      'a legacy vSphere /rest session body',
      { value: { user: 'VSPHERE.LOCAL\\Administrator' } },
      'vsphere/rest.cis.Session.Info',
      'required-keys',
    ],
    ['a NITRO session with one field', { expire_after: 1722 }, 'netscaler/mpssession', 'identifying-keys'],
    ['claims with a subject', { sub: 5 }, 'jwt/Claims', 'identifying-keys'],
    [
      'an XIQ token info short of one required key',
      { user_name: 'a', user_id: 1, role: 'r', owner_id: 1, data_center: 'd', scopes: [] },
      'extremecloudiq/XiqApiTokenInfo',
      'identifying-keys',
    ],
  ])('%s', (_name, value, model, by) => {
    expect(detect(value, registry)).toEqual({ status: 'detected', model, by })
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
})

describe('detect: says plainly what it cannot tell, and which model came closest', () => {
  it.each([
    ['an empty object', {}, /an empty object carries no evidence of any model/],
    [
      'an object no model declares a key of',
      { foo: 1, bar: 2 },
      /no model declares any of its keys \("foo", "bar"\)/,
    ],
    [
      'keys that two models share, without the evidence of either',
      { user_id: 1, role: 'x' },
      /closest extremecloudiq\/XiqApiTokenInfo \(lacks required .*"issued_at"\) or jwt\/Claims \(has none of the keys only it declares, such as "iss"/,
    ],
    [
      'an unknown Intersight class',
      { ClassId: 'compute.Blade', ObjectType: 'compute.Blade' },
      /closest intersight\/iam.Session \(its "ClassId", "ObjectType" have another value\)/,
    ],
    [
      'another OCSF class',
      { class_uid: 3001 },
      /closest ocsf\/Authentication \(its "class_uid" has another value\)/,
    ],
    [
      'a vAPI body of an error type without a model',
      { error_type: 'NOT_FOUND', messages: [] },
      /its "error_type" has another value/,
    ],
    ['keys with control characters, escaped', { '\u001b[31mred': 1 }, /"\\u001b\[31mred"/],
    ['an array', [{ ClassId: 'iam.Session', ObjectType: 'iam.Session' }], /a JSON array is not a record/],
    ['a string', 'iam.Session', /a JSON string is not a record/],
    ['a number', 42, /a JSON number is not a record/],
  ])('%s', (_name, value, reason) => {
    const detection = detect(value, registry)
    expect(detection.status).toBe('unknown')
    expect(describeDetection(detection)).toMatch(reason)
  })
})

describe('judge (--model auto): valid only on the evidence of the model it is valid as', () => {
  it.each([
    [
      'an XIQ token info with a bad user_id (also accepted by the open NITRO schema)',
      {
        user_name: 'a',
        user_id: 'abc',
        role: 'r',
        owner_id: 1,
        data_center: 'd',
        scopes: [],
        issued_at: '2024-05-01T12:00:00Z',
      },
      'extremecloudiq/XiqApiTokenInfo',
    ],
    ['an empty object', {}, 'unknown'],
    ['claims with a numeric subject', { sub: 5 }, 'jwt/Claims'],
    ['claims with a text expiry', { exp: 'tomorrow' }, 'jwt/Claims'],
    [
      'a cis.Session.Info with a bad time',
      { user: 'a', created_time: 'yesterday', last_accessed_time: '2024-05-01T12:00:00Z' },
      'vsphere/cis.Session.Info',
    ],
  ])('%s is invalid as %s', (_name, value, model) => {
    const netscaler = registry.get('netscaler/mpssession')!.model
    expect(netscaler.check(value), 'the open schema accepts it: the test is meaningful').toBe(true)
    expect(judge(value, registry)).toMatchObject({ valid: false, model })
  })

  it('is valid, naming every model, on equal evidence', () => {
    expect(judge({ messages: [] }, registry)).toEqual({ valid: true, models: VAPI_ERRORS })
  })

  it('is invalid when valid as none of equally evidenced models, judged as the one that explains it', () => {
    const verdict = judge({ messages: 'no' }, registry)
    expect(verdict).toMatchObject({ valid: false })
    if (verdict.valid) return
    // One model id (a report field that scripts read), and the issues are that model's own.
    expect(VAPI_ERRORS).toContain(verdict.model)
    expect(verdict.issues).toEqual(registry.get(verdict.model)!.model.errors({ messages: 'no' }))
  })

  /** A value that no declared type accepts in place of another: a change of JSON type. */
  const retyped = (value: unknown): unknown[] =>
    typeof value === 'string'
      ? [1, true, null, [value], { value }]
      : typeof value === 'number' || typeof value === 'bigint'
        ? ['1', true, null, [1], {}]
        : typeof value === 'boolean'
          ? ['true', 1, null]
          : Array.isArray(value)
            ? ['[]', 1, {}]
            : value === null
              ? [1, 'null', []]
              : ['{}', 1, []]

  it('never calls a record valid after one field changed its type so that its own model rejects it', () => {
    const objects = valid.filter(
      (example) =>
        typeof example.value === 'object' &&
        example.value !== null &&
        !Array.isArray(example.value) &&
        Object.keys(example.value).length > 0,
    )
    expect(objects.length).toBeGreaterThan(20)
    fc.assert(
      fc.property(fc.constantFrom(...objects), fc.nat(), fc.nat(), (example, keyIndex, typeIndex) => {
        const record = example.value as Record<string, unknown>
        const keys = Object.keys(record)
        const key = keys[keyIndex % keys.length]!
        const choices = retyped(record[key])
        const mutated = { ...record, [key]: choices[typeIndex % choices.length] }
        const own = registry.get(example.model)!.model
        fc.pre(!own.check(mutated))
        const verdict = judge(mutated, registry)
        // Valid only as a model whose own check accepts it AND whose evidence named it.
        if (verdict.valid) {
          const detection = detect(mutated, registry)
          const named =
            detection.status === 'detected'
              ? [detection.model]
              : detection.status === 'ambiguous'
                ? detection.candidates
                : []
          expect(named).not.toContain(example.model)
          for (const id of verdict.models) expect(named).toContain(id)
        }
        // A mutation that kept the model's evidence keeps the verdict on that model: invalid.
        const before = detect(record, registry)
        const after = detect(mutated, registry)
        if (
          before.status === 'detected' &&
          after.status === 'detected' &&
          after.model === before.model &&
          after.model === example.model
        )
          expect(verdict.valid).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('judge: a key that names another model, which the record model does not declare, is no drift', () => {
  it('is unknown, naming what each key says (a review: an iam.Session with the ObjectType of a list was a valid list)', () => {
    const record = { ClassId: 'iam.Session', ObjectType: 'iam.Session.List', Moid: 42, Status: 'Expired' }
    expect(detect(record, registry)).toEqual({
      status: 'unknown',
      reason:
        'conflicting evidence: its "ClassId" names intersight/iam.Session, its "ObjectType" names intersight/iam.Session.List',
    })
    expect(judge(record, registry).valid).toBe(false)
  })

  it('still finds a MoRef, whose ObjectType (which it declares) names its target', () => {
    const record = { ClassId: 'mo.MoRef', ObjectType: 'iam.Session', Moid: '5f1c2b3a4d5e6f7a8b9c0d1e' }
    expect(detect(record, registry)).toEqual({
      status: 'detected',
      model: 'intersight/mo.MoRef',
      by: 'discriminator',
    })
  })

  it('never calls a valid record of one model valid as it once a key it does not declare names another model', () => {
    // Every (example of M, model N with a discriminator key M does not declare) pair: the example with N's value.
    const cases = valid.flatMap((example) => {
      const record = example.value
      if (typeof record !== 'object' || record === null || Array.isArray(record)) return []
      const own = manifest.find((facts) => facts.id === example.model)!
      return manifest.flatMap((other) =>
        other.id === example.model || !registry.has(other.id)
          ? []
          : other.evidence.discriminators
              .filter(
                (d) =>
                  !(own.evidence.declared as readonly string[]).includes(d.key) &&
                  !Object.hasOwn(record, d.key),
              )
              .map((d) => ({ example, mutated: { ...record, [d.key]: d.allowed[0] }, names: other.id })),
      )
    })
    expect(cases.length).toBeGreaterThan(50)
    for (const { example, mutated, names } of cases) {
      const verdict = judge(mutated, registry)
      expect(verdict.valid && verdict.models.includes(example.model), `${example.file} + ${names}`).toBe(
        false,
      )
    }
  })
})

describe('an explicit model needs evidence when it requires no key', () => {
  const model = (id: string) => registry.get(id)!.model

  it('refuses a NITRO envelope given as a NITRO session, naming what it looks like', () => {
    const envelope = { errorcode: 0, message: 'Done', severity: 'NONE', mpssession: [] }
    expect(model('netscaler/mpssession').check(envelope)).toBe(true)
    expect(missingEvidence(model('netscaler/mpssession'), envelope, registry)).toMatch(
      /none of the keys netscaler\/mpssession declares.*it looks like netscaler\/mpssession\.Response/,
    )
  })

  it('refuses {} for models without required keys, and accepts a record with one of their keys', () => {
    expect(missingEvidence(model('jwt/Claims'), {}, registry)).toMatch(
      /none of the keys jwt\/Claims declares/,
    )
    expect(missingEvidence(model('jwt/Claims'), { sub: 'a' }, registry)).toBeUndefined()
    expect(missingEvidence(model('netscaler/mpssession'), { username: 'a' }, registry)).toBeUndefined()
  })

  it('leaves models with required keys to their own check, and non-objects to theirs', () => {
    expect(missingEvidence(model('extremecloudiq/XiqApiTokenInfo'), {}, registry)).toBeUndefined()
    expect(missingEvidence(model('netscaler/mpssession'), [], registry)).toBeUndefined()
  })

  it('does not count inherited keys as evidence', () => {
    const record = Object.create({ username: 'inherited' }) as object
    expect(missingEvidence(model('netscaler/mpssession'), record, registry)).toMatch(/none of the keys/)
  })
})

describe('registryOf', () => {
  it('keeps the manifest order and only the models given', () => {
    const some = registryOf([
      registry.get('vsphere/cis.Session.Info')!.model,
      registry.get('intersight/iam.Session')!.model,
    ])
    expect([...some.keys()]).toEqual(['intersight/iam.Session', 'vsphere/cis.Session.Info'])
    expect(detect({ user: 'u', created_time: 't', last_accessed_time: 't' }, some)).toMatchObject({
      status: 'detected',
      model: 'vsphere/cis.Session.Info',
    })
  })

  it('refuses a model the manifest does not list (a broken build, not bad input)', () => {
    const stranger = { ...registry.get('vsphere/cis.Session.Info')!.model, id: 'vsphere/NotInTheManifest' }
    expect(() => registryOf([stranger])).toThrow(
      'no manifest entry for vsphere/NotInTheManifest (run pnpm generate)',
    )
  })
})
