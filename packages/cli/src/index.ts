/**
 * The `session-schemas` command as a library: `run(argv, io)` runs it with your streams (tests, embedding),
 * and `detect(value, registry)` tells a record's model the way `--model auto` does.
 */
export {
  type Detection,
  describeDetection,
  detect,
  type Evidence,
  judge,
  type Verdict,
} from '@session-schemas/converter/detect'
export { CliError, InputError, OutputClosedError, UsageError } from './errors.js'
export { type Io, run } from './main.js'
export { loadModel, loadRegistry, type ModelEntry, type Registry } from './models.js'
