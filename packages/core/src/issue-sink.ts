/**
 * Where the issues of one `errors()` run go, for the explaining evaluator and the generated explaining
 * functions alike, and how a failed anyOf/oneOf is explained from its branches' sinks.
 */
import { type Issue, moreIssues } from './issue.js'
import { type IssueParams, issueMessage } from './messages.js'
import { type PathSegment, toPointer } from './pointer.js'
import { CasingIndex } from './wording.js'

/**
 * How many places may be nested past the depth limit before explaining stops. A value that refers to itself
 * (a cycle, which only a JavaScript caller can make) reaches the limit on every path, and there are
 * exponentially many: without a stop, explaining a four-object cycle would not end.
 */
export const MAX_DEPTH_ISSUES = 1000

/** Thrown by a sink when the depth-limit issues pass MAX_DEPTH_ISSUES: explaining stops, the sink says why. */
export class DepthBudgetSpent extends Error {}

/**
 * Whether what was thrown is a spent depth budget. What a getter throws can be anything, even a Proxy whose
 * `getPrototypeOf` trap throws when `instanceof` asks it: that is not the budget.
 */
export function isBudgetSpent(thrown: unknown): boolean {
  try {
    return thrown instanceof DepthBudgetSpent
  } catch {
    return false
  }
}

/** Keywords that tell alternatives apart: a branch failing on them was probably not the one meant. */
function isDiscriminator(keyword: string): boolean {
  return keyword === 'const' || keyword === 'enum' || keyword === 'not'
}

/** An issue listed by a branch's sink, not yet worded. */
interface Found {
  readonly path: string
  readonly keyword: string
  readonly params: IssueParams
  readonly value: unknown
  readonly secret: boolean
}

/**
 * The first `limit` issues are listed; the rest are only counted (no message, pointer or issue object is
 * made for them). The counters also describe the issues, so that anyOf and oneOf can explain the branch
 * that was most likely meant without keeping every issue of every branch.
 */
export class IssueSink {
  readonly listed: Issue[] = []
  /**
   * A branch's sink (see `branch`) keeps its issues unworded: most branches of a failed anyOf/oneOf are
   * dropped, and wording is the costly part of an issue. They are worded when a sink absorbs the branch.
   */
  readonly #found: Found[] | undefined
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
  /** How many issues are the depth limit's (see MAX_DEPTH_ISSUES). */
  deepIssues = 0
  /** Explaining stopped at MAX_DEPTH_ISSUES: `count` is a lower bound. */
  stopped = false

  constructor(
    readonly limit: number,
    unworded = false,
  ) {
    this.#found = unworded ? [] : undefined
  }

  /** A sink for one branch of an anyOf/oneOf here: as much room as is left, its issues worded only if kept. */
  branch(): IssueSink {
    return new IssueSink(this.room, true)
  }

  /** How many issues are listed (worded or not). */
  get #kept(): number {
    return this.#found === undefined ? this.listed.length : this.#found.length
  }

  /** How many more issues will be listed. */
  get room(): number {
    return this.limit - this.#kept
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
    if (this.#kept < this.limit) {
      // (Segments are made a pointer now: the evaluator goes on changing its path array.)
      const pointer = typeof path === 'string' ? path : toPointer(path)
      if (this.#found) this.#found.push({ path: pointer, keyword, params, value, secret })
      else
        this.listed.push({
          path: pointer,
          keyword,
          message: issueMessage(params, value, secret, this.#casingOf(params)),
        })
    }
    if (params.kind === 'maxDepth') {
      this.deepIssues++
      this.spend()
    }
  }

  /** Stops explaining once the depth-limit issues pass MAX_DEPTH_ISSUES. */
  private spend(): void {
    if (this.deepIssues <= MAX_DEPTH_ISSUES) return
    this.stopped = true
    throw new DepthBudgetSpent(
      'explaining stopped: the value is nested past the depth limit in too many places',
    )
  }

  /** The casing hints of the `required` issues worded here (made at the first). */
  #casing: CasingIndex | undefined
  #casingOf(params: IssueParams): CasingIndex | undefined {
    if (params.kind !== 'required') return undefined
    this.#casing ??= new CasingIndex()
    return this.#casing
  }

  #worded(found: Found): Issue {
    return {
      path: found.path,
      keyword: found.keyword,
      message: issueMessage(found.params, found.value, found.secret, this.#casingOf(found.params)),
    }
  }

  /** Takes over the issues of a branch's sink (made by `branch()`), as if added here. */
  absorb(branch: IssueSink): void {
    const found = branch.#found
    if (!found) throw new TypeError('IssueSink.absorb takes a sink made by branch()')
    if (branch.count === 0) return
    // Worded before anything here changes: a value that throws while it is worded (a hostile getter) leaves
    // this sink as it was, for the caller to report the value as unreadable.
    const taken = found.slice(0, this.room)
    const issues = this.#found ? undefined : taken.map((found) => this.#worded(found))
    if (this.count === 0) {
      this.firstKeyword = branch.firstKeyword
      this.firstParams = branch.firstParams
      this.firstValue = branch.firstValue
      this.firstSecret = branch.firstSecret
    }
    this.count += branch.count
    if (branch.deepest > this.deepest) this.deepest = branch.deepest
    this.discriminators += branch.discriminators
    // (A loop, not push(...): with maxIssues Infinity a branch may hold more issues than a call has arguments.)
    const into: (Issue | Found)[] = issues ? this.listed : this.#found!
    for (const issue of issues ?? taken) into.push(issue)
    this.deepIssues += branch.deepIssues
    this.spend()
  }

  /** The listed issues, followed by the `maxIssues` issue when some were only counted (or not all counted). */
  result(): Issue[] {
    for (const found of this.#found?.splice(0) ?? []) this.listed.push(this.#worded(found))
    if (this.stopped) this.listed.push(moreIssues(this.count - this.listed.length, MAX_DEPTH_ISSUES))
    else if (this.count > this.listed.length) this.listed.push(moreIssues(this.count - this.listed.length))
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

/** The type union an Alternatives last read as, and the branch parameters it was made from. */
const unions = new WeakMap<Alternatives, { parts: readonly IssueParams[]; params: IssueParams }>()

/**
 * The `type` issue parameters of a type union none of whose branches matched: the branches' types, made
 * once per anyOf/oneOf (the branches' parameters are the same objects every time), so that its message is
 * worded once too (see `fixedRequirement`).
 */
function unionOf(alternatives: Alternatives, failures: readonly IssueSink[]): IssueParams {
  const cached = unions.get(alternatives)
  if (cached?.parts.length === failures.length && failures.every((f, i) => f.firstParams === cached.parts[i]))
    return cached.params
  // Each type once: `ipv4 or ipv6` branches are both strings ("expected string", not "string or string").
  const types = [...new Set(failures.flatMap((f) => (f.firstParams as { types: readonly string[] }).types))]
  const params: IssueParams = { kind: 'type', types }
  unions.set(alternatives, { parts: failures.map((f) => f.firstParams!), params })
  return params
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
    sink.add(path, depth, 'type', unionOf(alternatives, failures), value, secret)
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
