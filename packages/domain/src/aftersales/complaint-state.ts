/** After-sales: a complaint from filing to the customer's confirmation. Every change goes through `complaintStep`. */
export const COMPLAINT_STATUSES = [
  'open',
  'in_progress',
  'resolved',
  'followed_up',
  'closed',
] as const
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]

/** A complaint's status as its customer is told it (notices, a refused step); the console has its own labels. */
export const COMPLAINT_STATUS_WORDS: Record<'zh-CN' | 'en', Record<ComplaintStatus, string>> = {
  'zh-CN': {
    open: '已受理',
    in_progress: '处理中',
    resolved: '已给出处理方案',
    followed_up: '已回访',
    closed: '已关闭',
  },
  en: {
    open: 'received',
    in_progress: 'being handled',
    resolved: 'resolution proposed',
    followed_up: 'followed up',
    closed: 'closed',
  },
}

export const COMPLAINT_EVENTS = [
  'respond',
  'resolve',
  'follow_up',
  'confirm',
  'close',
  'reopen',
] as const
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number]

export const COMPLAINT_CATEGORIES = [
  'quality',
  'lateness',
  'damage',
  'attitude',
  'overcharge',
  'no_show',
  'other',
] as const
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]

/** How a complaint was put right; refunds and coupons are requests the money issue acts on. */
export const RESOLUTION_KINDS = [
  'rework',
  'refund_request',
  'coupon_request',
  'worker_warning',
  'explanation',
] as const
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number]

/** Resolutions that ask finance for money, and so say how much. */
export const MONEY_RESOLUTIONS: readonly ResolutionKind[] = ['refund_request', 'coupon_request']
export const asksForMoney = (kind: ResolutionKind | null): boolean =>
  kind !== null && MONEY_RESOLUTIONS.includes(kind)

/**
 * What a refund request may still ask for: the order's charge (fees included) less what its other complaints'
 * refunds already asked for, and never below nothing.
 */
export const refundCeilingFen = (
  order: { totalFen: number; feesFen: number },
  requestedFen = 0,
): number => Math.max(0, order.totalFen + order.feesFen - requestedFen)

const TABLE: Record<ComplaintStatus, Partial<Record<ComplaintEvent, ComplaintStatus>>> = {
  open: { respond: 'in_progress' },
  in_progress: { resolve: 'resolved' },
  resolved: { follow_up: 'followed_up', confirm: 'closed', reopen: 'in_progress' },
  followed_up: { confirm: 'closed', close: 'closed', reopen: 'in_progress' },
  closed: {},
}

export type ComplaintStepResult =
  { ok: true; status: ComplaintStatus } | { ok: false; allowed: ComplaintEvent[] }

export function complaintStep(from: ComplaintStatus, event: ComplaintEvent): ComplaintStepResult {
  const to = TABLE[from][event]
  return to ? { ok: true, status: to } : { ok: false, allowed: complaintEvents(from) }
}

export const complaintEvents = (from: ComplaintStatus): ComplaintEvent[] =>
  COMPLAINT_EVENTS.filter((e) => TABLE[from][e] !== undefined)
