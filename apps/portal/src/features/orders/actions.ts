import type { OrderEvent, OrderStatus } from '@doorstep/domain'

export type OrderAction = 'cancel' | 'reschedule' | 'complain' | 'review'

/** The server files complaints only on finished work (ORDER_NOT_COMPLETED otherwise), reviewed or not. */
const COMPLAINABLE: readonly OrderStatus[] = ['completed', 'reviewed']

/**
 * What the customer may do with an order now, in the order the buttons appear (the main one last). Cancel,
 * reschedule and review follow the server's `allowedEvents`, so the portal never offers what it would refuse.
 */
export function orderActions(order: {
  status: OrderStatus
  allowedEvents: readonly OrderEvent[]
}): OrderAction[] {
  const actions: OrderAction[] = []
  if (order.allowedEvents.includes('cancel')) actions.push('cancel')
  if (order.allowedEvents.includes('reschedule')) actions.push('reschedule')
  if (COMPLAINABLE.includes(order.status)) actions.push('complain')
  if (order.allowedEvents.includes('review')) actions.push('review')
  return actions
}
