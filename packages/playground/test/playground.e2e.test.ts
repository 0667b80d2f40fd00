/**
 * The built playground (dist/) in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
 * served from a local static server under its own Content-Security-Policy `<meta>`. Every page is watched:
 * a CSP violation, an uncaught error, a console error or a request that leaves the local origin fails the
 * test that caused it. Screenshots go to test-output/ (gitignored).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { manifest } from '@session-schemas/converter/manifest'
import { readJson } from '@session-schemas/core'
import { importSPKI, jwtVerify } from 'jose'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

const here = path.resolve(import.meta.dirname, '..')
const dist = path.join(here, 'dist')
const repoRoot = path.resolve(here, '../..')
const examplesDir = path.join(repoRoot, 'examples')
const shots = path.join(here, 'test-output')
const CHROMIUM = '/usr/bin/chromium'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.png': 'image/png',
}

let server: Server
let origin: string
let browser: Browser

beforeAll(async () => {
  // Fail closed with what to do, never skip.
  if (!existsSync(path.join(dist, 'index.html')))
    throw new Error('packages/playground/dist is missing: run `pnpm build` first')
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`pnpm setup:chromium\``)
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname))
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    response.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true })
  mkdirSync(shots, { recursive: true })
})

afterAll(async () => {
  await shared?.page.context().close()
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

interface Watched {
  readonly page: Page
  readonly problems: string[]
}
/** Pages of the current test (closed after it) and the page most tests share (a page start costs seconds). */
let fresh: Watched[] = []
let shared: Watched | undefined

/** A new page of the playground, ready, with everything that must not happen recorded. */
async function newPage(): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
  const page = await context.newPage()
  const problems: string[] = []
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  context.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))
      problems.push(`request off the page's origin: ${url}`)
  })
  await page.goto(`${origin}/`)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, problems }
}

async function openPage(): Promise<Watched> {
  const watched = await newPage()
  fresh.push(watched)
  return watched
}

async function sharedPage(): Promise<Watched> {
  shared ??= await newPage()
  await shared.page.locator('#include-secrets').uncheck()
  return shared
}

afterEach(async () => {
  const problems = [...fresh, ...(shared ? [shared] : [])].flatMap((w) => w.problems.splice(0))
  for (const w of fresh) await w.page.context().close()
  fresh = []
  expect(problems).toEqual([])
})

/** Runs `start`, then waits until the page has checked the input (or failed). */
async function checked(page: Page, start: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => {
    document.body.dataset.state = 'waiting'
  })
  await start()
  await page.waitForSelector('body[data-state="checked"], body[data-state="failed"]', { timeout: 60_000 })
  expect(await page.getAttribute('body', 'data-state')).toBe('checked')
}

async function paste(page: Page, text: string): Promise<void> {
  await checked(page, async () => {
    await page.locator('#input').fill(text)
    await page.locator('#check').click()
  })
}

async function pickExample(page: Page, name: string): Promise<void> {
  const option = page.locator('#example option', { hasText: name }).first()
  const value = await option.getAttribute('value')
  await page.selectOption('#example', '')
  await checked(page, () => page.selectOption('#example', value!))
}

const records = (page: Page) =>
  page.locator('#records > li').evaluateAll((items) =>
    items.map((item) => ({
      status: (item as HTMLElement).dataset.status,
      text: item.firstElementChild?.textContent ?? '',
    })),
  )

const MIXED_STATUSES = [
  'valid',
  'valid',
  'valid',
  'valid',
  'valid',
  'invalid',
  'valid',
  'malformed',
  'valid',
  'valid',
  'valid',
]

const exampleFiles = readdirSync(examplesDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(examplesDir, path.join(entry.parentPath, entry.name)))
  .sort()

describe('the built app', () => {
  const files = () =>
    readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dist, path.join(entry.parentPath, entry.name)))

  it('holds no eval or new Function (the CSP forbids them; our validators are compiled ahead of time)', () => {
    const scripts = files().filter((file) => file.endsWith('.js'))
    expect(scripts.length).toBeGreaterThanOrEqual(2) // the page and its worker
    for (const file of scripts) {
      const code = readFileSync(path.join(dist, file), 'utf8')
      expect(code, file).not.toMatch(/\bnew Function\b|\beval\(|\bFunction\(/)
    }
  })

  it('is under 150 KB gzipped without the example payloads (bench/ reports the figure)', () => {
    const app = files().filter((file) => !file.startsWith('examples'))
    const gzipped = app.reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).byteLength,
      0,
    )
    expect(gzipped).toBeLessThan(150 * 1024)
    // The examples are files beside the app, fetched when picked, not code.
    expect(files().filter((file) => file.startsWith('examples/'))).toHaveLength(exampleFiles.length)
  })
})

