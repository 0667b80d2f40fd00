/**
 * Messages name the caller's options: a CLI passes its flags, and then no loss or error of any
 * conversion may tell its users about an API option they cannot type.
 */
import { describe, expect, it } from 'vitest'
import {
  API_OPTION_NAMES,
  COMMON_MODEL,
  type ConvertOptions,
  convert,
  type OptionNames,
  SESSION_MODELS,
  type SessionModelId,
  toCommon,
  toOcsf,
} from '../src/index.js'
import { FULL } from './fixtures.js'

const FLAGS: OptionNames = {
  includeSecrets: '--include-secrets',
  referenceTime: '--reference-time',
  defaults: '--default KEY=VALUE',
  nitroMilliseconds: '--nitro-time-unit milliseconds',
}
const API_WORDS = /includeSecrets|referenceTime|nitroTimeUnit|defaults option/

/** The messages of one conversion: its losses, or its error's message. */
function messagesOf(run: () => { readonly losses: readonly { readonly message: string }[] }): string[] {
  try {
    return run().losses.map((loss) => loss.message)
  } catch (error) {
    return [(error as Error).message]
  }
}

/**
 * Every message of every conversion of every session model's richest example (and a NITRO record in
 * milliseconds) to every target, with and without a reference time and defaults.
 */
function messages(optionNames: Partial<OptionNames> | undefined): string[] {
  const found: string[] = []
  const nitroMs = { ...FULL['netscaler/mpssession'](), login_time: 1_700_000_000_000 }
  const sources: [SessionModelId, Record<string, unknown>][] = [
    ...SESSION_MODELS.map((id) => [id, FULL[id]()] as [SessionModelId, Record<string, unknown>]),
    ['netscaler/mpssession', nitroMs],
  ]
  for (const [from, value] of sources) {
    for (const referenceTime of [undefined, '2024-05-01T12:00:00Z']) {
      const options: ConvertOptions = {
        ...(optionNames === undefined ? {} : { optionNames }),
        ...(referenceTime === undefined ? {} : { referenceTime }),
      }
      const common = toCommon(from, value, options)
      found.push(...common.losses.map((loss) => loss.message))
      // With the secrets kept in the common session, toOcsf and fromCommon are the ones that redact.
      const kept = toCommon(from, value, { ...options, includeSecrets: true }).value
      found.push(...messagesOf(() => toOcsf(kept, options)))
      for (const to of SESSION_MODELS)
        found.push(...messagesOf(() => convert(kept, { ...options, from: COMMON_MODEL, to })))
      found.push(...messagesOf(() => convert(kept, { ...options, from: COMMON_MODEL, to: COMMON_MODEL })))
      for (const to of SESSION_MODELS) {
        if (to === from) continue
        found.push(...messagesOf(() => convert(value, { ...options, from, to })))
        const defaults = { user_id: 1, fullName: 'x' }
        found.push(...messagesOf(() => convert(value, { ...options, from, to, defaults })))
      }
    }
  }
  return found
}

describe('option names in messages', () => {
  it('a caller passing its flags sees only its flags, and sees each of them', () => {
    const found = messages(FLAGS)
    expect(found.filter((message) => API_WORDS.test(message))).toEqual([])
    for (const flag of Object.values(FLAGS))
      expect(
        found.some((message) => message.includes(flag)),
        flag,
      ).toBe(true)
  })

  it('by default, messages name the API options', () => {
    const found = messages(undefined)
    for (const name of Object.values(API_OPTION_NAMES))
      expect(
        found.some((message) => message.includes(name)),
        name,
      ).toBe(true)
    expect(found.some((message) => message.includes('--'))).toBe(false)
  })
})
