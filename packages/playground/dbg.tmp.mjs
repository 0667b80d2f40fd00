import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { chromium } from 'playwright-core'

const dist = path.resolve('dist')
const T = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }
const server = createServer((q, r) => {
  const u = new URL(q.url, 'http://x')
  const f = path.join(dist, u.pathname === '/' ? 'index.html' : u.pathname)
  if (!existsSync(f)) {
    r.writeHead(404).end()
    return
  }
  r.writeHead(200, { 'content-type': T[path.extname(f)] ?? 'application/octet-stream' })
  r.end(readFileSync(f))
})
await new Promise((res) => server.listen(0, '127.0.0.1', res))
const origin = `http://127.0.0.1:${server.address().port}`
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage()
page.on('console', (m) => console.log('console', m.type(), m.text()))
page.on('pageerror', (e) => console.log('pageerror', e.message))
page.on('response', (r) => {
  if (r.status() >= 400) console.log('status', r.status(), r.url())
})
page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText))
page.on('worker', (w) => {
  console.log('worker', w.url())
  w.on('console', (m) => console.log('wconsole', m.text()))
})
page.on('requestfinished', async (r) => console.log('req', (await r.response())?.status(), r.url()))
await page.goto(origin + '/')
await page.waitForTimeout(1000)
console.log(
  await page.evaluate(
    () =>
      new Promise((res) => {
        const w = new Worker(document.querySelector('script') ? '/assets/' + 'worker-BjJg3ymk.js' : '', {
          type: 'module',
        })
        w.onerror = (e) => res('error ' + e.message + ' ' + e.filename + ':' + e.lineno)
        w.onmessage = (m) => res(JSON.stringify(m.data).slice(0, 300))
        w.postMessage({ id: 1, op: 'schema', id: 'intersight/DisplayNames' })
        setTimeout(() => res('timeout'), 3000)
      }),
  ),
)
console.log(
  await page.getAttribute('body', 'data-ready'),
  await page.evaluate(() => [
    document.getElementById('model-ref').options.length,
    document.getElementById('target').options.length,
    document.getElementById('example').options.length,
    document.getElementById('schema').value.length,
  ]),
)
await browser.close()
server.close()
