/**
 * Where the issues of one `errors()` run go, for the explaining evaluator and the generated explaining
 * functions alike, and how a failed anyOf/oneOf is explained from its branches' sinks.
 */
import { type Issue, moreIssues } from './issue.js'
import { type IssueParams, issueMessage } from './messages.js'
import { type PathSegment, toPointer } from './pointer.js'

/** Keywords that tell alternatives apart: a branch failing on them was probably not the one meant. */
function isDiscriminator(keyword: string): boolean {
  return keyword === 'const' || keyword === 'enum' || keyword === 'not'
}

/**
 * The first `limit` issues are listed; the rest are only counted (no message, pointer or issue object is
 * made for them). The counters also describe the issues, so that anyOf and oneOf can explain the branch
 * that was most likely meant without keeping every issue of every branch.
 */
export class IssueSink {
  readonly listed: Issue[] = []
  /** Every issue, listed or not. */
  count = 0
  /** The length of the longest issue path (how far into the value they got); -1 while there are none. */
  deepest = -1
  /** How many issues failed on a discriminator (const, enum, not). */
  discriminators = 0
  /** The first issue, unworded (alternatives that all fail alike are explained by these). */
  firstKeyword = ''
  firstParams: IssueParams | undefined
  firstValue: unknown
  firstSecret = false

  constructor(readonly limit: number) {}

  /** How many more issues will be listed. */
  get room(): number {
    return this.limit - this.listed.length
  }

  /**
   * Records an issue. `path` is a JSON Pointer, or the segments of one (made into a pointer only if the
   * issue is listed); `depth` is its number of segments.
   */
  add(
    path: string | readonly PathSegment[],
    depth: number,
    keyword: string,
    params: IssueParams,
    value: unknown,
    secret: boolean,
  ): void {
    if (this.count++ === 0) {
      this.firstKeyword = keyword
      this.firstParams = params
      this.firstValue = value
      this.firstSecret = secret
    }
    if (depth > this.deepest) this.deepest = depth
    if (isDiscriminator(keyword)) this.discriminators++
    if (this.listed.length < this.limit) {
      this.listed.push({
        path: typeof path === 'string' ? path : toPointer(path),
        keyword,
        message: issueMessage(params, value, secret),
      })
    }
  }

  /** Takes over the issues of a branch's sink (made with this sink's room), as if added here. */
  absorb(branch: IssueSink): void {
    if (branch.count === 0) return
    if (this.count === 0) {
      this.firstKeyword = branch.firstKeyword
      this.firstParams = branch.firstParams
      this.firstValue = branch.firstValue
      this.firstSecret = branch.firstSecret
    }
    this.count += branch.count
    if (branch.deepest > this.deepest) this.deepest = branch.deepest
    this.discriminators += branch.discriminators
    for (let i = 0; i < branch.listed.length && this.listed.length < this.limit; i++)
      this.listed.push(branch.listed[i]!)
  }

  /** The listed issues, followed by the `maxIssues` issue when some were only counted. */
  result(): Issue[] {
    if (this.count > this.listed.length) this.listed.push(moreIssues(this.count - this.listed.length))
    return this.listed
  }
}

/** One anyOf or oneOf, described once (at compile or generation time). */
export interface Alternatives {
  readonly keyword: 'anyOf' | 'oneOf'
  /** Short names of the branches, for messages. */
  readonly names: readonly string[]
  /** Every branch states its own type: a failure reads as one type error. */
  readonly typeUnion: boolean
  /** The issue when no branch explains it better. */
  readonly params: IssueParams
}

/** The parameters of an anyOf/oneOf issue, for a schema whose branches are named `names`. */
export function alternatives(
  keyword: 'anyOf' | 'oneOf',
  names: readonly string[],
  typeUnion: boolean,
): Alternatives {
  return {
    keyword,
    names,
    typeUnion,
    params: { kind: 'alternatives', exactlyOne: keyword === 'oneOf', names },
  }
}

/**
 * Explains a failed anyOf/oneOf at `path` (`depth` segments) from the branches that passed (their
 * indexes) and the sinks of those that failed, each made with `sink.room`.
 */
export function reportAlternatives(
  sink: IssueSink,
  path: string | readonly PathSegment[],
  depth: number,
  alternatives: Alternatives,
  value: unknown,
  secret: boolean,
  passed: readonly number[],
  failures: readonly IssueSink[],
): void {
  const { keyword, names } = alternatives
  if (passed.length > 1) {
    sink.add(path, depth, keyword, { kind: 'matchesSeveral', names, matched: passed }, value, secret)
    return
  }
  const single = (f: IssueSink) => f.count === 1 && f.deepest === depth
  // A value of none of the types of a type union reads as one type error.
  if (alternatives.typeUnion && failures.every((f) => single(f) && f.firstKeyword === 'type')) {
    const types = failures.flatMap((f) => (f.firstParams as { types: readonly string[] }).types)
    sink.add(path, depth, 'type', { kind: 'type', types }, value, secret)
    return
  }
  // Alternatives that all fail on the same keyword right here ("ipv4" or "ipv6") read as that keyword.
  const first = failures[0]
  if (
    first &&
    first.firstKeyword !== 'type' &&
    failures.every((f) => single(f) && f.firstKeyword === first.firstKeyword)
  ) {
    const parts = failures.map((f) => ({
      params: f.firstParams!,
      value: f.firstValue,
      secret: f.firstSecret,
    }))
    sink.add(path, depth, first.firstKeyword, { kind: 'either', parts }, value, secret)
    return
  }
  // Explain the alternative that was most likely meant: the one that got furthest into the value,
  // then the one whose discriminators (const/enum/not) matched, then the one with fewest issues.
  let best: IssueSink | undefined
  for (const f of failures) {
    if (
      !best ||
      f.deepest > best.deepest ||
      (f.deepest === best.deepest &&
        (f.discriminators < best.discriminators ||
          (f.discriminators === best.discriminators && f.count < best.count)))
    )
      best = f
  }
  if (best && best.deepest > depth) sink.absorb(best)
  sink.add(path, depth, keyword, alternatives.params, value, secret)
}