describe('the page', () => {
  it('runs under its CSP meta tag: an injected script is refused and the violation reported (the watch can fail)', async () => {
    const { page, problems } = await openPage()
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("worker-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    // An inline script, as an injection would add one: refused, and the watch reports the violation.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script')
      script.textContent = 'document.body.dataset.injected = "ran"'
      document.head.append(script)
      await new Promise((resolve) => setTimeout(resolve, 100))
      return document.body.dataset.injected ?? 'refused'
    })
    expect(ran).toBe('refused')
    await expect.poll(() => problems.some((p) => p.includes('CSP violation'))).toBe(true)
    problems.length = 0 // this violation was the point; any other fails
  })

  it('labels every control, and Tab reaches them in order', async () => {
    const { page } = await openPage()
    const unlabelled = await page.locator('input, select, textarea, button').evaluateAll((controls) =>
      controls
        .filter((c) => {
          const labels = (c as HTMLInputElement).labels
          const text = c.tagName === 'BUTTON' ? c.textContent?.trim() : ''
          return (
            !(labels && labels.length > 0 && labels[0]!.textContent!.trim()) &&
            !text &&
            !c.getAttribute('aria-label')
          )
        })
        .map((c) => c.id || c.outerHTML.slice(0, 60)),
    )
    expect(unlabelled).toEqual([])
    await expect(page.getByLabel('Payload (drop a file here too)')).toBeTruthy()
    const focused: string[] = []
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      focused.push(await page.evaluate(() => document.activeElement?.id ?? ''))
    }
    expect(focused).toEqual([
      'example',
      'file',
      'input',
      'check',
      'record',
      'target',
      'include-secrets',
      'convert',
    ])
  })

  it('browses the model reference: every model of the manifest, with its JSON Schema', async () => {
    const { page } = await sharedPage()
    const ids = await page
      .locator('#model-ref option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
    expect(ids).toEqual(manifest.map((facts) => facts.id))
    await page.selectOption('#model-ref', 'netscaler/mpssession')
    await expect.poll(() => page.inputValue('#schema')).toContain('"title": "netscaler/mpssession"')
    expect(await page.textContent('#model-info')).toContain('@session-schemas/netscaler')
  })
})

