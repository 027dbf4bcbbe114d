import { describe, expect, it } from 'vitest'
import type { PlanVisit, VisitStatus } from './visits.ts'
import { actionConfirm, visitCounts, visitEnd, visitReason, visitTag } from './visits.ts'

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

describe('actionConfirm', () => {
  it('should mark only ending as dangerous', () => {
    expect(actionConfirm('end')).toMatchObject({ danger: true, title: 'plans.confirm.endTitle' })
    expect(actionConfirm('pause').danger).toBe(false)
  })
})

describe('visit words', () => {
  it('should explain the server’s reasons and keep anyone’s own words', () => {
    expect(visitReason(visit('unavailable', ahead, 'slot_taken'))).toEqual({
      key: 'plans.reasons.slot_taken',
    })
    expect(visitReason(visit('skipped', ahead, '客户出差'))).toEqual({ text: '客户出差' })
    expect(visitReason(visit('booked', ahead))).toBeNull()
  })
  it('should mark a visit with no worker free in red', () => {
    expect(visitTag('unavailable')).toBe('danger')
    expect(visitTag('booked')).toBe('primary')
  })
  it('should count visits per state and end a window two hours after it starts', () => {
    expect(
      visitCounts([visit('booked', ahead), visit('booked', past), visit('unavailable', ahead)]),
    ).toEqual({ booked: 2, skipped: 0, unavailable: 1, cancelled: 0 })
    expect(visitEnd({ windowStart: ahead })).toBe('2026-03-11T04:00:00.000Z')
  })
})
