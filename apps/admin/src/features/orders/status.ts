import type { OrderEvent, OrderStatus } from '@doorstep/domain'
import { ORDER_STATUSES, ORDER_STATUS_LABELS } from '@doorstep/domain'
import type { Locale } from '@doorstep/ui'

export { ORDER_STATUSES }

/** 待派单 / Awaiting dispatch: the domain's labels, so lists, timelines and the portal say the same. */
export function statusLabel(status: OrderStatus, locale: Locale): string {
  const label = ORDER_STATUS_LABELS[status]
  return locale === 'en' ? label.en : label.zh
}

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** Colour by what the status asks of the office: orange needs someone, blue is moving, green is done. */
export function statusTagType(status: OrderStatus): TagType {
  switch (status) {
    case 'pending_payment':
    case 'pending_dispatch':
      return 'warning'
    case 'dispatched':
    case 'accepted':
    case 'en_route':
    case 'in_service':
      return 'primary'
    case 'completed':
    case 'reviewed':
      return 'success'
    case 'cancelled':
      return 'info'
  }
}

/**
 * The events a staff member can trigger from the order page, in the order the buttons appear. `pay` (an online
 * payment) and `review` (the customer's) are never offered here even when the server allows them.
 */
export const STAFF_EVENTS = [
  'pay_on_site',
  'assign',
  'accept',
  'depart',
  'check_in',
  'complete',
  'reschedule',
  'reject',
  'unassign',
  'cancel',
] as const satisfies readonly OrderEvent[]
export type StaffEvent = (typeof STAFF_EVENTS)[number]

/** What the page needs from the user before sending an event. */
export type EventInput = 'none' | 'worker' | 'window' | 'reason' | 'optionalReason'

export const EVENT_INPUT: Record<StaffEvent, EventInput> = {
  pay_on_site: 'none',
  assign: 'worker',
  accept: 'none',
  depart: 'none',
  check_in: 'none',
  complete: 'none',
  reschedule: 'window',
  reject: 'reason',
  unassign: 'optionalReason',
  cancel: 'reason',
}

/** Buttons for exactly the events the server allows (and staff may trigger), in a stable order. */
export function staffActions(allowed: readonly string[]): StaffEvent[] {
  const set = new Set(allowed)
  return STAFF_EVENTS.filter((event) => set.has(event))
}

/** Destructive or irreversible events are shown as danger buttons; the main forward step as primary. */
export function actionType(event: StaffEvent): 'primary' | 'danger' | 'default' {
  if (event === 'cancel' || event === 'reject') return 'danger'
  if (event === 'reschedule' || event === 'unassign') return 'default'
  return 'primary'
}
