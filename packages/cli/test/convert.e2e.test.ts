/** `convert` and `claims` end to end: envelopes, "no session", losses, int64 exactness, secrets. */
import { describe, expect, it } from 'vitest'
import { cli, example, parseJsonLines, scratch } from './helpers.js'

const tmp = scratch()

const NITRO_ENVELOPE = example('netscaler/examples/valid/mpssession.Response/get-all.json')
const INTERSIGHT_LIST = example('intersight/examples/valid/iam.Session.List/full-current.json')
const VIM25_BEYOND_2_53 = example('vsphere/examples/valid/vim25.UserSession/callcount-beyond-2-53.json')
const XIQ_BEYOND_2_53 = example('extremecloudiq/examples/valid/XiqApiTokenInfo/user-id-beyond-2-53.json')

describe('convert: records in, one document per session out', () => {
  it('converts a NITRO envelope session by session, with losses per session on stderr', async () => {
    const result = await cli(
      ['convert', '--from', 'netscaler/mpssession.Response', '--to', 'common/Session'],
      {
        input: NITRO_ENVELOPE,
      },
    )
    expect(result.code).toBe(0)
    const sessions = parseJsonLines(result.stdout) as { source: { model: string }; user: { name: string } }[]
    expect(sessions.map((s) => [s.source.model, s.user.name])).toEqual([
      ['netscaler/mpssession', 'nsroot'],
      ['netscaler/mpssession', 'jdoe'],
      ['netscaler/mpssession', 'monitor'],
    ])
    expect(result.stderr).toContain(
      '<stdin>:1  record 1  /mpssession/2 netscaler/mpssession -> common/Session',
    )
    expect(result.stderr).toMatch(/redacted {2}\/mpssession\/2\/sessionid {2}sessionid is a secret/)
    // The summary counts every loss line above it.
    const losses = result.stderr.split('\n').filter((line) => /^ {4}[a-z]+ +\//.test(line)).length
    expect(losses).toBeGreaterThan(2)
    expect(result.stderr).toContain(`done: 3 documents written from 1 record, ${losses} losses\n`)
  })

  it("reports an envelope's own fields as dropped, once per record, never their values", async () => {
    // An adversarial review: next_page and extra_token vanished with lossCount 0.
    const envelope = {
      errorcode: 0,
      message: 'Done',
      severity: 'NONE',
      next_page: '?pageno=2',
      extra_token: 'SENTINEL-ENVELOPE-7c1d',
      mpssession: [
        { username: 'a', id: '1' },
        { username: 'b', id: '2' },
      ],
    }
    const result = await cli(['convert', '--from', 'auto', '--to', 'common/Session', '--format', 'json'], {
      input: `${JSON.stringify(envelope)}\n`,
    })
    expect(result.code).toBe(0)
    expect(result.stdout + result.stderr).not.toContain('SENTINEL-ENVELOPE')
    const report = JSON.parse(result.stderr) as { losses: { path: string; kind: string; model: string }[] }
    const envelopeLosses = report.losses.filter((loss) => loss.model === 'netscaler/mpssession.Response')
    expect(envelopeLosses.map((loss) => [loss.path, loss.kind])).toEqual(
      ['/errorcode', '/message', '/severity', '/next_page', '/extra_token'].map((path) => [path, 'dropped']),
    )
    // An Intersight list's own fields too; the list of sessions is not one of them.
    const list = await cli(
      ['convert', '--from', 'auto', '--to', 'netscaler/mpssession', '--format', 'json'],
      {
        input: INTERSIGHT_LIST,
      },
    )
    const listReport = JSON.parse(list.stderr) as { losses: { path: string; model: string }[] }
    const listFields = listReport.losses.filter((loss) => loss.model === 'intersight/iam.Session.List')
    expect(listFields.map((loss) => loss.path)).toContain('/ObjectType')
    expect(listFields.map((loss) => loss.path)).not.toContain('/Results')
  })

  it("names at most 100 of an envelope's fields, then counts the rest (a second review: 250,000 keys, 350 MB)", async () => {
    const extra = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]))
    const envelope = { ...JSON.parse(INTERSIGHT_LIST), ...extra, ['x'.repeat(2_000)]: 1 }
    const result = await cli(
      ['convert', '--from', 'auto', '--to', 'netscaler/mpssession', '--format', 'json'],
      {
        input: `${JSON.stringify(envelope)}\n`,
      },
    )
    const report = JSON.parse(result.stderr) as { losses: { path: string; model: string; message: string }[] }
    const fields = report.losses.filter((loss) => loss.model === 'intersight/iam.Session.List')
    expect(fields).toHaveLength(101)
    expect(fields.slice(0, 100).every((loss) => loss.path.length > 1 && loss.path.length < 100)).toBe(true)
    // The list's own fields besides Results, the 150 added and the long one: 100 named, the rest counted.
    const own = Object.keys(envelope).length - 1
    expect(fields[100]).toMatchObject({
      path: '',
      message: expect.stringContaining(`${own - 100} more fields`),
    })
  })

  it('converts an Intersight list session by session (--from auto)', async () => {
    const result = await cli(['convert', '--from', 'auto', '--to', 'netscaler/mpssession'], {
      input: INTERSIGHT_LIST,
    })
    expect(result.code).toBe(0)
    expect(parseJsonLines(result.stdout)).toHaveLength(2)
  })

  it('reads a vim25 currentSession of null as "no session", not an error', async () => {
    const result = await cli(
      ['convert', '--from', 'vsphere/vim25.SessionManager.currentSession', '--to', 'ocsf'],
      {
        input: 'null\n',
      },
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('no session (vsphere/vim25.SessionManager.currentSession is null)')
  })

  it('notes an envelope without sessions by its status code, never quoting its text', async () => {
    const envelope = { errorcode: 444, message: 'Session expired: token SENTINEL-3f9a', severity: 'ERROR' }
    const result = await cli(['convert', '--from', 'auto', '--to', 'common/Session'], {
      input: `${JSON.stringify(envelope)}\n${JSON.stringify({ errorcode: 0, mpssession: [{ __count: 3 }] })}\n`,
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('netscaler/mpssession.Response without sessions (errorcode 444)')
    expect(result.stderr).toContain('netscaler/mpssession.Response count response: 3 session(s)')
    expect(result.stderr).not.toContain('SENTINEL')
  })

  it('opens a legacy vSphere /rest body (--from auto) and fails its error wrapper as no session', async () => {
    const input = [
      example('vsphere/examples/valid/rest.cis.Session.Info/legacy-get.json'),
      example('vsphere/examples/valid/rest.vapi.std.errors.Unauthenticated/captured-401.json'),
    ]
      .map((text) => JSON.stringify(JSON.parse(text)))
      .join('\n')
    const result = await cli(['convert', '--from', 'auto', '--to', 'common/Session'], { input })
    expect(result.code).toBe(1)
    const [session, ...rest] = parseJsonLines(result.stdout) as {
      source: { model: string }
      user: { name: string }
    }[]
    expect(rest).toEqual([])
    expect(session).toMatchObject({
      source: { model: 'vsphere/cis.Session.Info' },
      user: { name: 'VSPHERE.LOCAL\\Administrator' },
    })
    expect(result.stderr).toContain(
      '<stdin>:2  record 2  failed: vsphere/rest.vapi.std.errors.Unauthenticated holds no session',
    )
  })

  it('names the legacy /rest wrapper in losses: paths start at /value', async () => {
    const input = example('vsphere/examples/valid/rest.cis.Session.Info/legacy-get.json')
    const result = await cli(['convert', '--from', 'auto', '--to', 'netscaler/mpssession'], { input })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      '<stdin>:1  record 1  /value vsphere/cis.Session.Info -> netscaler/mpssession',
    )
    expect(result.stderr).toMatch(/precision \/value\/created_time {2}/)
  })

  it('opens a NITRO login response (--from auto) and never prints its password or sessionid by default', async () => {
    const response = {
      errorcode: 0,
      message: 'Done',
      severity: 'NONE',
      login: [
        {
          username: 'nsroot',
          password: 'SENTINEL-pw-1c9e',
          sessionid: '##SENTINEL-sid-5b2d',
          token: 'SENTINEL-tok-8a41',
          challenge_response: 'SENTINEL-otp-3f70',
          session_timeout: 1800,
          client_ip: '192.0.2.10',
          client_port: 53122,
        },
      ],
    }
    const input = `${JSON.stringify(response)}\n`
    const result = await cli(['convert', '--from', 'auto', '--to', 'common/Session'], { input })
    expect(result.code).toBe(0)
    const [session] = parseJsonLines(result.stdout) as {
      source: { model: string }
      user: { name: string }
      session: { idle_timeout: number }
      src_endpoint: { ip: string; port: number }
    }[]
    expect(session).toMatchObject({
      source: { model: 'netscaler/login' },
      user: { name: 'nsroot' },
      session: { idle_timeout: 1800 },
      src_endpoint: { ip: '192.0.2.10', port: 53122 },
    })
    expect(result.stdout + result.stderr).not.toContain('SENTINEL')
    expect(result.stderr).toContain('<stdin>:1  record 1  /login/0 netscaler/login -> common/Session')
    expect(result.stderr).toMatch(/redacted {2}\/login\/0\/password {2}password is a secret/)
    expect(result.stderr).toMatch(/redacted {2}\/login\/0\/sessionid {2}sessionid is a secret/)

    const asked = await cli(['convert', '--from', 'auto', '--to', 'common/Session', '--include-secrets'], {
      input,
    })
    expect(asked.code).toBe(0)
    for (const secret of ['SENTINEL-pw-1c9e', '##SENTINEL-sid-5b2d', 'SENTINEL-otp-3f70'])
      expect(asked.stdout).toContain(secret)
  })

  it('fails a NITRO login request as no session, and notes a logout envelope without guessing its resource', async () => {
    const input = [
      JSON.stringify({ login: { username: 'nsroot', password: 'SENTINEL-pw-77d1' } }),
      JSON.stringify({ errorcode: 0, message: 'Done', severity: 'NONE' }),
    ].join('\n')
    const result = await cli(['convert', '--from', 'auto', '--to', 'common/Session'], { input })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('<stdin>:1  record 1  failed: netscaler/login.Request holds no session')
    expect(result.stderr).toContain(
      '<stdin>:2  record 2  netscaler/login.Response without sessions (errorcode 0); netscaler/mpssession.Response without sessions (errorcode 0)',
    )
    expect(result.stderr).not.toContain('SENTINEL')
  })

  it('validate --model auto names the NITRO login models and never echoes a password', async () => {
    const input = [
      example('netscaler/examples/valid/login.Response/login.json'),
      example('netscaler/examples/valid/login.Request/credentials.json'),
      JSON.stringify({ login: { username: 'nsroot', password: ['SENTINEL-pw-0b6e'] } }),
    ]
      .map((text) => JSON.stringify(JSON.parse(text)))
      .join('\n')
    const result = await cli(['validate', '--model', 'auto', '--format', 'json'], { input })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as {
      valid: number
      invalid: number
      issues: { record: number; model: string; path: string; keyword: string }[]
    }
    expect(report).toMatchObject({ valid: 2, invalid: 1 })
    expect(report.issues).toEqual([
      expect.objectContaining({
        record: 3,
        model: 'netscaler/login.Request',
        path: '/login/password',
        keyword: 'type',
      }),
    ])
    expect(result.stdout + result.stderr).not.toContain('SENTINEL')
  })

  it('projects sessions to OCSF 1.8 Authentication events', async () => {
    const result = await cli(['convert', '--from', 'auto', '--to', 'ocsf'], { input: VIM25_BEYOND_2_53 })
    expect(result.code).toBe(0)
    const [event] = parseJsonLines(result.stdout) as { class_uid: number; metadata: { version: string } }[]
    expect(event).toMatchObject({ class_uid: 3002, metadata: { version: '1.8.0' } })
    expect(result.stderr).toMatch(/precision \/session\/created_time_dt {2}.*sub-millisecond/)
  })

  it('fails a record that is no session, names the fields a target lacks, and reads on (exit 1)', async () => {
    const input = [
      example('extremecloudiq/examples/valid/XiqError/unauthorized.json'),
      example('netscaler/examples/valid/mpssession/full-current.json'),
      '{"broken":',
      example('vsphere/examples/valid/cis.Session.Info/minimal.json'),
    ].join('\n')
    const result = await cli(
      ['convert', '--from', 'auto', '--to', 'vsphere/vim25.UserSession', '--format', 'json'],
      { input },
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const report = JSON.parse(result.stderr) as {
      records: number
      outputs: number
      failed: number
      malformed: number
      errors: { record: number; code: string; message: string }[]
    }
    expect(report).toMatchObject({ records: 4, outputs: 0, failed: 3, malformed: 1 })
    expect(report.errors.map((e) => [e.record, e.code])).toEqual([
      [1, 'ERR_NOT_A_SESSION'],
      [2, 'ERR_MISSING_FIELDS'],
      [3, 'ERR_JSON'],
      [4, 'ERR_MISSING_FIELDS'],
    ])
    expect(report.errors[1]!.message).toContain('the required fields "fullName", "locale"')
  })

  it('fills a required target field from --default', async () => {
    const input = example('vsphere/examples/valid/cis.Session.Info/minimal.json')
    const defaults = ['key=k', 'fullName=', 'locale=en', 'messageLocale=en', 'extensionSession=false']
    const more = ['ipAddress=192.0.2.1', 'userAgent=curl', 'callCount=0']
    const args = [...defaults, ...more].flatMap((d) => ['--default', d])
    const result = await cli(
      ['convert', '--from', 'vsphere/cis.Session.Info', '--to', 'vsphere/vim25.UserSession', ...args],
      { input },
    )
    expect(result.code).toBe(0)
    expect(parseJsonLines(result.stdout)[0]).toMatchObject({
      userName: 'Administrator@vsphere.local',
      callCount: 0,
      extensionSession: false,
    })
  })

  it('refuses a --default that fills no field: not one of the target, a target without fields, a key twice (exit 2)', async () => {
    const input = example('netscaler/examples/valid/mpssession/full-current.json')
    const run = (args: string[]) => cli(['convert', '--from', 'auto', ...args], { input })
    const unknown = await run(['--to', 'intersight/iam.Session', '--default', 'NotAField=1'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain(
      '--default: "NotAField" is not a field of intersight/iam.Session (its fields: ClassId,',
    )
    expect(unknown.stdout).toBe('')
    const common = await run(['--to', 'common/Session', '--default', 'a=1'])
    expect(common.code).toBe(2)
    expect(common.stderr).toContain(
      '--default: fills fields of a vendor model; --to common/Session has none to fill',
    )
    const twice = await run(['--to', 'intersight/iam.Session', '--default', 'Moid=1', '--default', 'Moid=2'])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('one value per key (Moid is given twice)')
  })

  it('refuses what cannot be converted with exit 2', async () => {
    const wrongTo = await cli(
      ['convert', '--from', 'auto', '--to', 'vsphere/vapi.std.errors.Unauthenticated'],
      { input: '{}' },
    )
    expect(wrongTo.code).toBe(2)
    expect(wrongTo.stderr).toMatch(/--to: cannot convert to/)
    const wrongFrom = await cli(['convert', '--from', 'extremecloudiq/XiqError', '--to', 'ocsf'], {
      input: '{}',
    })
    expect(wrongFrom.code).toBe(2)
    const badTime = await cli(
      ['convert', '--from', 'auto', '--to', 'ocsf', '--reference-time', 'yesterday'],
      { input: '{}' },
    )
    expect(badTime.code).toBe(2)
  })
})

describe('int64: exact end to end', () => {
  it('keeps a vim25 callCount beyond 2^53 exact through validate and a round trip', async () => {
    expect(VIM25_BEYOND_2_53).toContain('"callCount": 9007199254740993')
    const validate = await cli(['validate', '--model', 'vsphere/vim25.UserSession'], {
      input: VIM25_BEYOND_2_53,
    })
    expect(validate.code).toBe(0)
    const args = [
      'convert',
      '--from',
      'vsphere/vim25.UserSession',
      '--to',
      'vsphere/vim25.UserSession',
      '--include-secrets',
    ]
    const exact = await cli(args, { input: VIM25_BEYOND_2_53 })
    expect(exact.stdout).toContain('"callCount":9007199254740993}')
    const strings = await cli([...args, '--int64', 'string'], { input: VIM25_BEYOND_2_53 })
    expect(strings.stdout).toContain('"callCount":"9007199254740993"}')
  })

  it('keeps XIQ ids beyond 2^53 exact into the common model, back, and into claims', async () => {
    const common = await cli(['convert', '--from', 'auto', '--to', 'common/Session'], {
      input: XIQ_BEYOND_2_53,
    })
    expect(common.stdout).toContain('"uid":"9223372036854775807"')
    expect(common.stdout).toContain('"org":{"uid":"9007199254740993"}')
    const file = tmp.file('common.ndjson', common.stdout)
    const back = await cli([
      'convert',
      '--from',
      'common/Session',
      '--to',
      'extremecloudiq/XiqApiTokenInfo',
      file,
    ])
    expect(back.stdout).toContain('"user_id":9223372036854775807')
    expect(back.stdout).toContain('"owner_id":9007199254740993')
    const claims = await cli(['claims', '--from', 'auto'], { input: XIQ_BEYOND_2_53 })
    expect(claims.stdout).toContain('"user_id":"9223372036854775807"')
  })
})

describe('secrets: never in the output without --include-secrets', () => {
  const SENTINELS = [
    'SENTINEL-INTERSIGHT-SESSIONID',
    'SENTINEL-NITRO-TOKEN',
    'SENTINEL-NITRO-SESSIONID',
    'SENTINEL-VIM25-KEY',
    'SENTINEL-XIQ-DRIFT',
  ]
  const records = [
    example('intersight/examples/valid/iam.Session/full-current.json').replace(
      /"SessionId": "[^"]*"/,
      `"SessionId": "${SENTINELS[0]}"`,
    ),
    example('netscaler/examples/valid/mpssession.Response/get-all.json')
      .replace(/"token": "[^"]*"/, `"token": "${SENTINELS[1]}"`)
      .replace(/"sessionid": "[^"]*"/, `"sessionid": "${SENTINELS[2]}"`),
    example('vsphere/examples/valid/vim25.UserSession/full-current.json').replace(
      /"key": "[^"]*"/,
      `"key": "${SENTINELS[3]}"`,
    ),
    // Drift with secret names: claims copies XIQ drift into the claims, so it must redact it too.
    example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json').replace(
      '{',
      `{"token": "${SENTINELS[4]}", "nested": {"Session-Id": "${SENTINELS[4]}"},`,
    ),
    // An invalid record whose secret sits next to the error.
    example('netscaler/examples/valid/mpssession/full-current.json')
      .replace(/"token": "[^"]*"/, `"token": "${SENTINELS[1]}"`)
      .replace('"port": 53122', '"port": "not a port"'),
  ]
  const input = `${records.join('\n')}\n`

  it('puts the sentinels in the input', () => {
    for (const sentinel of SENTINELS) expect(input).toContain(sentinel)
  })

  it.each([
    ['convert to common/Session', ['convert', '--from', 'auto', '--to', 'common/Session']],
    ['convert to OCSF', ['convert', '--from', 'auto', '--to', 'ocsf']],
    ['convert to Intersight', ['convert', '--from', 'auto', '--to', 'intersight/iam.Session']],
    ['convert to NetScaler', ['convert', '--from', 'auto', '--to', 'netscaler/mpssession']],
    [
      'convert with a JSON report',
      ['convert', '--from', 'auto', '--to', 'common/Session', '--format', 'json'],
    ],
    ['claims', ['claims', '--from', 'auto']],
    ['validate', ['validate', '--model', 'auto']],
    ['validate --format json', ['validate', '--model', 'auto', '--format', 'json']],
    ['detect', ['detect', '--format', 'json']],
  ])('%s', async (_name, args) => {
    const result = await cli(args, { input })
    expect(result.stdout.length + result.stderr.length).toBeGreaterThan(0)
    for (const sentinel of SENTINELS) {
      expect(result.stdout).not.toContain(sentinel)
      expect(result.stderr).not.toContain(sentinel)
    }
  })

  it.each([
    ['convert', ['convert', '--from', 'auto', '--to', 'common/Session']],
    ['claims', ['claims', '--from', 'auto']],
  ])('%s writes them with --include-secrets (so the test above can fail)', async (_name, args) => {
    const result = await cli([...args, '--include-secrets'], { input })
    for (const sentinel of args[0] === 'claims' ? [SENTINELS[4]!] : SENTINELS)
      expect(result.stdout).toContain(sentinel)
  })

  it('redacts the secrets of a common/Session input too', async () => {
    const common = await cli(['convert', '--from', 'auto', '--to', 'common/Session', '--include-secrets'], {
      input: records[1],
    })
    expect(common.stdout).toContain(SENTINELS[1])
    const again = await cli(['convert', '--from', 'common/Session', '--to', 'common/Session'], {
      input: common.stdout,
    })
    expect(again.code).toBe(0)
    expect(again.stdout).not.toContain(SENTINELS[1])
    expect(again.stderr).toMatch(/redacted {2}\/session\/credential_uid/)
  })
})

