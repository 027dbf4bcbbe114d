import { describe, expect, it } from 'vitest'
import type { PlanStatus, VisitStatus } from './plan-visits.ts'
import { canRetryVisit, planActions, unavailableAhead, visitActions } from './plan-visits.ts'

const now = new Date('2026-03-10T02:00:00.000Z')
const visit = (status: VisitStatus, windowStart: string) => ({
  status,
  windowStart,
  orderStatus: status === 'booked' ? 'pending_dispatch' : null,
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

describe('canRetryVisit', () => {
  it('should offer a retry only for a visit ahead no worker could take, in an active plan', () => {
    const active = { status: 'active' as PlanStatus }
    expect(canRetryVisit(active, visit('unavailable', ahead), now)).toBe(true)
    expect(canRetryVisit(active, visit('unavailable', past), now)).toBe(false)
    expect(canRetryVisit(active, visit('booked', ahead), now)).toBe(false)
    expect(canRetryVisit({ status: 'paused' }, visit('unavailable', ahead), now)).toBe(false)
  })
})

describe('unavailableAhead', () => {
  const waiting = (windowStart: string, reason: string | null) => ({
    ...visit('unavailable', windowStart),
    reason,
  })
  it('should count the visits ahead no worker could take, not those past or waiting for another reason', () => {
    const noWorker = waiting(ahead, null)
    const taken = waiting(ahead, 'slot_taken')
    const visits = [
      noWorker,
      taken,
      waiting(past, null),
      // Another time does not help these: each says its own reason.
      waiting(ahead, 'visit_too_long'),
      waiting(ahead, 'not_offered'),
      { ...visit('booked', ahead), reason: null },
    ]
    expect(unavailableAhead(visits, now)).toEqual([noWorker, taken])
  })
})
