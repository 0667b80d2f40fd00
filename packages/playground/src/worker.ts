/**
 * All the work of the page, off its main thread: reading, splitting, detecting, validating, converting,
 * and JWT decode/sign/verify through jose's WebCrypto path. Only the page's own messages come in; only
 * results go out, and no message quotes input text (the libraries' errors never do; ours neither).
 */
import {
  COMMON_MODEL,
  convert,
  models as converterModels,
  isSessionModel,
  OCSF_MODEL,
  SESSION_MODELS,
  toOcsf,
} from '@session-schemas/converter'
import { detectableModels, judge, registryOf } from '@session-schemas/converter/detect'
import {
  fromPointer,
  type Issue,
  JsonSyntaxError,
  type Loss,
  readJson,
  toPointer,
  type UnknownProperty,
  writeJson,
} from '@session-schemas/core'
import { models as extremecloudiq } from '@session-schemas/extremecloudiq'
import { models as intersight } from '@session-schemas/intersight'
import {
  decodeUnverified,
  type JwsAlgorithm,
  models as jwtModels,
  sign,
  verify,
} from '@session-schemas/jwt-claims'
import { sessionToClaims } from '@session-schemas/jwt-claims/session-to-claims'
import { models as netscaler } from '@session-schemas/netscaler'
import { models as vsphere } from '@session-schemas/vsphere'
import { importPKCS8, importSPKI, importX509, type JWK } from 'jose'
import { locate } from './locate.js'
import type {
  ConversionResult,
  FromWorker,
  ModelRow,
  Place,
  Replies,
  ShownIssue,
  ShownRecord,
  Summary,
  ToWorker,
} from './protocol.js'
import { type Piece, splitRecords } from './records.js'
import { lineAndColumnAt } from './scan.js'

const registry = registryOf([
  ...intersight,
  ...vsphere,
  ...netscaler,
  ...extremecloudiq,
  ...converterModels,
  ...jwtModels,
])
const CLAIMS_MODEL = 'jwt/Claims'
const TARGETS = [...SESSION_MODELS, COMMON_MODEL, OCSF_MODEL, CLAIMS_MODEL]
/** Records listed one by one (with their issues and where they are); the summary counts every record. */
const SHOWN = 200

interface Scope {
  postMessage(message: FromWorker): void
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null
}
const scope = self as unknown as Scope

/** The last input checked: conversions take their record from it. */
let current: { text: string; pieces: Piece[] } | undefined

scope.onmessage = (event) => {
  const request = event.data
  const progress = (phase: string, done: number, total: number) =>
    scope.postMessage({ id: request.id, kind: 'progress', phase, done, total })
  handle(request, progress).then(
    (result) => scope.postMessage({ id: request.id, kind: 'done', result }),
    (error: unknown) => scope.postMessage({ id: request.id, kind: 'failed', message: describe(error) }),
  )
}

type Progress = (phase: string, done: number, total: number) => void

async function handle(request: ToWorker, progress: Progress): Promise<Replies[keyof Replies]> {
  switch (request.op) {
    case 'check':
      return check(request.text, performance.now(), progress)
    case 'checkFile': {
      const started = performance.now()
      return check(await readText(request.file, progress), started, progress)
    }
    case 'convert':
      return convertRecord(request.record, request.target, request.includeSecrets)
    case 'targets':
      return TARGETS
    case 'models':
      return modelRows()
    case 'schema': {
      const entry = registry.get(request.model)
      if (!entry) throw new Error('no such model')
      return writeJson(entry.model.schema, { indent: 2 })
    }
    case 'decode': {
      const token = decodeUnverified(request.token.trim())
      return {
        header: writeJson(token.header, { indent: 2 }),
        payload: writeJson(token.payload, { indent: 2 }),
        issues: token.issues.map(shownIssue),
      }
    }
    case 'sign': {
      const claims = readJson(request.claims) as Parameters<typeof sign>[0]
      const alg = request.alg as JwsAlgorithm
      return sign(claims, await importKey(request.key, alg, 'sign'), { alg, typ: 'JWT' })
    }
    case 'verify': {
      const alg = request.alg as JwsAlgorithm
      const verified = await verify(request.token.trim(), await importKey(request.key, alg, 'verify'), {
        algorithms: [alg],
      })
      return {
        header: writeJson(verified.header, { indent: 2 }),
        claims: writeJson(verified.claims, { indent: 2 }),
      }
    }
  }
}

/** A file's text, decoded as UTF-8 chunk by chunk, with progress. */
async function readText(file: Blob, progress: Progress): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const parts: string[] = []
  let read = 0
  let reported = 0
  const reader = file.stream().getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      read += value.byteLength
      parts.push(decoder.decode(value, { stream: true }))
      const now = performance.now()
      if (now - reported > 50) {
        reported = now
        progress('read', read, file.size)
      }
    }
    parts.push(decoder.decode())
  } catch (error) {
    if (error instanceof TypeError) throw new Error('the file is not valid UTF-8 text')
    throw error
  }
  return parts.join('')
}