describe('checking', () => {
  it.each(exampleFiles.filter((file) => file.endsWith('.json')))(
    'detects and validates examples/%s',
    async (file) => {
      const { page } = await sharedPage()
      await pickExample(page, file)
      const model = file.replace(/\.json$/, '')
      expect(await records(page)).toEqual([{ status: 'valid', text: `Line 1: ${model}: valid` }])
    },
  )

  it('detects every record of examples/mixed.ndjson, each as its own model', async () => {
    const { page } = await sharedPage()
    await pickExample(page, 'mixed.ndjson')
    const lines = readFileSync(path.join(examplesDir, 'mixed.ndjson'), 'utf8').trimEnd().split('\n')
    const shown = await records(page)
    expect(shown).toHaveLength(lines.length)
    // Each line is its own record, judged on its own.
    expect(shown.map((r) => r.text.split(':')[0])).toEqual(lines.map((_, i) => `Line ${i + 1}`))
    // Line 6 has a Status its enum lacks; line 8 is cut off after a comma (malformed), and does not
    // swallow line 9 (`null`, vim25's "no session").
    expect(shown.map((r) => r.status)).toEqual(MIXED_STATUSES)
    expect(shown[8]!.text).toBe('Line 9: vsphere/vim25.SessionManager.currentSession: valid')
    expect(shown[0]!.text).toContain('intersight/iam.Session')
    expect(shown[2]!.text).toContain('netscaler/mpssession')
    await page.screenshot({ path: path.join(shots, 'playground.png'), fullPage: false })
  })

  it('lists every issue with its pointer, keyword and message, and highlights it in the input', async () => {
    const { page } = await sharedPage()
    const broken = readFileSync(path.join(examplesDir, 'vsphere/cis.Session.Info.json'), 'utf8').replace(
      '"created_time": "2023-02-14T22:12:48.753Z"',
      '"created_time": 17',
    )
    await paste(
      page,
      `${broken}\n{"user": "x", "created_time": "2023-02-14T22:12:48Z", "last_accessed_time": "2023-02-14T22:12:48Z", "Surprise": 1}\n`,
    )
    const shown = await records(page)
    expect(shown.map((r) => r.status)).toEqual(['invalid', 'valid'])
    const first = page.locator('#records > li').first()
    await expect.poll(() => first.locator('.issues li').first().textContent()).toContain('/created_time')
    await first.locator('button.show').first().click()
    const selected = await page.evaluate(() => {
      const input = document.getElementById('input') as HTMLTextAreaElement
      return input.value.slice(input.selectionStart, input.selectionEnd)
    })
    expect(selected).toBe('17')
    // Drift is listed apart from the errors.
    const second = page.locator('#records > li').nth(1)
    expect(await second.locator('.issues.drift li').allTextContents()).toEqual([
      expect.stringContaining('/Surprise'),
    ])
    expect(await second.locator('.issues:not(.drift)').count()).toBe(0)
    await second.locator('.issues.drift button.show').click()
    const drift = await page.evaluate(() => {
      const input = document.getElementById('input') as HTMLTextAreaElement
      return input.value.slice(input.selectionStart, input.selectionEnd)
    })
    expect(drift).toBe('1')
  })

  it('says where a malformed record breaks, without quoting it, and goes on with the next', async () => {
    const { page } = await sharedPage()
    const secret = 'SECRET-IN-BROKEN-RECORD'
    const broken = `{"user": "a", "created_time": "${secret}" "x": 1}`
    await paste(
      page,
      `${broken}\n{"user": "VSPHERE.LOCAL\\\\b", "created_time": "2023-02-14T22:12:48Z", "last_accessed_time": "2023-02-14T22:12:48Z"}\n`,
    )
    const shown = await records(page)
    expect(shown.map((r) => r.status)).toEqual(['malformed', 'valid'])
    const message = await page.locator('#records > li').first().locator('.issues li').textContent()
    expect(message).toContain("expected ',' or '}' after a property value")
    expect(message).toContain(`line 1, column ${broken.indexOf('"x"') + 1}`)
    expect(await page.content()).not.toContain(secret)
  })

  it('checks a 50 MB NDJSON file in the worker with a progress bar, the page responsive throughout', async () => {
    const { page } = await sharedPage()
    const dir = mkdtempSync(path.join(tmpdir(), 'playground-'))
    try {
      // examples/mixed.ndjson over and over: 11 records each time, 9 valid, 1 invalid, 1 malformed.
      const mixed = readFileSync(path.join(examplesDir, 'mixed.ndjson'), 'utf8')
      const times = Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(mixed))
      const bytes = Buffer.byteLength(mixed) * times
      const count = MIXED_STATUSES.length * times
      const file = path.join(dir, 'big.ndjson')
      writeFileSync(file, mixed.repeat(times))
      // The main thread's frames while the worker works: the longest gap between two.
      await page.evaluate(() => {
        const w = window as unknown as { frames_: number[]; framing_: boolean }
        w.frames_ = []
        w.framing_ = true
        const tick = () => {
          w.frames_.push(performance.now())
          if (w.framing_) requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })
      const progress: number[] = []
      await checked(page, async () => {
        await page.setInputFiles('#file', file)
        for (let i = 0; i < 100 && (await page.getAttribute('body', 'data-state')) !== 'checked'; i++) {
          progress.push(
            Number(
              await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value),
            ),
          )
          await page.waitForTimeout(50)
        }
      })
      const summary = await page.textContent('#summary')
      expect(summary).toContain(
        `${count} records: ${9 * times} valid, ${times} invalid, 0 of no known model, ${times} not JSON`,
      )
      expect(progress.some((p) => p > 0 && p < 1)).toBe(true)
      const { gap, frames } = await page.evaluate(() => {
        const w = window as unknown as { frames_: number[]; framing_: boolean }
        w.framing_ = false
        const f = w.frames_
        return { gap: Math.max(...f.slice(1).map((t, i) => t - f[i]!)), frames: f.length }
      })
      const ms = Number(await page.getAttribute('body', 'data-check-ms'))
      // About 60 frames a second while the worker worked (at least one every 100 ms on average).
      expect(frames).toBeGreaterThan(ms / 100)
      // No frame missed for long: checking on the main thread would freeze it for the whole run (seconds);
      // the bound leaves room for a loaded 2-core machine.
      expect(gap).toBeLessThan(1500)
      console.log(
        `playground: ${(bytes / 2 ** 20).toFixed(1)} MiB, ${count} records checked in the page in ${ms} ms; longest frame gap ${Math.round(gap)} ms`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('shows the file picked while a typed check was pending, not the typed text checked after it', async () => {
    const { page } = await sharedPage()
    const dir = mkdtempSync(path.join(tmpdir(), 'playground-'))
    try {
      // Larger than the text area shows (2 MiB), so picking it empties the text area.
      const mixed = readFileSync(path.join(examplesDir, 'mixed.ndjson'), 'utf8')
      const times = Math.ceil((3 * 1024 * 1024) / Buffer.byteLength(mixed))
      const file = path.join(dir, 'picked.ndjson')
      writeFileSync(file, mixed.repeat(times))
      const expected = `${MIXED_STATUSES.length * times} records: ${9 * times} valid`
      await checked(page, async () => {
        // Typing schedules a check 400 ms later; the file is picked before it runs.
        await page.locator('#input').fill('{"typed": true}')
        await page.setInputFiles('#file', file)
      })
      expect(await page.textContent('#summary')).toContain(expected)
      // Long after the typed check would have run: the file's result still stands.
      await page.waitForTimeout(800)
      expect(await page.getAttribute('body', 'data-state')).toBe('checked')
      expect(await page.textContent('#summary')).toContain(expected)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** The example's secret values (the `format: password` fields its model finds in it). */
async function secretsOf(file: string): Promise<string[]> {
  const value = readJson(readFileSync(path.join(examplesDir, file), 'utf8')) as Record<string, unknown>
  const model = file.replace(/\.json$/, '')
  const facts = manifest.find((f) => f.id === model)!
  const { model: found } = (await import(facts.specifier)) as { model: { secrets(v: unknown): string[] } }
  const values = found.secrets(value).map((pointer) => {
    let held: unknown = value
    for (const key of pointer.split('/').slice(1)) held = (held as Record<string, unknown>)[key]
    return String(held)
  })
  expect(values.length).toBeGreaterThan(0)
  return values
}

/** Where the page shows any of `secrets`: its HTML, or the value of a text area or input (but the pasted input). */
const showing = (page: Page, secrets: readonly string[]) =>
  page.evaluate((secrets) => {
    const places = [
      ['html', document.documentElement.outerHTML],
      ...[...document.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('textarea, input')]
        // The pasted input holds them by definition; the model reference shows the published schema,
        // whose `examples` are the same samples as examples/ (documentation, not the user's data).
        .filter((control) => control.id !== 'input' && control.id !== 'schema')
        .map((control) => [`#${control.id}`, control.value]),
    ]
    return places.flatMap(([where, text]) =>
      secrets.flatMap((secret, i) => (text!.includes(secret) ? [`secret ${i} in ${where}`] : [])),
    )
  }, secrets)

async function convertTo(page: Page, target: string): Promise<string> {
  await page.evaluate(() => {
    document.getElementById('convert-status')!.textContent = ''
  })
  await page.selectOption('#target', target)
  await page.locator('#convert').click()
  const said = () => page.textContent('#convert-status').then((text) => text ?? '')
  await expect
    .poll(
      async () => /^Cannot convert|to (\S+)$/.exec(await said())?.[1] ?? (await said()).startsWith('Cannot'),
    )
    .toBeTruthy()
  await expect.poll(said).toMatch(new RegExp(`^Cannot convert: |to ${target.replaceAll('.', '\\.')}$`))
  return said()
}

describe('converting', () => {
  it('converts to every target, with the loss report beside the output', async () => {
    const { page } = await sharedPage()
    const targets = await page
      .locator('#target option')
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))
    expect(targets).toEqual(expect.arrayContaining(['common/Session', 'ocsf/Authentication', 'jwt/Claims']))
    expect(targets).toHaveLength(9)
    await pickExample(page, 'vim25.UserSession.json')
    for (const target of targets) {
      // A UserSession has no XIQ user id or role: the one target it cannot fill (checked below).
      if (target === 'extremecloudiq/XiqApiTokenInfo') continue
      expect(await convertTo(page, target)).toBe(`Converted record 1 to ${target}`)
      const output = readJson(await page.inputValue('#output')) as Record<string, unknown>
      expect(typeof output).toBe('object')
      expect(await page.locator('#losses li').count()).toBeGreaterThan(0)
      if (target === 'ocsf/Authentication') expect(output.class_uid).toBe(3002)
      if (target === 'jwt/Claims') {
        expect(output.sub).toBe('VSPHERE.LOCAL\\Administrator')
        expect(await page.inputValue('#claims')).toBe(await page.inputValue('#output'))
      }
    }
    const refused = await convertTo(page, 'extremecloudiq/XiqApiTokenInfo')
    expect(refused).toMatch(/^Cannot convert: .*user_id/)
    expect(await page.inputValue('#output')).toBe('')
    await pickExample(page, 'XiqApiTokenInfo.json')
    expect(await convertTo(page, 'extremecloudiq/XiqApiTokenInfo')).toBe(
      'Converted record 1 to extremecloudiq/XiqApiTokenInfo',
    )
    // Exact int64: owner_id 2^53 + 1 survives the trip through the page and the worker.
    expect(await page.inputValue('#output')).toContain('"owner_id": 9007199254740993')
  })

  it('copies and downloads the output as shown', async () => {
    const { page } = await sharedPage()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
    await pickExample(page, 'cis.Session.Info.json')
    expect(await convertTo(page, 'ocsf/Authentication')).toBe('Converted record 1 to ocsf/Authentication')
    const output = await page.inputValue('#output')
    await page.locator('#copy').click()
    await expect.poll(() => page.textContent('#convert-status')).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(output)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()])
    expect(download.suggestedFilename()).toBe('ocsf-Authentication.json')
    expect(readFileSync(await download.path(), 'utf8')).toBe(output)
  })

  it('converts the sessions an envelope holds (iam.Session.List)', async () => {
    const { page } = await sharedPage()
    await pickExample(page, 'iam.Session.List.json')
    expect(await convertTo(page, 'common/Session')).toBe('Converted record 1 to common/Session')
    const output = readJson(await page.inputValue('#output')) as unknown[]
    expect(Array.isArray(output) && output.length).toBeGreaterThan(0)
    expect(await page.textContent('#losses')).toContain('holds')
  })

  it.each(['intersight/iam.Session.json', 'netscaler/mpssession.json', 'vsphere/vim25.UserSession.json'])(
    'shows no secret of examples/%s unless "include secrets" is ticked',
    async (file) => {
      const secrets = await secretsOf(file)
      const { page } = await sharedPage()
      await pickExample(page, file)
      for (const target of [
        'common/Session',
        'ocsf/Authentication',
        'jwt/Claims',
        file.replace(/\.json$/, ''),
      ]) {
        expect(await convertTo(page, target)).toBe(`Converted record 1 to ${target}`)
        expect(await showing(page, secrets)).toEqual([])
        // Claims carry no secret field; every other target keeps the field, redacted.
        if (target !== 'jwt/Claims') expect(await page.inputValue('#output')).toContain('<redacted>')
      }
      await page.locator('#include-secrets').check()
      await convertTo(page, file.replace(/\.json$/, ''))
      const output = await page.inputValue('#output')
      for (const secret of secrets) expect(output).toContain(secret)
    },
  )
})

describe('JWT', () => {
  const claims = JSON.stringify({ sub: 'alice', iat: 1_700_000_000, exp: 4_000_000_000, scope: 'read' })
  const pem = (type: 'rsa' | 'ec' | 'ed25519') => {
    const pair =
      type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : type === 'ec'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : generateKeyPairSync('ed25519')
    return {
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }
  }

  it.each([
    ['HS256', () => ({ privateKey: randomBytes(32).toString('hex'), publicKey: '' })],
    ['RS256', () => pem('rsa')],
    ['ES256', () => pem('ec')],
    ['EdDSA', () => pem('ed25519')],
  ] as const)(
    'signs and verifies with %s in the page (WebCrypto), and refuses a tampered token',
    async (alg, keys) => {
      const { privateKey, publicKey } = keys()
      const verifyKey = publicKey || privateKey
      const { page } = await sharedPage()
      await page.locator('#claims').fill(claims)
      await page.locator('#key').fill(privateKey)
      await page.selectOption('#alg', alg)
      await page.locator('#sign').click()
      await expect.poll(() => page.textContent('#jwt-status')).toBe(`Signed with ${alg}`)
      const token = await page.inputValue('#token')
      expect(token.split('.')).toHaveLength(3)
      // The page's token verifies outside the page too (jose in Node).
      const nodeKey = alg === 'HS256' ? new TextEncoder().encode(verifyKey) : await importSPKI(verifyKey, alg)
      expect((await jwtVerify(token, nodeKey, { algorithms: [alg] })).payload.sub).toBe('alice')

      await page.locator('#decode').click()
      await expect.poll(() => page.textContent('#jwt-status')).toContain('NOT verified')
      expect(await page.inputValue('#decoded')).toContain('"sub": "alice"')

      await page.locator('#key').fill(verifyKey)
      await page.locator('#verify').click()
      await expect
        .poll(() => page.textContent('#jwt-status'))
        .toBe('Signature verified: the claims are as the key holder signed them')

      const [header, payload, signature] = token.split('.')
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(claims), sub: 'mallory' })).toString(
        'base64url',
      )
      await page.locator('#token').fill(`${header}.${forged}.${signature}`)
      await page.locator('#verify').click()
      await expect.poll(() => page.textContent('#jwt-status')).toMatch(/^Failed: /)
      expect(payload).not.toBe(forged)
    },
  )
})
