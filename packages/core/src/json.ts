/**
 * JSON text in and out, without losing integers: `JSON.parse` for speed, and an exact re-read of the
 * rare document that holds an integer beyond 2^53 (then a bigint, never a rounded number).
 */
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json'
import { exactInteger } from './runtime.js'
import { copyArray } from './safe-copy.js'

/** Malformed JSON text: where and why. */
export class JsonSyntaxError extends SyntaxError {
  override readonly name = 'JsonSyntaxError'
  /** 1-based line and column of the problem, when the parser said where it is. */
  readonly line: number | undefined
  readonly column: number | undefined

  constructor(message: string, line?: number, column?: number) {
    super(line !== undefined ? `${message} (line ${line}, column ${column})` : message)
    this.line = line
    this.column = column
  }
}

/** JSON that is well-formed but beyond what can be processed (nested too deeply for a recursive step). */
export class JsonLimitError extends RangeError {
  override readonly name = 'JsonLimitError'
  readonly code = 'ERR_JSON_TOO_DEEP'
}

/** Runs a recursive step; a stack overflow becomes a JsonLimitError that says what was being done. */
function withinStack<T>(what: string, step: () => T): T {
  try {
    return step()
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new JsonLimitError(`${what}: the JSON is nested too deeply (${error.message})`)
    }
    throw error
  }
}

/** How exact integers beyond 2^53 are represented: `bigint` (default), or a decimal `string`. */
export type Int64Mode = 'bigint' | 'string'

export interface ReadJsonOptions {
  /** Representation of integers beyond 2^53. Default `bigint`. */
  readonly int64?: Int64Mode
}

const INTEGER_LITERAL = /^-?\d+$/

/** Reads one JSON document. Integers beyond 2^53 come back exact; a BOM is ignored. */
export function readJson(text: string, options: ReadJsonOptions = {}): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let value: unknown
  try {
    value = JSON.parse(source)
  } catch (error) {
    throw toSyntaxError(source, error)
  }
  // A walk over the parsed value finds unsafe integers faster than a scan of the text for long digit runs.
  if (!hasUnsafeInteger(value)) return value
  const exact = withinStack('reading integers beyond 2^53 exactly', () =>
    parseLossless(source, null, (digits: string) => {
      if (!INTEGER_LITERAL.test(digits)) return Number(digits)
      return exactInteger(digits)
    }),
  )
  return options.int64 === 'string' ? bigintsToStrings(exact) : exact
}

/** Whether a parsed value holds a number that is an integer beyond 2^53 (so it may have been rounded). */
export function hasUnsafeInteger(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'number') {
      if (Number.isInteger(item) && !Number.isSafeInteger(item)) return true
    } else if (typeof item === 'object' && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) {
        if (typeof child === 'object' ? child !== null : typeof child === 'number') stack.push(child)
      }
    }
  }
  return false
}

/** A copy in which every bigint is its decimal string; objects are copied without invoking setters. */
export function bigintsToStrings(value: unknown): unknown {
  return withinStack('writing integers beyond 2^53 as strings', () => mapBigints(value, (n) => n.toString()))
}

function mapBigints(value: unknown, map: (n: bigint) => unknown): unknown {
  if (typeof value === 'bigint') return map(value)
  if (Array.isArray(value)) return copyArray(value, (item) => mapBigints(item, map))
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: mapBigints((value as Record<string, unknown>)[key], map),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy
}

/** Whether a value holds a bigint anywhere (then it needs the exact writer). */
function hasBigint(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'bigint') return true
    if (typeof item === 'object' && item !== null)
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push(child)
  }
  return false
}

export interface WriteJsonOptions {
  /** Exact integers as JSON numbers (`bigint`, default) or as decimal strings (`string`). */
  readonly int64?: Int64Mode
  /** Indentation, as for `JSON.stringify`. */
  readonly indent?: number
}

/** Writes one JSON document; bigints are written exactly, as numbers or as strings. */
export function writeJson(value: unknown, options: WriteJsonOptions = {}): string {
  return withinStack('writing JSON', () => {
    try {
      // The common case has no bigint: let JSON.stringify find out (it throws on one) instead of a walk.
      return JSON.stringify(value, null, options.indent)
    } catch (error) {
      if (!(error instanceof TypeError) || !hasBigint(value)) throw error
    }
    if (options.int64 === 'string') return JSON.stringify(bigintsToStrings(value), null, options.indent)
    return stringifyLossless(value, null, options.indent) ?? 'null'
  })
}

function toSyntaxError(text: string, error: unknown): JsonSyntaxError {
  const message = error instanceof Error ? error.message : String(error)
  if (text.trim() === '') return new JsonSyntaxError('empty input: expected a JSON value')
  let match = /position (\d+)/.exec(message)
  if (!match) {
    // Newer V8 messages quote the text instead of giving a position: ask the exact parser where it is.
    try {
      parseLossless(text)
    } catch (located) {
      match = /position (\d+)/.exec(located instanceof Error ? located.message : '')
    }
  }
  if (!match) return new JsonSyntaxError(message)
  const position = Number(match[1])
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return new JsonSyntaxError(
    message.replace(/ (in JSON )?at position \d+.*$/, ''),
    line,
    position - lineStart + 1,
  )
}