function check(text: string, started: number, progress: Progress): Summary {
  const pieces: Piece[] = []
  splitRecords(text, (piece) => pieces.push(piece))
  current = { text, pieces }
  const counts = { valid: 0, invalid: 0, unknown: 0, malformed: 0, withDrift: 0 }
  const byModel: Record<string, number> = {}
  const shown: ShownRecord[] = []
  let reported = performance.now()
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k]!
    const record = judgeRecord(text, piece, k + 1, k < SHOWN)
    counts[record.status]++
    if (record.driftCount > 0) counts.withDrift++
    if (record.status === 'valid' || record.status === 'invalid')
      byModel[record.model] = (byModel[record.model] ?? 0) + 1
    if (record.shown) shown.push(record.shown)
    const now = performance.now()
    if (now - reported > 50) {
      reported = now
      progress('check', piece.end, text.length)
    }
  }
  progress('check', text.length, text.length)
  return {
    records: pieces.length,
    ...counts,
    byModel,
    shown,
    bytes: text.length,
    milliseconds: Math.round(performance.now() - started),
  }
}

interface Judged {
  readonly status: ShownRecord['status']
  readonly model: string
  readonly driftCount: number
  readonly shown?: ShownRecord
}

function judgeRecord(text: string, piece: Piece, index: number, show: boolean): Judged {
  const place = placeOf(text, piece, piece.start, piece.end)
  if (piece.problem !== undefined)
    return malformed(index, place, { pointer: '', keyword: 'json', message: piece.problem, place }, show)
  const source = text.slice(piece.start, piece.end)
  let value: unknown
  try {
    value = readJson(source)
  } catch (error) {
    const issue: ShownIssue = { pointer: '', keyword: 'json', message: describe(error) }
    if (error instanceof JsonSyntaxError && error.line !== undefined && error.column !== undefined) {
      const offset = piece.start + offsetIn(source, error.line, error.column)
      const at = placeOf(text, piece, offset, Math.min(offset + 1, piece.end))
      return malformed(
        index,
        place,
        { ...issue, message: error.message.replace(/ \(line \d+, column \d+\)$/, ''), place: at },
        show,
      )
    }
    return malformed(index, place, issue, show)
  }
  const verdict = judge(value, registry)
  const status = verdict.valid ? 'valid' : verdict.model === 'unknown' ? 'unknown' : 'invalid'
  const model = verdict.valid ? verdict.models.join(' or ') : verdict.model
  const first = verdict.valid ? verdict.models[0] : verdict.model.split(' or ')[0]
  const judgedAs = first === undefined ? undefined : registry.get(first)
  const drift: readonly UnknownProperty[] = judgedAs ? judgedAs.model.unknownProperties(value) : []
  if (!show) return { status, model, driftCount: drift.length }
  const at = (pointer: string): Place => {
    const span = locate(source, pointer)
    return placeOf(text, piece, piece.start + span.start, piece.start + span.end)
  }
  const issues = verdict.valid
    ? []
    : verdict.issues.map((issue) => ({ ...shownIssue(issue), place: at(issue.path) }))
  const convertible =
    verdict.valid &&
    verdict.models.some((id) => isSessionModel(id) || id === COMMON_MODEL || registry.get(id)?.facts.envelope)
  return {
    status,
    model,
    driftCount: drift.length,
    shown: {
      index,
      place,
      status,
      model,
      issues,
      drift: drift.map((unknown) => ({
        pointer: unknown.path,
        keyword: 'unknownProperty',
        message: `${JSON.stringify(unknown.key)} is not in the schema (drift)`,
        place: at(unknown.path),
      })),
      convertible,
    },
  }
}

function malformed(index: number, place: Place, issue: ShownIssue, show: boolean): Judged {
  const model = 'not JSON'
  return {
    status: 'malformed',
    model,
    driftCount: 0,
    ...(show
      ? {
          shown: { index, place, status: 'malformed', model, issues: [issue], drift: [], convertible: false },
        }
      : {}),
  }
}

const shownIssue = (issue: Issue): ShownIssue => ({
  pointer: issue.path,
  keyword: issue.keyword,
  message: issue.message,
})

function placeOf(text: string, piece: Piece, start: number, end: number): Place {
  const { line, column } = lineAndColumnAt(text, start, {
    offset: piece.start,
    line: piece.line,
    column: piece.column,
  })
  return { start, end, line, column }
}

/** The offset of a 1-based line and column in `text`. */
function offsetIn(text: string, line: number, column: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset)
    if (next === -1) break
    offset = next + 1
  }
  return Math.min(offset + column - 1, text.length)
}

