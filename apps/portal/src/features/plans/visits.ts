import type { ResponseOf } from '@doorstep/api-client'
import type { TagType } from '../orders/status.ts'

export type Plan = ResponseOf<'portalPlan'>
export type PlanSummary = ResponseOf<'portalPlans'>['items'][number]
export type PlanVisit = Plan['visits'][number]
export type PlanStatus = Plan['status']
export type VisitStatus = PlanVisit['status']

export type VisitAction = 'skip' | 'change'
export type PlanAction = 'pause' | 'resume' | 'end'

const CHANGEABLE_ORDER = new Set<PlanVisit['orderStatus']>([
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
 * What the customer may do with one visit now, in button order. Only an active plan's visits that have not
 * started: a booked one can be skipped or moved; one with no worker free can be tried at another time or
 * skipped. Skipped and cancelled visits are settled (the server would change nothing).
 */
export function visitActions(
  plan: { status: PlanStatus },
  visit: { status: VisitStatus; windowStart: string; orderStatus?: PlanVisit['orderStatus'] },
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

export function planTag(status: PlanStatus): TagType {
  switch (status) {
    case 'active':
      return 'success'
    case 'paused':
      return 'warning'
    case 'ended':
      return 'default'
  }
}

export function visitTag(status: VisitStatus): TagType {
  switch (status) {
    case 'booked':
      return 'primary'
    case 'unavailable':
      return 'danger'
    case 'skipped':
    case 'cancelled':
      return 'default'
  }
}

/** Reasons the server writes on a visit, each with words in `plans.reasons.*`; anything else is the customer's own text. */
const KNOWN_REASONS = ['slot_taken', 'kept_time_slot_taken', 'plan_paused', 'plan_ended'] as const

/**
 * The i18n key that explains a visit's reason, or the reason itself when it is free text; nothing for a plain
 * skip (its tag says it all).
 */
export function visitReason(visit: {
  reason: string | null
}): { key: string } | { text: string } | null {
  if (!visit.reason || visit.reason === 'skipped') return null
  return (KNOWN_REASONS as readonly string[]).includes(visit.reason)
    ? { key: `plans.reasons.${visit.reason}` }
    : { text: visit.reason }
}

/** Visits still ahead with no worker free: the detail page explains what the customer can do. */
export const unavailableAhead = (visits: readonly PlanVisit[], now: Date = new Date()) =>
  visits.filter(
    (v) => v.status === 'unavailable' && new Date(v.windowStart).getTime() > now.getTime(),
  )

/**
 * The visits to show: upcoming first (soonest on top), then the past ones (latest first) — the customer
 * cares about what comes next.
 */
export function splitVisits(visits: readonly PlanVisit[], now: Date = new Date()) {
  const t = now.getTime()
  const upcoming = visits.filter((v) => new Date(v.windowStart).getTime() + WINDOW_MS > t)
  const past = visits.filter((v) => new Date(v.windowStart).getTime() + WINDOW_MS <= t).reverse()
  return { upcoming, past }
}
