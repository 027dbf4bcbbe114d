import { describe, expect, it } from 'vitest'
import { addDays, formatTimeRange, formatWindow, localDate } from './format.ts'

// The unit project runs with TZ=UTC.
describe('order time formatting', () => {
  it('should show a window as day and time range', () => {
    expect(formatTimeRange('2025-03-15T09:00:00Z', '2025-03-15T11:00:00Z')).toBe('09:00–11:00')
    expect(formatWindow('2025-03-15T09:00:00Z', '2025-03-15T11:00:00Z', 'zh-CN')).toBe('03-15 周六 09:00–11:00')
    expect(formatWindow('2025-03-15T09:00:00Z', '2025-03-15T11:00:00Z', 'en')).toBe('Sat 15/03 09:00–11:00')
  })

  it('should give local dates for pickers', () => {
    expect(localDate(new Date('2025-12-31T12:00:00Z'))).toBe('2025-12-31')
    expect(localDate(addDays(new Date('2025-12-31T12:00:00Z'), 1))).toBe('2026-01-01')
  })
})
