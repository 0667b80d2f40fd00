/** Small helpers that turn values into the words of an issue message. */

/** The JSON type of a value as a user would name it (`integer` for whole numbers, `array`, `null`). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value)) return 'integer'
      return Number.isFinite(value) ? 'number' : `${String(value)} (not a JSON number)`
    case 'bigint':
      return 'integer'
    case 'string':
      return /^-?\d+(\.\d+)?$/.test(value)
        ? 'string (a string-encoded number?)'
        : value === 'true' || value === 'false'
          ? 'string (a string-encoded boolean?)'
          : 'string'
    case 'undefined':
      return 'undefined (not a JSON value)'
    case 'function':
      return 'function (not a JSON value)'
    case 'symbol':
      return 'symbol (not a JSON value)'
    default:
      return typeof value
  }
}

const PREVIEW_LIMIT = 60

/** A short, safe rendering of a value for a message: long strings are cut, objects summarised. */
export function preview(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > PREVIEW_LIMIT ? `${value.slice(0, PREVIEW_LIMIT)}…` : value
    return JSON.stringify(cut)
  }
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  return describeValue(value)
}

function fold(key: string): string {
  return key.replace(/[_\-\s]/g, '').toLowerCase()
}

/**
 * When a required key is missing, the key that is probably it under another casing
 * (`class_id` for `ClassId`, `UserName` for `userName`), if the object has one.
 */
export function likelyCasingMistake(required: string, present: readonly string[]): string | undefined {
  const wanted = fold(required)
  return present.find((key) => key !== required && fold(key) === wanted)
}
