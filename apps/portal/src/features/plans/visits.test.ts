import { describe, expect, it } from 'vitest'
import type { PlanVisit, VisitStatus } from './visits.ts'
import { splitVisits, visitEnd, visitReason } from './visits.ts'

const now = new Date('2026-03-10T02:00:00.000Z')
const visit = (
  status: VisitStatus,
  windowStart: string,
  reason: string | null = null,
): PlanVisit => ({
  date: windowStart.slice(0, 10),
  windowStart,
  status,
  orderId: status === 'booked' ? '00000000-0000-4000-8000-000000000001' : null,
  orderNo: status === 'booked' ? 'D0001' : null,
  orderStatus: status === 'booked' ? 'pending_dispatch' : null,
  reason,
  attempts: status === 'unavailable' ? 1 : 0,
})
const ahead = '2026-03-11T02:00:00.000Z'
const past = '2026-03-09T02:00:00.000Z'

describe('visits on the detail page', () => {
  it('should explain the server’s reasons and keep a customer’s own words', () => {
    expect(visitReason(visit('unavailable', ahead, 'slot_taken'))).toEqual({
      key: 'plans.reasons.slot_taken',
    })
    expect(visitReason(visit('skipped', ahead, '出差'))).toEqual({ text: '出差' })
    expect(visitReason(visit('booked', ahead))).toBeNull()
    expect(visitReason(visit('skipped', ahead, 'skipped'))).toBeNull()
  })
  it('should list upcoming visits soonest first and past ones latest first', () => {
    const visits = [
      visit('booked', '2026-03-02T02:00:00.000Z'),
      visit('booked', past),
      visit('unavailable', ahead),
      visit('booked', '2026-03-12T02:00:00.000Z'),
    ]
    const { upcoming, past: done } = splitVisits(visits, now)
    expect(upcoming.map((v) => v.date)).toEqual(['2026-03-11', '2026-03-12'])
    expect(done.map((v) => v.date)).toEqual(['2026-03-09', '2026-03-02'])
  })
  it('should keep a visit in progress among the upcoming ones until its window ends', () => {
    const started = visit('booked', '2026-03-10T01:00:00.000Z')
    expect(splitVisits([started], now).upcoming).toHaveLength(1)
    expect(visitEnd(started)).toBe('2026-03-10T03:00:00.000Z')
  })
})
