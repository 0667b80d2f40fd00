// Writes the mapping table into README.md (a test fails when it is out of date).
import { readFileSync, writeFileSync } from 'node:fs'
import { mappingTable } from '../src/mapping-table.js'

const START = '<!-- mapping-table (pnpm --filter @session-schemas/converter docs; a test checks it) -->'
const END = '<!-- /mapping-table -->'
const file = new URL('../README.md', import.meta.url)
const text = readFileSync(file, 'utf8')
const start = text.indexOf(START) + START.length
writeFileSync(file, `${text.slice(0, start)}\n${mappingTable()}\n${text.slice(text.indexOf(END))}`)
