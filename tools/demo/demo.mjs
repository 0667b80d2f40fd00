// `pnpm demo`: validates every ExtremeCloud IQ example with the built @session-schemas/extremecloudiq
// and prints the verdict, each issue (JSON Pointer, keyword, message) and the drift it found.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { JsonSyntaxError, ValidationError } from '@session-schemas/core'
import { models } from '@session-schemas/extremecloudiq'

const root = path.resolve(import.meta.dirname, '../..')
const examples = path.join(root, 'schemas/extremecloudiq/examples')
const byName = new Map(models.map((model) => [model.id.split('/')[1], model]))
const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)

let count = 0
for (const kind of ['valid', 'invalid']) {
  for (const name of readdirSync(path.join(examples, kind)).sort()) {
    const model = byName.get(name)
    console.log(`\n${paint(1, model.id)} — examples/${kind}/`)
    for (const file of readdirSync(path.join(examples, kind, name)).sort()) {
      count++
      const text = readFileSync(path.join(examples, kind, name, file), 'utf8')
      try {
        const value = model.parseJson(text)
        const drift = model.unknownProperties(value).map((u) => u.path)
        const exact = /\d{16}/.test(text) ? ' (int64 read exactly)' : ''
        console.log(
          `  ${paint(32, 'valid  ')} ${file}${exact}${drift.length ? `  drift: ${drift.join(', ')}` : ''}`,
        )
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof JsonSyntaxError)) throw error
        console.log(`  ${paint(31, 'invalid')} ${file}`)
        for (const issue of error.issues ?? [{ path: '', keyword: 'json', message: error.message }]) {
          console.log(`           ${issue.path || '(root)'}  ${paint(2, issue.keyword)}  ${issue.message}`)
        }
      }
    }
  }
}
console.log(`\n${count} examples checked.`)
