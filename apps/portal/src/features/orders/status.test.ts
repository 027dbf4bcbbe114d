import { describe, expect, it } from 'vitest'
import { ORDER_STATUSES } from '@doorstep/domain'
import { inTab, statusTag } from './status.ts'

describe('order status display', () => {
  it('should give every status a tag colour', () => {
    for (const s of ORDER_STATUSES) expect(statusTag(s)).toBeTruthy()
    expect(statusTag('cancelled')).toBe('default')
  })
  it('should put every status in exactly one of active, done and cancelled', () => {
    for (const s of ORDER_STATUSES) {
      const tabs = (['active', 'done', 'cancelled'] as const).filter((tab) => inTab(s, tab))
      expect(tabs).toHaveLength(1)
      expect(inTab(s, 'all')).toBe(true)
    }
  })
})
