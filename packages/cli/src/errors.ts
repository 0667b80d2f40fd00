/** The CLI's own errors: each carries the exit code the contract gives it. */

/** Base class: `code` says which kind, `exitCode` is what the process exits with. */
export class CliError extends Error {
  /** The class's code; an instance's `code` says which kind. */
  static readonly code: string = 'ERR_CLI'
  override readonly name: string = 'CliError'
  readonly code: string
  readonly exitCode: number

  constructor(code: string, message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.exitCode = exitCode
  }
}

/** A wrong command line: an unknown model id, a bad option value, a missing key. Exit 2. */
export class UsageError extends CliError {
  static override readonly code: string = 'ERR_USAGE'
  override readonly name = 'UsageError'

  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_USAGE', message, 2, options)
  }
}

/** An input that cannot be read at all (missing, a directory, no permission, an I/O error). Exit 2. */
export class InputError extends CliError {
  static override readonly code: string = 'ERR_INPUT'
  override readonly name = 'InputError'

  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_INPUT', message, 2, options)
  }
}

/** The reader of our output went away (`| head`): stop quietly, nothing is wrong with the input. */
export class OutputClosedError extends Error {
  static readonly code: string = 'ERR_OUTPUT_CLOSED'
  override readonly name = 'OutputClosedError'
  readonly code = 'ERR_OUTPUT_CLOSED'
}

/**
 * Runs `work` capturing no stack for the errors it throws: a record's error is reported by its message, never
 * its stack, and a stream of failing records made capturing them cost more than all the rest (a malformed
 * record: 16 us, 5 times a valid one; 148,000 sessions failing to OCSF: a fifth of the CPU).
 */
export function withoutStacks<T>(work: () => T): T {
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return work()
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}
