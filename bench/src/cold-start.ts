/** A new Node process that imports one model and checks one record, vs the same with ajv compiling that schema. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type Summary, summarize } from './stats.js'
import { root } from './validators.js'

const RECORD = path.join(root, 'schemas/extremecloudiq/examples/valid/XiqApiTokenInfo/full.json')
const SCHEMA = path.join(root, 'schemas/extremecloudiq/XiqApiTokenInfo.schema.json')

const OURS = `
const t0 = performance.now()
const { check } = await import('@session-schemas/extremecloudiq/XiqApiTokenInfo')
const ok = check(JSON.parse(process.argv[1]))
console.log(JSON.stringify({ ms: performance.now() - t0, ok }))`

const AJV = `
const t0 = performance.now()
const { Ajv2020 } = await import('ajv/dist/2020.js')
const addFormats = (await import('ajv-formats')).default
const ajv = new Ajv2020({ strict: true }); (addFormats.default ?? addFormats)(ajv)
const ok = ajv.compile(JSON.parse(process.argv[2]))(JSON.parse(process.argv[1]))
console.log(JSON.stringify({ ms: performance.now() - t0, ok }))`

function run(script: string): [inProcess: number, wall: number] {
  const start = performance.now()
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, readFileSync(RECORD, 'utf8'), readFileSync(SCHEMA, 'utf8')],
    {
      cwd: path.join(root, 'bench'),
      encoding: 'utf8',
    },
  )
  const { ms, ok } = JSON.parse(out) as { ms: number; ok: boolean }
  if (!ok) throw new Error('cold start: the record did not validate')
  return [ms, performance.now() - start]
}

export interface ColdStartResult {
  /** Import + compile + check, measured inside the process (Node's own start is the same for both). */
  readonly ratio: Summary
  /** The whole process, Node's start included. */
  readonly wallRatio: Summary
  readonly oursMs: Summary
  readonly ajvMs: Summary
}

export function benchColdStart(rounds: number): ColdStartResult {
  const ours: [number, number][] = []
  const ajv: [number, number][] = []
  for (let i = 0; i < rounds; i++) {
    ours.push(run(OURS))
    ajv.push(run(AJV))
  }
  return {
    ratio: summarize(ours.map(([t], i) => t / ajv[i]![0])),
    wallRatio: summarize(ours.map(([, t], i) => t / ajv[i]![1])),
    oursMs: summarize(ours.map(([t]) => t)),
    ajvMs: summarize(ajv.map(([t]) => t)),
  }
}
