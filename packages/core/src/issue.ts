import { fromPointer } from './pointer.js'

/** One reason why a value does not match its model. */
export interface Issue {
  /** JSON Pointer of the offending value (for a missing property: where it should be). */
  readonly path: string
  /** The JSON Schema keyword that failed (`type`, `required`, `format`, ...). */
  readonly keyword: string
  /** A sentence for humans. A secret value (`format: "password"`) is never quoted in it. */
  readonly message: string
}

/** How many issues `errors()`, `parse()` and Standard Schema list before they only count the rest. */
export const DEFAULT_MAX_ISSUES = 100

/** The keyword of the last issue of a capped list: it says how many more issues were not listed. */
export const MORE_ISSUES_KEYWORD = 'maxIssues'

/** The issue that ends a capped list: `{ path: '', keyword: 'maxIssues', message: '<n> more issues not listed' }`. */
export function moreIssues(count: number, stoppedAfterDeep?: number): Issue {
  return {
    path: '',
    keyword: MORE_ISSUES_KEYWORD,
    message:
      stoppedAfterDeep === undefined
        ? `${count} more issue${count === 1 ? '' : 's'} not listed`
        : `at least ${count} more issue${count === 1 ? '' : 's'} not listed: the value is nested past the depth limit in over ${stoppedAfterDeep} places (does it refer to itself?), so explaining stopped there`,
  }
}

/** The `maxIssues` option, checked: a non-negative integer, or Infinity for no cap. */
export function maxIssuesOption(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ISSUES
  if (
    typeof value !== 'number' ||
    !(Number.isSafeInteger(value) || value === Number.POSITIVE_INFINITY) ||
    value < 0
  )
    throw new RangeError(
      `maxIssues must be a non-negative integer or Infinity, not ${typeof value === 'number' ? String(value) : typeof value}`,
    )
  return value
}

/** Thrown by `parse` and friends: carries the issues (capped like `errors()`: see `maxIssues`). */
export class ValidationError extends Error {
  static readonly code: string = 'ERR_VALIDATION'
  override readonly name = 'ValidationError'
  readonly code = 'ERR_VALIDATION'
  readonly model: string
  readonly issues: readonly Issue[]

  constructor(model: string, issues: readonly Issue[]) {
    const first = issues[0]
    const head = first ? `${first.path || '(root)'}: ${first.message}` : 'invalid value'
    // A capped list ends with its `maxIssues` issue, which says how many more there are.
    const last = issues.length > 1 ? issues[issues.length - 1] : undefined
    const capped = last?.keyword === MORE_ISSUES_KEYWORD
    const others = issues.length - 1 - (capped ? 1 : 0)
    const listed = others > 0 ? `${others} more issue${others > 1 ? 's' : ''}` : ''
    const more = [listed, capped ? last!.message : ''].filter(Boolean).join('; ')
    super(`${model}: ${head}${more ? ` (and ${more})` : ''}`)
    this.model = model
    this.issues = issues
  }
}

/** The path of an issue as property keys and array indexes (the Standard Schema form). */
export function issuePathSegments(issue: Issue): PropertyKey[] {
  return fromPointer(issue.path).map((token) => (/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : token))
}
