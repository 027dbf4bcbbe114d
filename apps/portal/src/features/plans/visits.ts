import type { ResponseOf } from '@doorstep/api-client'
import type { TagType } from '../orders/status.ts'

export type Plan = ResponseOf<'portalPlan'>
export type PlanSummary = ResponseOf<'portalPlans'>['items'][number]
export type PlanVisit = Plan['visits'][number]
export type PlanStatus = Plan['status']
export type VisitStatus = PlanVisit['status']

import { WINDOW_MS } from '@doorstep/ui/plan-visits'

export type { PlanAction, VisitAction } from '@doorstep/ui/plan-visits'
export {
  WINDOW_MS,
  planActions,
  unavailableAhead,
  visitActions,
  visitEnd,
} from '@doorstep/ui/plan-visits'

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
const KNOWN_REASONS = [
  'slot_taken',
  'not_offered',
  'visit_too_long',
  'kept_time_slot_taken',
  'plan_paused',
  'plan_ended',
  'plan_changed',
] as const

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
