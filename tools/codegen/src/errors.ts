/** A schema that cannot be generated: the file, the JSON Pointer inside it, and the reason. */
export class GenerationError extends Error {
  static readonly code: string = 'ERR_GENERATION'
  override readonly name = 'GenerationError'
  readonly code = 'ERR_GENERATION'
  readonly file: string
  readonly pointer: string
  readonly reason: string

  constructor(file: string, pointer: string, reason: string) {
    super(`${file}#${pointer}: ${reason}`)
    this.file = file
    this.pointer = pointer
    this.reason = reason
  }
}
