/**
 * What a recurring plan's visits and the plan itself allow now: the same rules in the console and the portal
 * (the server's, so a button never offers what it would refuse).
 */

export type PlanStatus = 'active' | 'paused' | 'ended'
export type VisitStatus = 'booked' | 'skipped' | 'unavailable' | 'cancelled'

export type VisitAction = 'skip' | 'change'
export type PlanAction = 'pause' | 'resume' | 'end'

const CHANGEABLE_ORDER = new Set<string | null>([
  'pending_payment',
  'pending_dispatch',
  'dispatched',
  'accepted',
])

/** A standard window lasts two hours; the plan's visits carry only their start. */
export const WINDOW_MS = 2 * 3_600_000
export const visitEnd = (visit: { windowStart: string }) =>
  new Date(new Date(visit.windowStart).getTime() + WINDOW_MS).toISOString()

/**
 * What may be done with one visit now, in button order. Only an active plan's visits that have not
 * started: a booked one can be skipped or moved; one with no worker free can be tried at another time or
 * skipped. Skipped and cancelled visits are settled (the server would change nothing).
 */
export function visitActions(
  plan: { status: PlanStatus },
  visit: { status: VisitStatus; windowStart: string; orderStatus?: string | null },
  now: Date = new Date(),
): VisitAction[] {
  if (plan.status !== 'active') return []
  if (new Date(visit.windowStart).getTime() <= now.getTime()) return []
  // Once the worker is on the way (or the order is done or cancelled), the visit can no longer change.
  if (visit.orderStatus && !CHANGEABLE_ORDER.has(visit.orderStatus)) return []
  switch (visit.status) {
    case 'booked':
    case 'unavailable':
      return ['skip', 'change']
    case 'skipped':
    case 'cancelled':
      return []
  }
}

/** Staff may try again, now, to book a visit ahead that no worker could take (the hourly pass also does). */
export function canRetryVisit(
  plan: { status: PlanStatus },
  visit: { status: VisitStatus; windowStart: string },
  now: Date = new Date(),
): boolean {
  return (
    plan.status === 'active' &&
    visit.status === 'unavailable' &&
    new Date(visit.windowStart).getTime() > now.getTime()
  )
}

/**
 * Visits still ahead with no worker free: both apps explain what helps (another time, another try). Not those
 * waiting for another reason (a service withdrawn, a visit longer than a day): another time does not help them,
 * and each says its own reason.
 */
export function unavailableAhead<
  V extends { status: VisitStatus; reason: string | null; windowStart: string },
>(visits: readonly V[], now: Date = new Date()): V[] {
  return visits.filter(
    (v) =>
      v.status === 'unavailable' &&
      (v.reason === null || v.reason === 'slot_taken') &&
      new Date(v.windowStart).getTime() > now.getTime(),
  )
}

/** What the plan itself allows: pause or end an active plan, resume or end a paused one; an ended plan is done. */
export function planActions(status: PlanStatus): PlanAction[] {
  switch (status) {
    case 'active':
      return ['pause', 'end']
    case 'paused':
      return ['resume', 'end']
    case 'ended':
      return []
  }
}
