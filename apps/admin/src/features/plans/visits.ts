import type { ResponseOf } from '@doorstep/api-client'
import type { PlanAction } from '@doorstep/ui/plan-visits'

export type Plan = ResponseOf<'getPlan'>
export type PlanSummary = ResponseOf<'listPlans'>['items'][number]
export type PlanVisit = Plan['visits'][number]
export type PlanStatus = Plan['status']
export type VisitStatus = PlanVisit['status']

export type { PlanAction, VisitAction } from '@doorstep/ui/plan-visits'
export { WINDOW_MS, canRetryVisit, planActions, unavailableAhead, visitActions, visitEnd } from '@doorstep/ui/plan-visits'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

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
  'not_offered',
  'visit_too_long',
  'kept_time_slot_taken',
  'skipped',
  'plan_paused',
  'plan_ended',
  'plan_changed',
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
