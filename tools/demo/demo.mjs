// `pnpm demo`: runs the real CLI (packages/cli/dist/bin.js, built by turbo first) over examples/ and
// shows each step: the command line exactly as run, its output, its exit status.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isSessionModel } from '@session-schemas/converter'
import { manifest } from '@session-schemas/converter/manifest'

const root = path.resolve(import.meta.dirname, '../..')
const bin = path.join('packages', 'cli', 'dist', 'bin.js')
const color = process.stdout.isTTY === true && !process.env.NO_COLOR
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
const work = mkdtempSync(path.join(tmpdir(), 'session-schemas-demo-'))

// Every example file, with the model id its path spells (examples/<vendor>/<model>.json).
const examples = readdirSync(path.join(root, 'examples'), { recursive: true })
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file: path.join('examples', file), model: file.slice(0, -'.json'.length) }))
// The models that hold sessions (the manifest's envelopes, and the session models): not the error bodies.
const ENVELOPES = new Set(manifest.filter((facts) => facts.envelope).map((facts) => facts.id))
const sessionFiles = examples.filter(
  (example) => isSessionModel(example.model) || ENVELOPES.has(example.model),
)
const intersight = sessionFiles
  .filter((example) => example.model.startsWith('intersight/'))
  .map((e) => e.file)
const others = sessionFiles.filter((example) => !example.model.startsWith('intersight/')).map((e) => e.file)

// Shell quoting for the command lines shown; the temporary directory is shown as $DEMO_DIR.
const quote = (arg) =>
  arg.startsWith(work)
    ? `$DEMO_DIR${arg.slice(work.length)}`
    : /^[\w@%+=:,./-]+$/.test(arg)
      ? arg
      : `'${arg.replaceAll("'", "'\\''")}'`

function heading(title) {
  console.log(`\n${paint('1;36', `━━ ${title} `.padEnd(100, '━'))}`)
}

/** Runs `session-schemas ...args`, prints the command line, stdout, stderr and the exit status. */
function run(args, { env = {}, saveTo } = {}) {
  const line = `$ session-schemas ${args.map(quote).join(' ')}`
  console.log(`\n${paint(1, line)}`)
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...(color ? { FORCE_COLOR: '1' } : {}), ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw result.error
  if (result.stdout) process.stdout.write(result.stdout)
  if (result.stderr) {
    if (result.stdout) console.log(paint(2, '  (stderr:)'))
    process.stdout.write(result.stderr)
  }
  const status = result.status ?? 1
  console.log(paint(status === 0 ? 32 : 33, `→ exit ${status}`))
  if (saveTo) writeFileSync(saveTo, result.stdout)
  return result
}

try {
  console.log(paint(1, 'session-schemas demo: the real CLI over examples/'))
  console.log(`session-schemas = node ${bin} (from the repository root: pnpm -s session-schemas ...)`)
  console.log(`$DEMO_DIR = ${work} (a temporary directory for the JWT steps)`)

  heading('1. Validate every example file against its model')
  for (const { file, model } of examples) run(['validate', '--model', model, file])

  heading('2. An NDJSON stream mixing every vendor, with an invalid and a malformed line')
  run(['validate', '--model', 'auto', 'examples/mixed.ndjson'])
  run(['validate', '--model', 'auto', '--format', 'json', 'examples/mixed.ndjson'])
  run(['detect', 'examples/mixed.ndjson'])

  heading('3. Every session to common/Session (losses on stderr; secrets redacted)')
  run(['convert', '--from', 'auto', '--to', 'common/Session', ...sessionFiles.map((e) => e.file)])

  heading('4. Every session to OCSF 1.8 (Authentication, class 3002)')
  run(['convert', '--from', 'auto', '--to', 'ocsf', ...sessionFiles.map((e) => e.file)])

  heading('5. Every session to another vendor: Intersight for the others, NetScaler for Intersight')
  run(['convert', '--from', 'auto', '--to', 'intersight/iam.Session', ...others])
  run(['convert', '--from', 'auto', '--to', 'netscaler/mpssession', ...intersight])

  heading('6. An XIQ token info -> JWT claims -> signed (HS256) -> verified -> a token info again')
  const secret = randomBytes(32).toString('base64url')
  const env = { DEMO_JWT_SECRET: secret }
  console.log('(the demo put a random 256-bit secret in the environment variable DEMO_JWT_SECRET)')
  const claims = path.join(work, 'claims.ndjson')
  const token = path.join(work, 'token.jwt')
  const xiq = 'examples/extremecloudiq/XiqApiTokenInfo.json'
  const trust = ['--issuer', 'https://extremecloudiq.com', '--audience', 'https://api.example.com']
  run(['claims', '--from', 'extremecloudiq/XiqApiTokenInfo', ...trust, xiq], { saveTo: claims })
  run(['jwt', 'sign', '--alg', 'HS256', '--secret-env', 'DEMO_JWT_SECRET', '--typ', 'JWT', claims], {
    env,
    saveTo: token,
  })
  // The example token expired in 2024: verify as of a moment inside its validity (--now, an injectable clock).
  const verify = [
    'jwt',
    'verify',
    '--alg',
    'HS256',
    '--secret-env',
    'DEMO_JWT_SECRET',
    ...trust,
    '--now',
    '2024-05-02T12:00:00Z',
  ]
  run([...verify, token], { env })
  run([...verify, '--token-info', token], { env })
  run(['jwt', 'decode', token])
  run([...verify, token], { env: { DEMO_JWT_SECRET: randomBytes(32).toString('base64url') } })
  console.log(
    paint(2, '(the last one used another secret: the signature does not verify, so the token is rejected)'),
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
