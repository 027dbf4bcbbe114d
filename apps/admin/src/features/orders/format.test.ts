import { afterEach, describe, expect, it } from 'vitest'
import { formatDateTime, setDisplayTimeZone } from '@doorstep/ui'
import {
  addDays,
  bookableDay,
  companyToday,
  formatTime,
  formatTimeRange,
  formatWindow,
  localDate,
  zonedDate,
} from './format.ts'

// The unit project runs with TZ=UTC.
describe('order time formatting', () => {
  it('should show a window as day and time range', () => {
    expect(formatTimeRange('2025-03-15T09:00:00Z', '2025-03-15T11:00:00Z')).toBe('09:00–11:00')
    expect(formatWindow('2025-03-15T09:00:00Z', '2025-03-15T11:00:00Z', 'zh-CN')).toBe(
      '03-15 周六 09:00–11:00',
    )
    expect(formatWindow('2025-03-15T09:00:00Z', '2025-03-15T11:00:00Z', 'en')).toBe(
      'Sat 15 Mar 09:00–11:00',
    )
  })

  it('should give local dates for pickers', () => {
    expect(localDate(new Date('2025-12-31T12:00:00Z'))).toBe('2025-12-31')
    expect(localDate(addDays(new Date('2025-12-31T12:00:00Z'), 1))).toBe('2026-01-01')
  })

  describe("in the company's time zone, wherever the viewer is", () => {
    afterEach(() => setDisplayTimeZone(undefined))

    it('should show windows and moments in Shanghai time to a viewer on UTC', () => {
      setDisplayTimeZone('Asia/Shanghai')
      // 02:00 UTC is 10:00 in Shanghai; 20:00 UTC on the 15th is already the 16th there.
      expect(formatWindow('2025-03-15T02:00:00Z', '2025-03-15T04:00:00Z', 'zh-CN')).toBe(
        '03-15 周六 10:00–12:00',
      )
      expect(formatWindow('2025-03-15T20:00:00Z', '2025-03-15T22:00:00Z', 'en')).toBe(
        'Sun 16 Mar 04:00–06:00',
      )
      expect(formatTime('2025-03-15T02:30:00Z')).toBe('10:30')
      expect(formatDateTime('2025-03-15T20:00:00Z', 'zh-CN')).toBe('2025/03/16 04:00')
      expect(zonedDate(new Date('2025-03-15T20:00:00Z'))).toBe('2025-03-16')
    })

    it("should start the pickers on the company's today", () => {
      setDisplayTimeZone('Asia/Shanghai')
      expect(localDate(companyToday(new Date('2025-03-15T20:00:00Z')))).toBe('2025-03-16')
      expect(localDate(addDays(companyToday(new Date('2025-03-15T20:00:00Z')), 1))).toBe(
        '2025-03-17',
      )
      setDisplayTimeZone(undefined)
      expect(localDate(companyToday(new Date('2025-03-15T20:00:00Z')))).toBe('2025-03-15')
    })

    it("should offer the days from the company's today to the booking horizon, as the server books", () => {
      setDisplayTimeZone('Asia/Shanghai')
      const now = new Date('2025-03-15T20:00:00Z')
      const day = (date: string) => new Date(`${date}T00:00:00`)
      expect(bookableDay(day('2025-03-15'), now)).toBe(false)
      expect(bookableDay(day('2025-03-16'), now)).toBe(true)
      // 180 days after 2025-03-16.
      expect(bookableDay(day('2025-09-12'), now)).toBe(true)
      expect(bookableDay(day('2025-09-13'), now)).toBe(false)
    })
  })
})
