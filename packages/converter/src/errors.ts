import type { Issue } from '@session-schemas/core'

/** Base class of the converter's errors: `code` says which kind without parsing the message. */
export class ConversionError extends Error {
  /** The class's code; an instance's `code` says which kind. */
  static readonly code: string = 'ERR_CONVERSION'
  override readonly name: string = 'ConversionError'
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** The target model requires fields that the source cannot fill (`convert` can take them from `defaults`). */
export class MissingFieldsError extends ConversionError {
  static override readonly code: string = 'ERR_MISSING_FIELDS'
  override readonly name = 'MissingFieldsError'
  /** The target's required fields (top-level keys) that nothing could fill. */
  readonly fields: readonly string[]
  readonly target: string

  /** `supplyWith` names the option that can fill them, if the call has one (`convert`'s `defaults`). */
  constructor(target: string, fields: readonly string[], from: string, supplyWith?: string) {
    const them = fields.length > 1 ? 'them' : 'it'
    super(
      'ERR_MISSING_FIELDS',
      `${from} -> ${target}: the source cannot fill the required field${fields.length > 1 ? 's' : ''} ${fields.map((f) => JSON.stringify(f)).join(', ')}${supplyWith === undefined ? '' : `; supply ${them} with ${supplyWith}`}`,
    )
    this.fields = fields
    this.target = target
  }
}

/** A model id that is not a session model (or not a model at all). */
export class UnsupportedModelError extends ConversionError {
  static override readonly code: string = 'ERR_UNSUPPORTED_MODEL'
  override readonly name = 'UnsupportedModelError'

  constructor(model: string, reason: string) {
    super('ERR_UNSUPPORTED_MODEL', `${JSON.stringify(model)}: ${reason}`)
  }
}

/** The converted value does not validate against its target (a bug: please report it). */
export class InvalidTargetError extends ConversionError {
  static override readonly code: string = 'ERR_INVALID_TARGET'
  override readonly name = 'InvalidTargetError'
  readonly issues: readonly Issue[]

  constructor(target: string, issues: readonly Issue[]) {
    super(
      'ERR_INVALID_TARGET',
      `the converted ${target} does not validate: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    )
    this.issues = issues
  }
}
