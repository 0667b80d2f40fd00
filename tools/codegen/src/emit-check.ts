/**
 * The ahead-of-time validator: TypeBox's `Compile.Code` output for the flattened schema, rewritten so
 * that it imports our formats and runtime helpers instead of TypeBox's external-variable table.
 */
import type { JsonSchemaObject } from '@session-schemas/core'
import { checkedFormats } from '@session-schemas/core/internal'
import { Code } from 'typebox/compile'
import Format from 'typebox/format'
import { Settings } from 'typebox/system'

/** Names under which generated code imports each checked format from `@session-schemas/core/internal`. */
const FORMAT_IMPORTS: Record<string, string> = {
  'date-time': 'isDateTime',
  date: 'isDate',
  ipv4: 'isIPv4',
  ipv6: 'isIPv6',
  uuid: 'isUuid',
}

export interface EmittedCheck {
  /** Names the code imports from `@session-schemas/core/internal` (formats and runtime helpers), sorted. */
  readonly helpers: string[]
  /** Other import lines the code needs (TypeBox's). */
  readonly imports: string[]
  /** The validator functions; the entry point is `aotCheck`. */
  readonly code: string
}

export function emitCheck(schema: JsonSchemaObject): EmittedCheck {
  // TypeBox looks formats up in its registry while it builds: put ours there, so the build refers to them.
  const formatNames = new Map<unknown, string>()
  for (const [format, check] of Object.entries(checkedFormats)) {
    Format.Set(format, check)
    formatNames.set(check, FORMAT_IMPORTS[format]!)
  }
  // The rule every validator here follows (ajv's): a property whose value is undefined is absent. TypeBox
  // reads an optional property that way unless exactOptionalPropertyTypes is on: keep it off, whatever
  // else set it. (Required properties and dependentRequired: see presence.ts.)
  Settings.Set({ exactOptionalPropertyTypes: false })
  const result = Code(schema as never)
  const externals = result.External.variables as unknown[]

  const constants: string[] = []
  const runtimeImports = new Set<string>()
  const names = externals.map((value, i) => {
    const format = formatNames.get(value)
    if (format) {
      runtimeImports.add(format)
      return format
    }
    if (value instanceof RegExp) {
      constants.push(
        `const pattern_${i} = new RegExp(${JSON.stringify(value.source)}, ${JSON.stringify(value.flags)})`,
      )
      return `pattern_${i}`
    }
    if (typeof value === 'function' || value === undefined) {
      throw new Error(`unexpected external value in TypeBox output: ${String(value)}`)
    }
    // A JSON value compared by deep equality (const/enum): JSON.parse keeps "__proto__" an own key.
    constants.push(`const value_${i} = JSON.parse(${JSON.stringify(JSON.stringify(value))})`)
    return `value_${i}`
  })

  let code = result.Code
  // Drop TypeBox's own module header: the external table and its setter, its imports, and its entry point.
  code = code
    .split('\n')
    .filter((line) => !/^import /.test(line))
    .join('\n')
    .replace(/\/\/ @ts-ignore\nlet External = \[\]\n/, '')
    .replace(/\/\/ @ts-ignore\nexport function SetExternal\(external\) \{[^\n]*\}\n/, '')
    .replace(
      /\/\/ @ts-ignore\nexport function Check\(value\) \{ return (.*) \}/,
      '// @ts-ignore\nconst aotCheck = (value) => $1',
    )
  code = code.replace(/External\[(\d+)\]/g, (_, i: string) => names[Number(i)]!)
  // TypeBox tests presence with \`"key" in value\`, which also sees inherited members (\`toString\` on \`{}\`).
  // For names that Object.prototype has, test own keys; for the others \`in\` is exact and ~10x faster.
  code = code.replace(
    /"((?:[^"\\]|\\.)*)" in (value(?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])*)/g,
    (match, key: string, object: string) =>
      JSON.parse(`"${key}"`) in Object.prototype ? `Object.hasOwn(${object}, "${key}")` : match,
  )
  // \`value.x === undefined || (!("x" in value) || ...)\`: once value.x is defined, "x" is in value (for a
  // name Object.prototype lacks), so the second test only costs time.
  code = code.replace(
    /(value(?:\.[A-Za-z_$][\w$]*)*)\.([A-Za-z_$][\w$]*) === undefined \|\| \(!\("\2" in \1\) \|\| /g,
    '$1.$2 === undefined || (',
  )
  // Array items through everyItem: \`every\` skips holes, and a loop is faster than its callback protocol.
  code = code.replace(
    /((?:value|unique_\d+)(?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])*)\.every\(/g,
    (_, items: string) => {
      runtimeImports.add('everyItem')
      return `everyItem(${items}, `
    },
  )
  code = countWithoutArrays(code)
  // The int64 maximum 2^63 - 1 is written 9223372036854776000 (2^63) in JavaScript: exact only for bigints.
  code = code.replace(
    /((?:value|unique_\d+)(?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])*) <= 9223372036854776000\b/g,
    (_, v: string) => {
      runtimeImports.add('withinInt64Max')
      return `withinInt64Max(${v})`
    },
  )
  // An integer beyond 2^53 reaches check as an exact bigint (readJson), which `===` never finds equal to
  // a const or enum number: compare those by value.
  code = code.replace(
    /((?:value|unique_\d+)(?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])*) === (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?![\w.])/g,
    (match, v: string, literal: string) => {
      const n = Number(literal)
      if (!Number.isInteger(n) || Number.isSafeInteger(n)) return match
      runtimeImports.add('equalsInteger')
      return `equalsInteger(${v}, ${literal})`
    },
  )
  // multipleOf through the one implementation the evaluator shares (TypeBox's throws for a bigint
  // dividend and a fractional divisor).
  if (code.includes('Guard.IsMultipleOf(')) {
    runtimeImports.add('isMultipleOf')
    code = code.replaceAll('Guard.IsMultipleOf(', 'isMultipleOf(')
  }
  // JSON integers may be exact bigints (read beyond 2^53): accept them wherever a number is.
  if (code.includes('Number.isInteger(')) runtimeImports.add('isJsonInteger')
  if (code.includes('Number.isFinite(')) runtimeImports.add('isJsonNumber')
  code = code
    .replaceAll('Number.isInteger(', 'isJsonInteger(')
    .replaceAll('Number.isFinite(', 'isJsonNumber(')

  const imports: string[] = []
  if (code.includes('Guard.')) imports.push(`import { Guard } from 'typebox/guard'`)
  if (code.includes('Hashing.')) imports.push(`import { Hashing } from 'typebox/system'`)
  if (code.includes('CheckContext')) imports.push(`import { CheckContext } from 'typebox/schema'`)
  return { helpers: [...runtimeImports].sort(), imports, code: [...constants, code.trim()].join('\n') }
}

