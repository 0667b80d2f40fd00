import { fromPointer } from './pointer.js'

/** One reason why a value does not match its model. */
export interface Issue {
  /** JSON Pointer of the offending value (for a missing property: where it should be). */
  readonly path: string
  /** The JSON Schema keyword that failed (`type`, `required`, `format`, ...). */
  readonly keyword: string
  /** A sentence for humans. Secret values are never quoted in it. */
  readonly message: string
}

/** Thrown by `parse` and friends: carries every issue, not just the first. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  readonly model: string
  readonly issues: readonly Issue[]

  constructor(model: string, issues: readonly Issue[]) {
    const first = issues[0]
    const head = first ? `${first.path || '(root)'}: ${first.message}` : 'invalid value'
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : ''
    super(`${model}: ${head}${more}`)
    this.model = model
    this.issues = issues
  }
}

/** The path of an issue as property keys and array indexes (the Standard Schema form). */
export function issuePathSegments(issue: Issue): PropertyKey[] {
  return fromPointer(issue.path).map((token) => (/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : token))
}
