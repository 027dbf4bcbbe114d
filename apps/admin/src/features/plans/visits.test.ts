import { describe, expect, it } from 'vitest'
import type { PlanStatus, PlanVisit, VisitStatus } from './visits.ts'
import {
  actionConfirm,
  planActions,
  visitActions,
  visitCounts,
  visitEnd,
  visitReason,
  visitTag,
} from './visits.ts'

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
})
const ahead = '2026-03-11T02:00:00.000Z'
const past = '2026-03-09T02:00:00.000Z'
const active = { status: 'active' as PlanStatus }

describe('visitActions', () => {
  it('should let a booked or unavailable visit ahead be skipped or changed', () => {
    expect(visitActions(active, visit('booked', ahead), now)).toEqual(['skip', 'change'])
    expect(visitActions(active, visit('unavailable', ahead), now)).toEqual(['skip', 'change'])
  })
  it('should offer nothing once the order has moved past acceptance', () => {
    for (const orderStatus of ['en_route', 'completed', 'cancelled'] as const)
      expect(visitActions(active, { ...visit('booked', ahead), orderStatus }, now)).toEqual([])
    expect(
      visitActions(active, { ...visit('booked', ahead), orderStatus: 'accepted' }, now),
    ).toEqual(['skip', 'change'])
  })

  it('should offer nothing on a visit that has started or passed', () => {
    expect(visitActions(active, visit('booked', now.toISOString()), now)).toEqual([])
    expect(visitActions(active, visit('booked', past), now)).toEqual([])
  })
  it('should offer nothing on a skipped or cancelled visit, nor on a paused or ended plan', () => {
    expect(visitActions(active, visit('skipped', ahead), now)).toEqual([])
    expect(visitActions(active, visit('cancelled', ahead), now)).toEqual([])
    expect(visitActions({ status: 'paused' }, visit('booked', ahead), now)).toEqual([])
    expect(visitActions({ status: 'ended' }, visit('booked', ahead), now)).toEqual([])
  })
})

describe('planActions', () => {
  it('should pause or end an active plan, resume or end a paused one, and leave an ended one', () => {
    expect(planActions('active')).toEqual(['pause', 'end'])
    expect(planActions('paused')).toEqual(['resume', 'end'])
    expect(planActions('ended')).toEqual([])
  })
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
