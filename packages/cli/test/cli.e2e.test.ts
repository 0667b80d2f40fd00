/** The command tree: --help of every command, --version, `schemas`, `detect`. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, example, parseJsonLines, root, spawnCli } from './helpers.js'

const COMMANDS = [
  [],
  ['validate'],
  ['detect'],
  ['convert'],
  ['claims'],
  ['jwt'],
  ['jwt', 'sign'],
  ['jwt', 'verify'],
  ['jwt', 'decode'],
  ['schemas'],
  ['schemas', 'list'],
  ['schemas', 'show'],
]

describe('help and version', () => {
  it.each(COMMANDS.map((command) => [command.join(' ') || '(root)', command] as const))(
    '%s --help',
    async (_name, command) => {
      const result = await cli([...command, '--help'])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(
        new RegExp(`^Usage: session-schemas${command.map((c) => ` ${c}`).join('')} `),
      )
      // Examples of this very command, after the options.
      const examples = result.stdout.slice(result.stdout.indexOf('\nExamples:\n'))
      expect(examples).toContain(`\n  $ ${['session-schemas', ...command].join(' ')}`)
      expect(result.stderr).toBe('')
    },
  )

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'packages/cli/package.json'), 'utf8')) as {
      version: string
    }
    // Spawned: the bin itself runs, and its exit status is the process's.
    const result = await spawnCli(['--version'])
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('names a mistyped option, required or not, before it says a required one is missing (exit 2)', async () => {
    const typo = await cli(['validate', '--modle', 'auto', '-'], { input: '{}' })
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain("error: unknown option '--modle'\n(Did you mean --model?)")
    expect(typo.stderr).not.toContain('required option')
    for (const [args, flag] of [
      [['validate', '-'], '--model <id>'],
      [['convert', '--from', 'auto', '-'], '--to <id>'],
      [['jwt', 'sign', '-'], '--alg <alg>'],
    ] as const) {
      const missing = await cli([...args], { input: '{}' })
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain(`error: required option '${flag}' not specified`)
      expect(missing.stdout).toBe('')
    }
  })

  it('exits 2 on an unknown command or no command', async () => {
    expect((await spawnCli(['frobnicate'])).code).toBe(2)
    const none = await spawnCli([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: session-schemas')
  })
})

describe('schemas', () => {
  it('lists every model id, and shows one schema', async () => {
    const list = await cli(['schemas', 'list', '--format', 'json'])
    const ids = (JSON.parse(list.stdout) as { id: string }[]).map((row) => row.id)
    for (const id of [
      'intersight/iam.Session',
      'vsphere/vim25.UserSession',
      'netscaler/mpssession.Response',
      'extremecloudiq/XiqApiTokenInfo',
      'common/Session',
      'jwt/Claims',
    ])
      expect(ids).toContain(id)
    const show = await cli(['schemas', 'show', 'netscaler/mpssession'])
    expect(show.code).toBe(0)
    expect(JSON.parse(show.stdout)).toMatchObject({
      $id: 'https://session-schemas.dev/schemas/netscaler/mpssession',
      title: 'netscaler/mpssession',
    })
  })

  it('exits 2 for an unknown model, and a path-like id', async () => {
    for (const id of ['netscaler/nope', '../../etc/passwd', 'netscaler/../core/index']) {
      const result = await cli(['schemas', 'show', id])
      expect(result.code, id).toBe(2)
      expect(result.stderr).toContain('unknown model id')
    }
  })
})

describe('detect', () => {
  it("names each record's model, or says plainly that it cannot", async () => {
    const input = [
      example('netscaler/examples/valid/mpssession.Response/error-444.json'),
      '{}',
      '{"what":"ever"}',
      'null',
      '{"oops"',
    ].join('\n')
    const result = await cli(['detect'], { input })
    expect(result.code).toBe(1)
    expect(result.stdout.split('\n')).toEqual([
      // A NITRO error envelope is the same for every NITRO resource: only the request URL tells which.
      '<stdin>:1  record 1  ambiguous: could be netscaler/login.Response or netscaler/mpssession.Response',
      '<stdin>:2  record 2  unknown: an empty object carries no evidence of any model',
      '<stdin>:3  record 3  unknown: no model declares any of its keys ("what")',
      '<stdin>:4  record 4  vsphere/vim25.SessionManager.currentSession',
      expect.stringMatching(/^<stdin>:5 {2}record 5 {2}malformed: /),
      '',
    ])
  })

  // `-` for stdin, as validate's, convert's and claims' JSON and the --losses file say (and the READMEs promise).
  it.each([
    ['one thread', []],
    ['--jobs 2', ['--jobs', '2']],
  ])('names stdin `-` in JSON (%s)', async (_name, jobs) => {
    const json = await cli(['detect', '--format', 'json', ...jobs], { input: 'null\n' })
    expect(json.code).toBe(0)
    expect(parseJsonLines(json.stdout)).toEqual([
      {
        source: '-',
        record: 1,
        line: 1,
        status: 'detected',
        model: 'vsphere/vim25.SessionManager.currentSession',
        by: 'null',
      },
    ])
  })
})

/**
 * A vAPI error body without `error_type` (or with `null`) is the same for the 401 (Unauthenticated) and the
 * 503 (ServiceUnavailable) of `GET /api/session`: only the HTTP status, which the body does not carry, tells
 * them apart. Nothing may pick one of them: not the candidates' order, not drift, not `data: null`.
 */
