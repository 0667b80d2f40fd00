/** readOnly as the newer vendor documents state it, read from the published schema file. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const schema = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../schemas/mpssession.schema.json'), 'utf8'),
) as { properties: Record<string, { readOnly?: boolean }> }

describe('netscaler/mpssession readOnly annotations', () => {
  it.each(['tenant_name', 'permission'])(
    '%s is readOnly (Read-only in both newer vendor documents)',
    (key) => {
      expect(schema.properties[key]!.readOnly).toBe(true)
    },
  )
})
