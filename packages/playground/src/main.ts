/**
 * The page: plain DOM, no framework. Everything that reads input or runs a library is in the worker
 * (worker.ts), so the page stays responsive however large the input; this file only asks and shows.
 */
import type {
  ConversionResult,
  FromWorker,
  ModelRow,
  Place,
  Replies,
  Request,
  ShownIssue,
  ShownRecord,
  Summary,
} from './protocol.js'

/** Inputs up to this size are shown (and highlighted) in the text area; larger files are only checked. */
const SHOWN_INPUT_BYTES = 2 * 1024 * 1024

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const input = $<HTMLTextAreaElement>('input')
const progressBar = $<HTMLProgressElement>('progress')
const status = $('status')
const recordSelect = $<HTMLSelectElement>('record')
const targetSelect = $<HTMLSelectElement>('target')
const includeSecrets = $<HTMLInputElement>('include-secrets')
const output = $<HTMLTextAreaElement>('output')
const convertStatus = $('convert-status')
const jwtStatus = $('jwt-status')

// ---- the worker, as promises ----

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
type Pending = {
  resolve: (value: never) => void
  reject: (error: Error) => void
  progress?: (phase: string, done: number, total: number) => void
}
const pending = new Map<number, Pending>()
let nextId = 1

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data
  const waiting = pending.get(message.id)
  if (!waiting) return
  if (message.kind === 'progress') waiting.progress?.(message.phase, message.done, message.total)
  else {
    pending.delete(message.id)
    if (message.kind === 'done') waiting.resolve(message.result as never)
    else waiting.reject(new Error(message.message))
  }
}

function ask<R extends Request>(request: R, progress?: Pending['progress']): Promise<Replies[R['op']]> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: never) => void, reject, ...(progress ? { progress } : {}) })
    worker.postMessage({ ...request, id })
  })
}

// ---- input ----

/** The text the shown places refer to, when it is the text area's (offsets are stale once it changes). */
let checkedText: string | undefined

const showProgress = (phase: string, done: number, total: number) => {
  progressBar.value = total > 0 ? done / total : 1
  status.textContent = `${phase === 'read' ? 'Reading' : 'Checking'}… ${Math.round((done / Math.max(total, 1)) * 100)}%`
}

/** The check typing has scheduled; any other check replaces it (it would read a text area emptied since). */
let typing: ReturnType<typeof setTimeout> | undefined
/** The number of the latest check: only its result is shown (an earlier one may finish after it). */
let latestCheck = 0

async function checkText(): Promise<void> {
  clearTimeout(typing)
  const text = input.value
  checkedText = text
  await run(ask({ op: 'check', text }, showProgress))
}

async function checkFile(file: File): Promise<void> {
  clearTimeout(typing)
  if (file.size <= SHOWN_INPUT_BYTES) {
    input.value = await file.text()
    return checkText()
  }
  input.value = ''
  checkedText = undefined
  status.textContent = `Reading ${file.name}…`
  await run(ask({ op: 'checkFile', file }, showProgress), file.name)
}

async function run(result: Promise<Summary>, name?: string): Promise<void> {
  const check = ++latestCheck
  progressBar.value = 0
  document.body.dataset.state = 'checking'
  try {
    const summary = await result
    if (check !== latestCheck) return
    progressBar.value = 1
    showSummary(summary, name)
    document.body.dataset.state = 'checked'
  } catch (error) {
    if (check !== latestCheck) return
    status.textContent = `Failed: ${(error as Error).message}`
    document.body.dataset.state = 'failed'
  }
}

input.addEventListener('input', () => {
  clearTimeout(typing)
  if (input.value.length <= SHOWN_INPUT_BYTES) typing = setTimeout(() => void checkText(), 400)
})
$('check').addEventListener('click', () => void checkText())
$<HTMLInputElement>('file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0]
  if (file) void checkFile(file)
})
// Dropping a file anywhere must not navigate away from the page; onto the text area, it is read.
for (const type of ['dragover', 'drop'] as const)
  document.addEventListener(type, (event) => event.preventDefault())
input.addEventListener('dragenter', () => input.classList.add('dragging'))
input.addEventListener('dragleave', () => input.classList.remove('dragging'))
input.addEventListener('drop', (event) => {
  input.classList.remove('dragging')
  const file = event.dataTransfer?.files[0]
  if (file) void checkFile(file)
})

