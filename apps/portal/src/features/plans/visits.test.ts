import { describe, expect, it } from 'vitest'
import type { PlanStatus, PlanVisit, VisitStatus } from './visits.ts'
import {
  planActions,
  splitVisits,
  unavailableAhead,
  visitActions,
  visitEnd,
  visitReason,
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

describe('visitActions', () => {
  const active = { status: 'active' as PlanStatus }
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
  it('should offer nothing on a skipped or cancelled visit', () => {
    expect(visitActions(active, visit('skipped', ahead), now)).toEqual([])
    expect(visitActions(active, visit('cancelled', ahead), now)).toEqual([])
  })
  it('should offer nothing while the plan is paused or ended', () => {
    for (const status of ['paused', 'ended'] as const)
      expect(visitActions({ status }, visit('booked', ahead), now)).toEqual([])
  })
})

describe('planActions', () => {
  it('should pause or end an active plan, resume or end a paused one, and leave an ended one', () => {
    expect(planActions('active')).toEqual(['pause', 'end'])
    expect(planActions('paused')).toEqual(['resume', 'end'])
    expect(planActions('ended')).toEqual([])
  })
})

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
    expect(unavailableAhead(visits, now)).toHaveLength(1)
  })
  it('should keep a visit in progress among the upcoming ones until its window ends', () => {
    const started = visit('booked', '2026-03-10T01:00:00.000Z')
    expect(splitVisits([started], now).upcoming).toHaveLength(1)
    expect(visitEnd(started)).toBe('2026-03-10T03:00:00.000Z')
  })
})
