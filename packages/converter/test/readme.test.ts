import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mappingCoverage, mappingTable } from '../src/internal.js'

describe('README', () => {
  it('has the current mapping table (run `pnpm --filter @session-schemas/converter docs`)', () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(mappingTable())
  })

  it('maps every concept two vendors share', () => {
    const coverage = Object.fromEntries(mappingCoverage().map((c) => [c.model, c.mapped]))
    expect(coverage).toEqual({
      'intersight/iam.Session': 12,
      'vsphere/vim25.UserSession': 11,
      'vsphere/cis.Session.Info': 3,
      'netscaler/mpssession': 14,
      'netscaler/login': 9,
      'extremecloudiq/XiqApiTokenInfo': 8,
    })
  })
})
