import { afterEach, describe, expect, it } from 'vitest'
import { setDisplayTimeZone } from '@doorstep/ui'
import { isPeriod, periodStart } from './filters.ts'

afterEach(() => setDisplayTimeZone(undefined))

describe('My orders periods', () => {
  it("should start a period on the company's day, counting today", () => {
    setDisplayTimeZone('Asia/Shanghai')
    // 20:00 UTC on 7 December is already 8 December in Shanghai.
    const now = new Date('2026-12-07T20:00:00Z')
    expect(periodStart('30d', now)).toBe('2026-11-09')
    expect(periodStart('365d', now)).toBe('2025-12-09')
    expect(periodStart('all', now)).toBe('')
  })

  it('should know a period from anything else an address holds', () => {
    expect(['30d', '90d', 'all'].every(isPeriod)).toBe(true)
    expect(['7d', '', undefined, ['30d']].some(isPeriod)).toBe(false)
  })
})
