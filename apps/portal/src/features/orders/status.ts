import type { OrderStatus } from '@doorstep/domain'
import { ORDER_STATUSES } from '@doorstep/domain'
import type { TimelineActor } from '@doorstep/contracts'

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

/** The colour of a status tag: waiting (orange), moving (blue-ish primary), done (green), cancelled (grey). */
export function statusTag(status: OrderStatus): TagType {
  switch (status) {
    case 'pending_payment':
    case 'pending_dispatch':
    case 'dispatched':
      return 'warning'
    case 'accepted':
    case 'en_route':
    case 'in_service':
      return 'primary'
    case 'completed':
    case 'reviewed':
      return 'success'
    case 'cancelled':
      return 'default'
  }
}

export type OrderTab = 'all' | 'active' | 'done' | 'cancelled'

/** The statuses a tab asks the server for (undefined: all), so a tab pages through its own orders. */
export function tabStatuses(tab: OrderTab): OrderStatus[] | undefined {
  return tab === 'all' ? undefined : ORDER_STATUSES.filter((s) => inTab(s, tab))
}

export function inTab(status: OrderStatus, tab: OrderTab): boolean {
  switch (tab) {
    case 'all':
      return true
    case 'cancelled':
      return status === 'cancelled'
    case 'done':
      return status === 'completed' || status === 'reviewed'
    case 'active':
      return !['cancelled', 'completed', 'reviewed'].includes(status)
  }
}

/**
 * Who signs a step of an order's timeline for the customer: 您 for their own (the name they had then may not be
 * the one they have now), staff by role (their worker for what the worker did through their own account, customer
 * service for the rest, including a visit's steps the office took for the worker); the system's passes go
 * unsigned.
 */
export function stepSigner(
  e: { actor: TimelineActor },
  t: (key: 'orders.byWorker' | 'orders.byOffice' | 'orders.byYou') => string,
): string | null {
  if (e.actor === 'system') return null
  return t(
    e.actor === 'customer'
      ? 'orders.byYou'
      : e.actor === 'worker'
        ? 'orders.byWorker'
        : 'orders.byOffice',
  )
}

/**
 * How the price says an order with nothing paid ahead is paid: 服务完成后支付 while the service is still to come
 * (and while booking, before there is an order), 现场支付 once an order paid on site is done — how it is paid,
 * not that it was: no payment is recorded yet, so "after the service" would read as still to come.
 */
export function payLineKey(
  order: { status: OrderStatus; payOnSite: boolean } | null,
): 'booking.payOnCompletion' | 'booking.payOnSite' {
  return order?.payOnSite && (order.status === 'completed' || order.status === 'reviewed')
    ? 'booking.payOnSite'
    : 'booking.payOnCompletion'
}
