/**
 * The per-record work of `validate`, apart from its reporting, so that it can run on a worker thread:
 * text in, a verdict out (plain data: structured-cloneable). One JSON.parse per record and one `errors()`
 * (the ahead-of-time `check`, and the explaining code only for a record that fails it).
 */

import { judge, missingEvidence } from '@session-schemas/converter/detect'
import type { Issue, Model } from '@session-schemas/core'
import type { Registry } from '../models.js'
import { parseRecord, type SyntaxFinding, syntaxFinding } from '../parse.js'

export type RecordVerdict =
  /** `models`: for `--model auto`, the models it is valid as ("A or B" on equal evidence). */
  | { readonly status: 'valid'; readonly models?: string }
  | { readonly status: 'invalid'; readonly model: string; readonly issues: readonly Issue[] }
  /** Where a syntax error is, by line in the record: the line of the record in the input is added when reported. */
  | ({ readonly status: 'malformed' } & SyntaxFinding)

export interface JudgeSetup {
  /** The model, or (`--model auto`) none: then each record's model is detected. */
  readonly model: Model<unknown> | undefined
  readonly registry: Registry | undefined
  readonly maxRecordBytes: number
}

const VALID: RecordVerdict = { status: 'valid' }

export function judgeRecord(setup: JudgeSetup, text: string): RecordVerdict {
  let value: unknown
  try {
    value = parseRecord(text, setup.maxRecordBytes)
  } catch (error) {
    return { status: 'malformed', ...syntaxFinding(error) }
  }
  const { model } = setup
  if (model === undefined) {
    const verdict = judge(value, setup.registry!)
    if (verdict.valid) return { status: 'valid', models: verdict.models.join(' or ') }
    return { status: 'invalid', model: verdict.model, issues: verdict.issues }
  }
  // errors() is one check for a valid record; for an invalid one it saves checking it again.
  const issues = model.errors(value)
  // A model without required keys accepts almost any object: the record must also carry its keys.
  const unlike = missingEvidence(model, value, setup.registry)
  if (issues.length === 0 && unlike === undefined) return VALID
  return {
    status: 'invalid',
    model: model.id,
    issues: unlike === undefined ? issues : [...issues, { path: '', keyword: 'model', message: unlike }],
  }
}
