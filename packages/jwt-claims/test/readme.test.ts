/**
 * The README's sign/verify example runs as written, and prints what its comments say; its mapping table
 * names every XiqApiTokenInfo field.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { inspect } from 'node:util'
import { schema as tokenInfoSchema } from '@session-schemas/extremecloudiq/XiqApiTokenInfo'
import { afterEach, describe, expect, it, vi } from 'vitest'

const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8')

function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThan(-1)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

describe('README', () => {
  const file = path.resolve(import.meta.dirname, '.readme-example.tmp.ts')
  afterEach(() => rmSync(file, { force: true }))

  it('runs the sign/verify example and prints what its comments say', async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(section('Sign and verify'))?.[1]
    expect(code).toBeDefined()
    const expected = [...code!.matchAll(/console\.log\(.*\) \/\/ (.*)$/gm)].map((m) => m[1])
    expect(expected.length).toBeGreaterThanOrEqual(4)
    const printed: string[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '))
    })
    try {
      // The example imports the package by name: vitest resolves it to the sources.
      writeFileSync(file, code!)
      await import(/* @vite-ignore */ file)
    } finally {
      log.mockRestore()
    }
    expect(printed).toEqual(expected)
  })

  it('maps every XiqApiTokenInfo field in its table', () => {
    const table = section('XiqApiTokenInfo <-> claims')
    for (const field of Object.keys(tokenInfoSchema.properties)) expect(table).toContain(`| \`${field}\``)
  })
})
