/** The error codes and reasons the README documents, read from its "What is refused, and how" table. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { JwtError } from '../src/index.js'

const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8')

/** Every documented `code reason` pair (a row may list several codes for one reason). */
export function documentedErrors(): ReadonlySet<string> {
  const start = readme.indexOf('\n## What is refused, and how\n')
  const end = readme.indexOf('\n## ', start + 1)
  const pairs = new Set<string>()
  for (const row of readme.slice(start, end).split('\n')) {
    const cells = row.split('|').map((cell) => cell.trim())
    if (cells.length < 4) continue
    const codes = [...(cells.at(-3) ?? '').matchAll(/`(ERR_[A-Z_]+)`/g)].map((m) => m[1])
    const reasons = [...(cells.at(-2) ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1])
    for (const code of codes) for (const reason of reasons) pairs.add(`${code} ${reason}`)
  }
  return pairs
}

/**
 * Asserts that `error` is a JwtError with a documented code and reason, a one-line message, and none of
 * `secrets` in its message or in the message of any error it wraps.
 */
export function expectDocumentedJwtError(
  error: unknown,
  secrets: readonly string[],
  label: string,
): JwtError {
  expect(error, `${label}: ${String(error)}`).toBeInstanceOf(JwtError)
  const jwtError = error as JwtError
  expect(documentedErrors(), label).toContain(`${jwtError.code} ${jwtError.reason}`)
  expect(jwtError.message, label).not.toMatch(/\n/)
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    for (const secret of secrets) expect(e.message, `${label}: a secret in the message`).not.toContain(secret)
  return jwtError
}
