import type { ResponseOf } from '@doorstep/api-client'

export type Plan = ResponseOf<'getPlan'>
export type PlanSummary = ResponseOf<'listPlans'>['items'][number]
export type PlanVisit = Plan['visits'][number]
export type PlanStatus = Plan['status']
export type VisitStatus = PlanVisit['status']

export type VisitAction = 'skip' | 'change'
export type PlanAction = 'pause' | 'resume' | 'end'
type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

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
 * What staff may do with one visit now, in button order. Only an active plan's visits that have not started:
 * a booked one can be skipped or moved; one with no worker free can be tried at another time or skipped.
 * Skipped and cancelled visits are settled (the server would change nothing).
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

/** What the plan itself allows (the server's rule): pause an active plan, resume a paused one, end either. */
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
      return 'info'
  }
}

export function visitTag(status: VisitStatus): TagType {
  switch (status) {
    case 'booked':
      return 'primary'
    case 'unavailable':
      return 'danger'
    case 'skipped':
      return 'warning'
    case 'cancelled':
      return 'info'
  }
}

/** Reasons the server writes on a visit, each with words in `plans.reasons.*`; anything else is free text. */
const KNOWN_REASONS = [
  'slot_taken',
  'kept_time_slot_taken',
  'skipped',
  'plan_paused',
  'plan_ended',
] as const

/** The i18n key that explains a visit's reason, or the reason itself when it is someone's own words. */
export function visitReason(visit: {
  reason: string | null
}): { key: string } | { text: string } | null {
  if (!visit.reason) return null
  return (KNOWN_REASONS as readonly string[]).includes(visit.reason)
    ? { key: `plans.reasons.${visit.reason}` }
    : { text: visit.reason }
}

/** How many visits are in each state: the detail page's header line. */
export function visitCounts(
  visits: readonly { status: VisitStatus }[],
): Record<VisitStatus, number> {
  const counts: Record<VisitStatus, number> = {
    booked: 0,
    skipped: 0,
    unavailable: 0,
    cancelled: 0,
  }
  for (const v of visits) counts[v.status] += 1
  return counts
}

/** The confirmation a plan action asks for, as i18n keys: ending is final, pausing cancels booked visits. */
export function actionConfirm(action: PlanAction): {
  title: string
  body: string
  danger: boolean
} {
  return {
    title: `plans.confirm.${action}Title`,
    body: `plans.confirm.${action}Body`,
    danger: action === 'end',
  }
}
