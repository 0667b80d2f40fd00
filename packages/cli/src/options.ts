/** Options shared by several commands, with their parsing. */

import { availableParallelism } from 'node:os'
import { isDateTime } from '@session-schemas/core'
import { InvalidArgumentError, Option } from 'commander'
import { DEFAULT_MAX_RECORD_BYTES } from './input/handler.js'
import type { InputMode } from './input/records.js'
import { STDIN_NAME } from './input/sources.js'

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
}

/** `65536`, `512KiB`, `64MiB`, `1GB` -> bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim())
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined
  if (!match || unit === undefined)
    throw new InvalidArgumentError('a size such as 65536, 512KiB, 64MiB or 1GiB')
  const bytes = Math.floor(Number(match[1]) * unit)
  if (bytes < 1) throw new InvalidArgumentError('the size must be at least 1 byte')
  return bytes
}

/** The largest part a worker thread gets (`--job-part-size`, for tests): a part is held twice, in flight and staged. */
const MAX_PART_BYTES = 64 * 1024 * 1024

/** `--job-part-size SIZE`: a size from 1 byte to 64 MiB. */
export function parsePartSize(text: string): number {
  const bytes = parseSize(text)
  if (bytes > MAX_PART_BYTES) throw new InvalidArgumentError('a part size of at most 64MiB')
  return bytes
}

/** More threads than this only cost memory (each holds its own heap and models); far more crash V8. */
export const MAX_JOBS = 64

/** `--jobs N`: a whole number from 1 to MAX_JOBS, or `auto` for the cores available (at most MAX_JOBS). */
export function parseJobs(text: string): number {
  if (text === 'auto') return Math.min(availableParallelism(), MAX_JOBS)
  const jobs = Number(text)
  if (!/^\d+$/.test(text.trim()) || jobs < 1 || jobs > MAX_JOBS)
    throw new InvalidArgumentError(`a whole number of worker threads from 1 to ${MAX_JOBS}, or auto`)
  return jobs
}

export function parseDateTime(text: string): string {
  if (!isDateTime(text)) throw new InvalidArgumentError('an RFC 3339 date-time such as 2024-05-01T12:00:00Z')
  return text
}

export type Format = 'text' | 'json'
export type Int64Form = 'bigint' | 'string'

export interface InputOptions {
  readonly input: InputMode
  readonly maxRecordSize: number
  /** Accept an input without any record (otherwise exit 1). */
  readonly allowEmpty?: boolean
}

export const formatOption = () =>
  new Option('--format <format>', 'text for people, json for scripts')
    .choices(['text', 'json'])
    .default('text')

export const inputOptions = (): Option[] => [
  new Option(
    '--input <format>',
    'input format: auto reads a JSON array of records when the input starts with "[", else one record per line (a pretty-printed document spanning lines is one record too)',
  )
    .choices(['auto', 'json', 'ndjson'])
    .default('auto'),
  new Option(
    '--max-record-size <size>',
    'largest record read (a line, an array element, a whole document); larger ones are malformed',
  )
    .argParser(parseSize)
    .default(DEFAULT_MAX_RECORD_BYTES, '8MiB'),
  allowEmptyOption(),
]

/**
 * `--jobs N`. Threads only when asked for: measured on 2 cores (bench/RESULTS.md), `validate --jobs 2` costs about
 * 1.5x the CPU of one thread and more memory (each worker loads the models and warms up on its own, and three
 * threads share two cores) for about the same wall time; `convert --jobs 2`, with more work per record, is about
 * 1.4x faster in wall time for 1.25x the CPU. With 150 MB as the memory bound of the defaults, one thread stays
 * the default.
 */
export interface JobsOptions {
  readonly jobs?: number
  /** Internal (hidden): the size of the parts the worker threads get, so that tests can use tiny ones. */
  readonly jobPartSize?: number
}

/** The worker threads a run gets: 1 means none (everything on this thread, as before --jobs). */
export function jobsFor(options: JobsOptions): number {
  return options.jobs ?? 1
}

export const jobsOptions = (): Option[] => [
  new Option(
    '--jobs <n>',
    'worker threads that handle records (default 1: no threads; auto: one per core available). Only NDJSON (one record per line, pretty-printed documents among them) is read in parallel; a JSON array, and a line over 1 MiB, are read on the main thread. The output keeps the order of the input. Each thread loads the models and holds its own heap, so threads pay only where there are cores to spare (see bench/RESULTS.md)',
  ).argParser(parseJobs),
  new Option('--job-part-size <size>').argParser(parsePartSize).hideHelp(),
]

/** `--allow-empty`: an input without any record is accepted (exit 0) instead of failing the run. */
export const allowEmptyOption = () =>
  new Option('--allow-empty', 'accept an input without any record (by default it fails with exit 1)')

export const int64Option = () =>
  new Option('--int64 <form>', 'integers beyond 2^53 in JSON output: exact JSON numbers, or decimal strings')
    .choices(['bigint', 'string'])
    .default('bigint')

/** How much a run reports: everything (default), only what fails (`--quiet`), or only the counts (`--summary`). */
export interface ReportOptions {
  readonly quiet?: boolean
  readonly summary?: boolean
}

export const reportOptions = (): Option[] => [
  new Option(
    '-q, --quiet',
    'report only what fails (invalid, malformed or failed records): no losses, notes or counts',
  ).conflicts('summary'),
  new Option('--summary', 'report only the counts, no line per record'),
]

/** `--losses FILE` (NDJSON, one loss per line) or `--no-losses`; by default they are in the report. */
export interface LossOptions {
  readonly losses?: string | false
}

export const lossOptions = (): Option[] => [
  new Option(
    '--losses <file>',
    'write the losses to FILE (NDJSON: one loss per line, with its source, record, line, model and target) instead of the report',
  ).argParser((file: string, previous: unknown) => {
    // Everywhere else `-` is stdin; here it would make a file named `-`.
    if (file === '-')
      throw new InvalidArgumentError('a file name (stdout holds the documents, stderr the report)')
    if (typeof previous === 'string')
      throw new InvalidArgumentError(`one file (${previous} is given already)`)
    if (previous === false) throw new InvalidArgumentError('a file, or --no-losses: not both')
    return file
  }),
  new Option('--no-losses', 'leave the losses out (the counts still say how many there were)')
    // Given as a value, so that the parser sees a --losses FILE given before it (the last one would win).
    .preset(false)
    .argParser((_preset: string, previous: unknown): false => {
      if (typeof previous === 'string') throw new InvalidArgumentError('a file, or --no-losses: not both')
      return false
    }),
]

/** The name of a source in a JSON report: the file's path, or `-` for stdin. */
export const reportedSource = (name: string): string => (name === STDIN_NAME ? '-' : name)

/** Adds every option to a command (commander's addOption takes one at a time). */
export function withOptions<T extends { addOption(option: Option): T }>(
  command: T,
  options: readonly Option[],
): T {
  for (const option of options) command.addOption(option)
  return command
}
