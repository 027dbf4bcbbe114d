import type { ChangePolicy } from '../catalog/policy.ts'
import { changeFee } from '../catalog/policy.ts'
import type { Fen } from '../money/money.ts'

/** The life of a home-service order. Every change of status goes through `transition`. */
export const ORDER_STATUSES = [
  'pending_payment',
  'pending_dispatch',
  'dispatched',
  'accepted',
  'en_route',
  'in_service',
  'completed',
  'reviewed',
  'cancelled',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const ORDER_EVENTS = [
  'pay',
  'pay_on_site',
  'assign',
  'accept',
  'reject',
  'unassign',
  'depart',
  'check_in',
  'complete',
  'review',
  'cancel',
  'reschedule',
] as const
export type OrderEvent = (typeof ORDER_EVENTS)[number]

/** Status labels for timelines and lists. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, { zh: string; en: string }> = {
  pending_payment: { zh: '待支付', en: 'Awaiting payment' },
  pending_dispatch: { zh: '待派单', en: 'Awaiting dispatch' },
  dispatched: { zh: '待接单', en: 'Awaiting acceptance' },
  accepted: { zh: '待服务', en: 'Scheduled' },
  en_route: { zh: '上门中', en: 'On the way' },
  in_service: { zh: '服务中', en: 'In service' },
  completed: { zh: '已完成', en: 'Completed' },
  reviewed: { zh: '已评价', en: 'Reviewed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
}

/** Event names for messages and buttons. */
export const ORDER_EVENT_LABELS: Record<OrderEvent, { zh: string; en: string }> = {
  pay: { zh: '支付', en: 'pay' },
  pay_on_site: { zh: '选择上门付款', en: 'choose pay on site' },
  assign: { zh: '派单', en: 'assign a worker' },
  accept: { zh: '接单', en: 'accept' },
  reject: { zh: '拒单', en: 'reject' },
  unassign: { zh: '撤回派单', en: 'unassign' },
  depart: { zh: '出发', en: 'set off' },
  check_in: { zh: '签到', en: 'check in' },
  complete: { zh: '完成服务', en: 'complete' },
  review: { zh: '评价', en: 'review' },
  cancel: { zh: '取消', en: 'cancel' },
  reschedule: { zh: '改约', en: 'reschedule' },
}

/** For each status, the events it accepts and where each leads. Anything absent is refused. */
const TABLE: Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>> = {
  pending_payment: {
    pay: 'pending_dispatch',
    pay_on_site: 'pending_dispatch',
    cancel: 'cancelled',
    reschedule: 'pending_payment',
  },
  pending_dispatch: { assign: 'dispatched', cancel: 'cancelled', reschedule: 'pending_dispatch' },
  dispatched: {
    accept: 'accepted',
    reject: 'pending_dispatch',
    unassign: 'pending_dispatch',
    cancel: 'cancelled',
    reschedule: 'dispatched',
  },
  accepted: {
    depart: 'en_route',
    unassign: 'pending_dispatch',
    cancel: 'cancelled',
    reschedule: 'accepted',
  },
  en_route: { check_in: 'in_service' },
  in_service: { complete: 'completed' },
  completed: { review: 'reviewed' },
  reviewed: {},
  cancelled: {},
}

export type TransitionResult =
  | { ok: true; status: OrderStatus }
  | { ok: false; from: OrderStatus; event: OrderEvent; allowed: OrderEvent[] }

export function transition(from: OrderStatus, event: OrderEvent): TransitionResult {
  const to = TABLE[from][event]
  return to ? { ok: true, status: to } : { ok: false, from, event, allowed: allowedEvents(from) }
}

export function allowedEvents(from: OrderStatus): OrderEvent[] {
  return ORDER_EVENTS.filter((e) => TABLE[from][e] !== undefined)
}

export const isFinal = (status: OrderStatus) => allowedEvents(status).length === 0
/** A worker is committed to the order in these statuses. */
export const holdsWorker = (status: OrderStatus) =>
  status === 'dispatched' ||
  status === 'accepted' ||
  status === 'en_route' ||
  status === 'in_service'

/**
 * What cancelling or rescheduling an order costs now, the same on the server and in the apps: cancelling an
 * order never paid is free; otherwise the service's change policy applies to the booked arrival window. The
 * fees of all its changes together never come to more than the order itself (`feesSoFarFen` are those charged
 * already): moving a visit five times late must not cost five times the visit.
 */
export function orderChangeFee(
  action: 'cancel' | 'reschedule',
  status: OrderStatus,
  policy: ChangePolicy,
  windowStart: Date,
  now: Date,
  totalFen: Fen,
  feesSoFarFen: Fen = 0,
): Fen {
  if (action === 'cancel' && status === 'pending_payment') return 0
  return Math.min(
    changeFee(policy, windowStart, now, totalFen),
    Math.max(0, totalFen - feesSoFarFen),
  )
}
