/** parseRecord: the CLI's read of one record, and what it leaves of the process's settings. */
import { JsonSyntaxError } from '@session-schemas/core'
import { describe, expect, it } from 'vitest'
import { parseRecord, syntaxFinding } from '../src/parse.js'

describe('parseRecord', () => {
  it('reads a record, exactly', () => {
    expect(parseRecord('{"a":[1,2],"b":9007199254740993}')).toEqual({ a: [1, 2], b: 9007199254740993n })
  })

  it.each(['{"a":', '{"a":1}}', 'nope', '{\n"a": x}'])(
    'refuses %j with a syntax error and no stack (its message is what is reported), and restores Error.stackTraceLimit',
    (text) => {
      const before = Error.stackTraceLimit
      let thrown: unknown
      try {
        parseRecord(text)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(JsonSyntaxError)
      expect((thrown as Error).stack).not.toMatch(/\n\s+at /)
      expect(syntaxFinding(thrown).message).toMatch(/^expected|^unexpected/)
      expect(Error.stackTraceLimit).toBe(before)
      // Other errors keep their stacks.
      expect(new Error('x').stack).toMatch(/\n\s+at /)
    },
  )
})