/** The sessions a record holds: itself, or (an envelope) those at the manifest's pointer or in its list. */
function sessionsOf(model: string, value: unknown): { model: string; value: unknown; pointer: string }[] {
  const envelope = registry.get(model)?.facts.envelope
  if (!envelope) return [{ model, value, pointer: '' }]
  const at = (pointer: string) => {
    let held: unknown = value
    for (const key of fromPointer(pointer)) held = (held as Record<string, unknown> | null)?.[String(key)]
    return held
  }
  if (envelope.value !== undefined)
    return [{ model: envelope.holds, value: at(envelope.value), pointer: envelope.value }]
  if (envelope.items === undefined)
    return value === null ? [] : [{ model: envelope.holds, value, pointer: '' }]
  const items = at(envelope.items)
  if (!Array.isArray(items)) return []
  const countKey = envelope.countKey
  return items.flatMap((item, i) =>
    countKey !== undefined && isOnly(item, countKey)
      ? []
      : [{ model: envelope.holds, value: item, pointer: toPointer([...fromPointer(envelope.items!), i]) }],
  )
}

const isOnly = (item: unknown, key: string) =>
  typeof item === 'object' && item !== null && Object.keys(item).length === 1 && Object.hasOwn(item, key)

function convertRecord(index: number, target: string, includeSecrets: boolean): ConversionResult {
  if (!current) throw new Error('check an input first')
  const piece = current.pieces[index - 1]
  if (!piece || piece.problem !== undefined) throw new Error(`there is no record ${index}`)
  const value = readJson(current.text.slice(piece.start, piece.end))
  const verdict = judge(value, registry)
  if (!verdict.valid) throw new Error(`record ${index} is not valid, so it cannot be converted`)
  const model = verdict.models.find(
    (id) => isSessionModel(id) || id === COMMON_MODEL || registry.get(id)?.facts.envelope,
  )
  if (!model) throw new Error(`record ${index} is ${verdict.models.join(' or ')}, which holds no session`)
  const sessions = sessionsOf(model, value)
  if (sessions.length === 0)
    return { output: '', losses: [], unmapped: [], notes: [`${model} holds no session`] }
  const outputs: unknown[] = []
  const losses: Loss[] = []
  const unmapped: string[] = []
  for (const session of sessions) {
    const done = convertSession(session.model, session.value, target, includeSecrets)
    outputs.push(done.value)
    for (const loss of done.losses) losses.push({ ...loss, path: `${session.pointer}${loss.path}` })
    for (const key of Object.keys(done.unmapped)) unmapped.push(`${session.pointer}/${key}`)
  }
  const notes =
    sessions.length > 1 || sessions[0]!.pointer !== ''
      ? [`${model} holds ${sessions.length} session(s) of ${sessions[0]!.model}`]
      : []
  return {
    output: writeJson(outputs.length === 1 && sessions[0]!.pointer === '' ? outputs[0] : outputs, {
      indent: 2,
    }),
    losses,
    unmapped,
    notes,
  }
}

function convertSession(from: string, value: unknown, target: string, includeSecrets: boolean) {
  if (target === OCSF_MODEL || target === CLAIMS_MODEL) {
    const common = convert(value, { from, to: COMMON_MODEL, includeSecrets })
    const next =
      target === OCSF_MODEL
        ? toOcsf(common.value as Parameters<typeof toOcsf>[0], { includeSecrets })
        : sessionToClaims(common.value as Parameters<typeof sessionToClaims>[0])
    return { value: next.value, losses: [...common.losses, ...next.losses], unmapped: common.unmapped }
  }
  return convert(value, { from, to: target, includeSecrets })
}

/** A key from what was pasted: a JWK or JWK Set (JSON), a PEM key or certificate, or an HMAC secret's text. */
async function importKey(text: string, alg: JwsAlgorithm, use: 'sign' | 'verify') {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) return readJson(trimmed) as JWK
  if (trimmed.startsWith('-----BEGIN CERTIFICATE-----')) return importX509(trimmed, alg)
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) return importSPKI(trimmed, alg)
  if (trimmed.startsWith('-----BEGIN PRIVATE KEY-----'))
    return importPKCS8(trimmed, alg, { extractable: false })
  if (trimmed.startsWith('-----BEGIN'))
    throw new Error(`use a PKCS#8 private key, an SPKI public key or an X.509 certificate in PEM to ${use}`)
  return new TextEncoder().encode(text)
}

function modelRows(): ModelRow[] {
  const detectable = detectableModels(registry)
  return [...registry].map(([id, { model, facts }]) => ({
    id,
    package: facts.package,
    detectable: detectable.has(id),
    description: typeof model.schema.description === 'string' ? model.schema.description : '',
  }))
}

/** An error as one line. Our libraries' messages never quote input; a SyntaxError from elsewhere might. */
function describe(error: unknown): string {
  if (error instanceof SyntaxError && !(error instanceof JsonSyntaxError)) return 'not valid JSON'
  return error instanceof Error ? error.message : 'failed'
}