// Examples: emitted as files next to the app (never part of its code), fetched when picked.
const examples = import.meta.glob('../../../examples/**/*.{json,ndjson}', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>
const exampleSelect = $<HTMLSelectElement>('example')
for (const [path, url] of Object.entries(examples).sort(([a], [b]) => a.localeCompare(b))) {
  const option = document.createElement('option')
  option.value = url
  option.textContent = path.replace(/^.*\/examples\//, '')
  exampleSelect.append(option)
}
exampleSelect.addEventListener('change', async () => {
  if (!exampleSelect.value) return
  const response = await fetch(exampleSelect.value)
  input.value = await response.text()
  await checkText()
})

// ---- results ----

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function showSummary(summary: Summary, name?: string): void {
  const models = Object.entries(summary.byModel)
    .map(([model, n]) => `${model}: ${n}`)
    .join('; ')
  $('summary').textContent =
    `${plural(summary.records, 'record')}: ${summary.valid} valid, ${summary.invalid} invalid, ` +
    `${summary.unknown} of no known model, ${summary.malformed} not JSON; ${summary.withDrift} with drift` +
    (models ? `. By model: ${models}.` : '.') +
    (summary.shown.length < summary.records ? ` The first ${summary.shown.length} are listed.` : '')
  const size =
    summary.bytes < 1e6 ? `${(summary.bytes / 1e3).toFixed(1)} kB` : `${(summary.bytes / 1e6).toFixed(1)} MB`
  status.textContent = `Checked ${name ?? 'the input'} (${size}) in ${summary.milliseconds} ms`
  document.body.dataset.checkMs = String(summary.milliseconds)
  const list = $('records')
  list.replaceChildren(...summary.shown.map(recordItem))
  recordSelect.replaceChildren(
    ...summary.shown
      .filter((record) => record.convertible)
      .map((record) => {
        const option = document.createElement('option')
        option.value = String(record.index)
        option.textContent = `Record ${record.index} (line ${record.place.line}): ${record.model}`
        return option
      }),
  )
  if (recordSelect.options.length > 0 && output.value !== '') void convertRecord()
}

function recordItem(record: ShownRecord): HTMLLIElement {
  const item = document.createElement('li')
  item.value = record.index
  item.className = record.status
  item.dataset.status = record.status
  const words = { valid: 'valid', invalid: 'invalid', unknown: 'no known model', malformed: 'not JSON' }
  const head = document.createElement('div')
  head.textContent =
    record.status === 'malformed'
      ? `Line ${record.place.line}: not JSON`
      : `Line ${record.place.line}: ${record.model}: ${words[record.status]}`
  item.append(head)
  if (record.issues.length > 0) item.append(issueList(record.issues, 'issues', 'Issues'))
  if (record.drift.length > 0)
    item.append(issueList(record.drift, 'drift', 'Drift (unknown properties, not errors)'))
  return item
}

function issueList(issues: readonly ShownIssue[], kind: string, title: string): HTMLElement {
  const box = document.createElement('div')
  box.className = `issues ${kind}`
  const heading = document.createElement('div')
  heading.textContent = title
  const list = document.createElement('ul')
  for (const issue of issues) {
    const item = document.createElement('li')
    const pointer = document.createElement('code')
    pointer.textContent = issue.pointer === '' ? '(record)' : issue.pointer
    item.append(pointer, ` ${issue.keyword}: ${issue.message} `)
    if (issue.place) item.append(showButton(issue.place))
    list.append(item)
  }
  box.append(heading, list)
  return box
}

function showButton(place: Place): HTMLButtonElement {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'show'
  button.textContent = `Show line ${place.line}, column ${place.column}`
  button.addEventListener('click', () => highlight(place))
  return button
}

/** Selects the place in the text area (the browser's own highlight), scrolled into view. */
function highlight(place: Place): void {
  if (checkedText === undefined || input.value !== checkedText) {
    status.textContent = `The input has changed (or is a large file): the place is line ${place.line}, column ${place.column}`
    return
  }
  input.focus()
  input.setSelectionRange(place.start, place.end)
  const lineHeight = Number.parseFloat(getComputedStyle(input).lineHeight) || 16
  input.scrollTop = Math.max(0, (place.line - 3) * lineHeight)
}

// ---- conversion ----

async function convertRecord(): Promise<void> {
  const record = Number(recordSelect.value)
  if (!record) {
    convertStatus.textContent = 'No record to convert: check a valid session first'
    return
  }
  const target = targetSelect.value
  try {
    const result = await ask({ op: 'convert', record, target, includeSecrets: includeSecrets.checked })
    showConversion(result, target)
    convertStatus.textContent = `Converted record ${record} to ${target}`
  } catch (error) {
    output.value = ''
    $('losses').replaceChildren()
    convertStatus.textContent = `Cannot convert: ${(error as Error).message}`
  }
}

function showConversion(result: ConversionResult, target: string): void {
  output.value = result.output
  if (target === 'jwt/Claims') $<HTMLTextAreaElement>('claims').value = result.output
  const items = [
    ...result.notes.map((note) => `Note: ${note}`),
    ...result.losses.map((loss) => `${loss.path || '(record)'} ${loss.kind}: ${loss.message}`),
    ...result.unmapped.map((path) => `${path} unmapped: kept aside (not in the target model)`),
  ]
  $('losses').replaceChildren(
    ...(items.length > 0 ? items : ['No loss: everything was carried over.']).map((text) => {
      const item = document.createElement('li')
      item.textContent = text
      return item
    }),
  )
}

$('convert').addEventListener('click', () => void convertRecord())
includeSecrets.addEventListener('change', () => {
  if (output.value !== '') void convertRecord()
})
targetSelect.addEventListener('change', () => void convertRecord())

$('copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(output.value)
  } catch {
    output.select()
    document.execCommand('copy')
  }
  convertStatus.textContent = 'Copied'
})
$('download').addEventListener('click', () => {
  const blob = new Blob([output.value], { type: 'application/json' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = `${targetSelect.value.replace('/', '-')}.json`
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
})

// ---- JWT ----

const token = $<HTMLTextAreaElement>('token')
const decoded = $<HTMLTextAreaElement>('decoded')
const alg = $<HTMLSelectElement>('alg')
const key = $<HTMLTextAreaElement>('key')

async function jwt(action: () => Promise<string>): Promise<void> {
  try {
    jwtStatus.textContent = await action()
  } catch (error) {
    jwtStatus.textContent = `Failed: ${(error as Error).message}`
  }
}

$('decode').addEventListener('click', () =>
  jwt(async () => {
    const result = await ask({ op: 'decode', token: token.value })
    decoded.value = `${result.header}\n${result.payload}`
    const issues = result.issues.map((issue) => `${issue.pointer} ${issue.message}`).join('; ')
    return `Decoded, NOT verified: anyone can write these claims${issues ? `. Claims issues: ${issues}` : ''}`
  }),
)
$('verify').addEventListener('click', () =>
  jwt(async () => {
    const result = await ask({ op: 'verify', token: token.value, alg: alg.value, key: key.value })
    decoded.value = `${result.header}\n${result.claims}`
    return 'Signature verified: the claims are as the key holder signed them'
  }),
)
$('sign').addEventListener('click', () =>
  jwt(async () => {
    token.value = await ask({
      op: 'sign',
      claims: $<HTMLTextAreaElement>('claims').value,
      alg: alg.value,
      key: key.value,
    })
    return `Signed with ${alg.value}`
  }),
)

// ---- model reference (schemas list / show) ----

const modelSelect = $<HTMLSelectElement>('model-ref')
let rows: readonly ModelRow[] = []

async function showModel(): Promise<void> {
  const row = rows.find((r) => r.id === modelSelect.value)
  if (!row) return
  $('model-info').textContent =
    `${row.id} (${row.package})${row.detectable ? ', detected automatically' : ''}. ${row.description}`
  $<HTMLTextAreaElement>('schema').value = await ask({ op: 'schema', model: row.id })
}
modelSelect.addEventListener('change', () => void showModel())

async function start(): Promise<void> {
  rows = await ask({ op: 'models' })
  const groups = new Map<string, HTMLOptGroupElement>()
  for (const row of rows) {
    let group = groups.get(row.package)
    if (!group) {
      group = document.createElement('optgroup')
      group.label = row.package
      groups.set(row.package, group)
      modelSelect.append(group)
    }
    const option = document.createElement('option')
    option.value = row.id
    option.textContent = row.id
    group.append(option)
  }
  targetSelect.replaceChildren(
    ...(await ask({ op: 'targets' })).map((target) => {
      const option = document.createElement('option')
      option.value = target
      option.textContent = target
      return option
    }),
  )
  await showModel()
  document.body.dataset.ready = 'true'
}
void start()
