/**
 * How loss and error messages name the options that would change a result. A library caller reads the
 * API's option names; a CLI passes its own flags, so that its users are told what they can type.
 */
export interface OptionNames {
  /** Keeps secrets. API: `includeSecrets`; CLI: `--include-secrets`. */
  readonly includeSecrets: string
  /** The time the source answered. API: `referenceTime`; CLI: `--reference-time`. */
  readonly referenceTime: string
  /** Values for required target fields. API: the `defaults` option; CLI: `--default KEY=VALUE`. */
  readonly defaults: string
  /** Reading NITRO times as milliseconds. API: `nitroTimeUnit: 'milliseconds'`. */
  readonly nitroMilliseconds: string
}

export const API_OPTION_NAMES: OptionNames = {
  includeSecrets: 'includeSecrets',
  referenceTime: 'referenceTime',
  defaults: 'the defaults option',
  nitroMilliseconds: "nitroTimeUnit: 'milliseconds'",
}

/** The merged names of each caller's `optionNames` object: made once, not per record or per field. */
const merged = new WeakMap<Partial<OptionNames>, OptionNames>()

/** The names a caller chose, the API's for the rest. */
export function optionNames(options: { readonly optionNames?: Partial<OptionNames> }): OptionNames {
  const chosen = options.optionNames
  if (chosen === undefined) return API_OPTION_NAMES
  let names = merged.get(chosen)
  if (names === undefined) {
    names = { ...API_OPTION_NAMES, ...chosen }
    merged.set(chosen, names)
  }
  return names
}