const ONE_OF = /\]\.reduce\(\(result, (unique_\d+), _\) => \(\1 === true\) \? \+\+result : result, 0\)/

/**
 * TypeBox counts oneOf matches with \`[a, b, c].reduce(...)\`: an array per value. Summing the booleans
 * (\`+(a) + +(b) + +(c)\`) evaluates the same branches in the same order, without allocating.
 */
function countWithoutArrays(code: string): string {
  for (let match = ONE_OF.exec(code); match; match = ONE_OF.exec(code)) {
    const end = match.index
    let depth = 0
    let start = end - 1
    for (; start >= 0; start--) {
      const c = code[start]
      if (c === ']' || c === ')' || c === '}') depth++
      else if (c === '(' || c === '{') depth--
      else if (c === '[') {
        if (depth === 0) break
        depth--
      }
    }
    const items = splitTopLevel(code.slice(start + 1, end))
    code = `${code.slice(0, start)}(${items.map((item) => `+(${item})`).join(' + ')})${code.slice(end + match[0].length)}`
  }
  return code
}

/** Splits a comma-separated list of expressions at its top level (strings and brackets respected). */
function splitTopLevel(list: string): string[] {
  const items: string[] = []
  let depth = 0
  let inString = false
  let from = 0
  for (let i = 0; i < list.length; i++) {
    const c = list[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (c === ',' && depth === 0) {
      items.push(list.slice(from, i).trim())
      from = i + 1
    }
  }
  items.push(list.slice(from).trim())
  return items
}