describe('a vAPI error body without error_type is ambiguous, never ServiceUnavailable', () => {
  const BOTH = ['vsphere/vapi.std.errors.ServiceUnavailable', 'vsphere/vapi.std.errors.Unauthenticated']
  const message = {
    args: [],
    default_message: 'Authentication required.',
    id: 'com.vmware.vapi.endpoint.method.authentication.required',
  }
  const bodies = [
    { messages: [message] },
    { error_type: null, messages: [message] },
    { error_type: null, messages: [message], data: null },
    { messages: [], data: { retry_after: 30 } },
    { messages: [message], request_id: 'a1b2c3d4', localized: 'drift' },
  ]
  const input = `${bodies.map((body) => JSON.stringify(body)).join('\n')}\n`

  it('detect says ambiguous for every one, names both, and exits 1', async () => {
    const text = await cli(['detect'], { input })
    expect(text.code).toBe(1)
    const lines = text.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(bodies.length)
    for (const line of lines)
      expect(line).toMatch(
        /ambiguous: could be vsphere\/vapi\.std\.errors\.ServiceUnavailable or vsphere\/vapi\.std\.errors\.Unauthenticated$/,
      )

    const json = await cli(['detect', '--format', 'json'], { input })
    expect(json.code).toBe(1)
    for (const record of parseJsonLines(json.stdout))
      expect(record).toMatchObject({ status: 'ambiguous', candidates: BOTH, by: 'required-keys' })
  })

  it('validate --model auto calls each valid as either model and names both, exit 0', async () => {
    const result = await cli(['validate', '--model', 'auto'], { input })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`valid by model: ${BOTH.join(' or ')} ${bodies.length}`)
  })

  it('convert --from auto refuses to guess which one it is, exit 1', async () => {
    const result = await cli(['convert', '--from', 'auto', '--to', 'common/Session'], {
      input: input.split('\n')[0]!,
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`cannot tell the model: ambiguous: could be ${BOTH.join(' or ')}`)
  })

  it('a body that says which one it is is detected as that one', async () => {
    const said = [
      { error_type: 'UNAUTHENTICATED', messages: [message] },
      { error_type: 'SERVICE_UNAVAILABLE', messages: [message] },
      { messages: [message], challenge: 'Basic realm="VAPI endpoint"' },
    ]
    const result = await cli(['detect', '--format', 'json'], {
      input: said.map((b) => JSON.stringify(b)).join('\n'),
    })
    expect(result.code).toBe(0)
    expect(parseJsonLines(result.stdout).map((r) => (r as { model: string }).model)).toEqual([
      'vsphere/vapi.std.errors.Unauthenticated',
      'vsphere/vapi.std.errors.ServiceUnavailable',
      'vsphere/vapi.std.errors.Unauthenticated',
    ])
  })
})