describe('claims', () => {
  it('turns an XIQ token info into the claims XIQ tokens carry, and another session into sub/iat', async () => {
    const input = `${example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json')}\n${example('vsphere/examples/valid/cis.Session.Info/minimal.json')}\n`
    const result = await cli(
      [
        'claims',
        '--from',
        'auto',
        '--issuer',
        'https://extremecloudiq.com',
        '--audience',
        'https://api.example.com',
      ],
      {
        input,
      },
    )
    expect(result.code).toBe(0)
    const [xiq, cis] = parseJsonLines(result.stdout)
    expect(xiq).toEqual({
      iss: 'https://extremecloudiq.com',
      sub: 'admin@example.com',
      aud: 'https://api.example.com',
      iat: 1714564800,
      exp: 1717156800,
      scope: 'account:r device:list device:r',
      user_id: 769490635818812,
      role: 'Administrator',
      owner_id: 102030,
      data_center: 'US_WEST',
    })
    expect(cis).toMatchObject({
      iss: 'https://extremecloudiq.com',
      sub: 'Administrator@vsphere.local',
      iat: 1714982400,
    })
  })
})

describe('deeply nested records: one fixed limit, the same verdict on every thread', () => {
  const xiq = JSON.stringify(JSON.parse(example('extremecloudiq/examples/valid/XiqApiTokenInfo/full.json')))
  /** The XIQ record with drift nested `n` arrays (or objects) deep: the record's own level is 1. */
  const nested = (n: number, open: string, close: string) =>
    `${xiq.slice(0, -1)},"drift":${open.repeat(n)}1${close.repeat(n)}}`

  it('converts a record 1,000 levels deep, fails one of 1,001 or 8,000 alone (ERR_JSON_TOO_DEEP), with --jobs 1, 2 and 3', async () => {
    const input = [
      xiq,
      nested(999, '[', ']'),
      nested(1000, '[', ']'),
      nested(8000, '[', ']'),
      nested(8000, '{"a":', '}'),
      xiq,
    ].join('\n')
    const file = tmp.file('deep.ndjson', `${input}\n`)
    const runs = await Promise.all(
      [1, 2, 3].map((jobs) =>
        cli([
          'convert',
          '--from',
          'auto',
          '--to',
          'common/Session',
          '--format',
          'json',
          '--jobs',
          String(jobs),
          '--job-part-size',
          '1',
          file,
        ]),
      ),
    )
    const [one] = runs
    for (const run of runs) expect(run).toEqual(one)
    expect(one!.code).toBe(1)
    expect(parseJsonLines(one!.stdout)).toHaveLength(3)
    const report = JSON.parse(one!.stderr) as { failed: number; errors: { record: number; code: string }[] }
    expect(report.failed).toBe(3)
    expect(report.errors.map((e) => [e.record, e.code])).toEqual([
      [3, 'ERR_JSON_TOO_DEEP'],
      [4, 'ERR_JSON_TOO_DEEP'],
      [5, 'ERR_JSON_TOO_DEEP'],
    ])
  })
})
