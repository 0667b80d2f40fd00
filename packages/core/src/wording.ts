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

/** The length of a string in Unicode code points (what `minLength` and `maxLength` count). */
export function codePointLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

/**
 * A secret value (`format: "password"`) as a message may name it: its type and size only. Not even the
 * hints of `describeValue` (a string that looks numeric says something about the secret).
 */
export function describeSecret(value: unknown): string {
  if (typeof value === 'string') return `a secret string of ${codePointLength(value)} characters`
  if (Array.isArray(value)) return `a secret array of ${value.length} items`
  if (typeof value === 'object' && value !== null) return 'a secret object'
  if (typeof value === 'number') return Number.isInteger(value) ? 'a secret integer' : 'a secret number'
  if (typeof value === 'bigint') return 'a secret integer'
  if (typeof value === 'boolean') return 'a secret boolean'
  return describeValue(value)
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

/** `_`, `-`, or what `\s` matches in a regular expression (white space and line terminators). */
function isSeparator(c: number): boolean {
  // Keys are mostly ASCII letters and digits, above `-`: one range test settles them (only `_` is one).
  if (c > 45 && c < 128) return c === 95
  return (
    c === 45 ||
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/** A key without `_`, `-` and white space, lower-cased (a loop: this runs for every key of an object). */
function fold(key: string): string {
  let kept = ''
  let from = 0
  for (let i = 0; i < key.length; i++) {
    if (!isSeparator(key.charCodeAt(i))) continue
    kept += key.slice(from, i)
    from = i + 1
  }
  return (from === 0 ? key : kept + key.slice(from)).toLowerCase()
}

/**
 * Folded keys, by key: an object's keys recur from record to record. Bounded in count and in size (only keys of
 * up to MAX_REMEMBERED_KEY characters are kept: at most ~2 MB), so that odd or huge keys cannot grow it.
 */
const foldedKeys = new Map<string, string>()
const MAX_FOLDED_KEYS = 4096
export const MAX_REMEMBERED_KEY = 128

function folded(key: string): string {
  let answer = foldedKeys.get(key)
  if (answer === undefined) {
    answer = fold(key)
    if (foldedKeys.size < MAX_FOLDED_KEYS && key.length <= MAX_REMEMBERED_KEY) foldedKeys.set(key, answer)
  }
  return answer
}

/**
 * When a required key is missing, the key that is probably it under another casing
 * (`class_id` for `ClassId`, `UserName` for `userName`), if the object has one.
 */
export function likelyCasingMistake(required: string, present: readonly string[]): string | undefined {
  const target = folded(required)
  for (const key of present) if (key !== required && folded(key) === target) return key
  return undefined
}

/**
 * `likelyCasingMistake` for the required keys one object lacks, one after another (an errors() run words them in
 * a row): the object's keys are read once, and from the second missing key on they are looked up by their folded
 * form, folded once (a wrong object of k keys lacking m required ones took m * k folds, and a key too long for
 * `folded` to remember was folded again each time).
 */
export class CasingIndex {
  #object: object | undefined
  #keys: readonly string[] = []
  #asked = 0
  /** Folded key -> the first key with that fold. */
  #byFolded: Map<string, string> | undefined

  mistakeFor(required: string, object: object): string | undefined {
    if (object !== this.#object) {
      this.#keys = Object.keys(object)
      this.#object = object
      this.#asked = 0
      this.#byFolded = undefined
    }
    const keys = this.#keys
    if (keys.length === 0) return undefined
    if (this.#asked++ === 0) return likelyCasingMistake(required, keys)
    if (this.#byFolded === undefined) {
      const byFolded = new Map<string, string>()
      for (const key of keys) {
        const fold = folded(key)
        if (!byFolded.has(fold)) byFolded.set(fold, key)
      }
      this.#byFolded = byFolded
    }
    const first = this.#byFolded.get(folded(required))
    // The first key of that fold is the required one itself (present, but undefined): another may come after it.
    return first === required ? likelyCasingMistake(required, keys) : first
  }
}

/**
 * A key name as compared with the names of secrets: compatibility forms (fullwidth `ｔｏｋｅｎ`), accents, case and every
 * character that is not a letter or a digit do not matter (`session_id`, `SessionId`, `SESSION-ID`,
 * `Session Id`, `session.id` and `token ` are names of secrets). The generator and the converter compare
 * names by it.
 */
export function secretNameKey(key: string): string {
  // NFKD: compatibility forms become their letters and accents come apart, so the marks go with the other
  // characters that are not letters or digits (`to\u0301ken`, `sécret`). A dotless ı is an i here.
  return key
    .normalize('NFKD')
    .toLowerCase()
    .replaceAll('ı', 'i')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/**
 * Ends of the names credentials go by in any API (a `secretNameKey`): `access_token`, `client_secret`, `X-Api-Key`.
 * Each in the singular: its plural (the ending and an `s`) is one too, since a list of credentials is as secret
 * as one (`client_secrets`, `api_keys`, `access_tokens`, `session_ids`), except the bare `tokens` (see below).
 */
const CREDENTIAL_ENDINGS = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'apikey',
  'credential',
  'cookie',
  'privatekey',
  'secretkey',
  'accesskey',
  'signingkey',
  'sessionkey',
  // Session cookies: JSESSIONID, PHPSESSID, ASP.NET_SessionId, X-Session-Id.
  'sessionid',
  'sessid',
]
/**
 * Whole names of credentials (a `secretNameKey`) that no ending above covers. Not `authorization`: common/Session
 * names its role and scopes so, and they land in OCSF's `unmapped`.
 */
const CREDENTIAL_NAMES = new Set(['pwd', 'clientassertion', 'codeverifier'])
/**
 * Plurals of the endings above that are no credential alone: `tokens`, a count as often as a list. With anything
 * before it (`access_tokens`, `sessionTokens`) it is one.
 */
const BARE_PLURALS_NOT_CREDENTIALS = new Set(['tokens'])

/**
 * Whether a name (a `secretNameKey`) is one credentials go by in any API, beyond the names our schemas mark:
 * OAuth 2.0 and OpenID Connect tokens (`access_token`, `refresh_token`, `id_token`), client secrets, API keys,
 * passwords, cookies, private keys. A value under such a name where no schema describes it is a secret.
 */
export function isCredentialName(name: string): boolean {
  // A private key however it is wrapped: `private_key_pem`, `privateKeyData`.
  if (name.includes('privatekey')) return true
  // A plural is judged by its singular (no ending or name ends in `s`), but for the bare plurals that are no
  // credential.
  const singular = name.endsWith('s') && !BARE_PLURALS_NOT_CREDENTIALS.has(name) ? name.slice(0, -1) : name
  return CREDENTIAL_NAMES.has(singular) || CREDENTIAL_ENDINGS.some((ending) => singular.endsWith(ending))
}
