/**
 * The customer's live updates: WebSocket `/api/v1/stream?audience=customer` (same origin, cookie auth) sends
 * `{type:'ready'}` and then `{type:'order.assigned'|…|'complaint.respond'|…, at, status, orderId, complaintId}`
 * for the customer's own orders and complaints. Pure parts here; `useLiveUpdates` wires them to the session
 * and the query cache.
 */

import type { LiveMessage } from '@doorstep/ui'

export type { LiveMessage, LiveStreamOptions, SocketLike } from '@doorstep/ui'
export { createLiveStream, parseLiveMessage, reconnectDelay } from '@doorstep/ui'

export type QueryKey = readonly unknown[]

/** The cached server data a live message makes stale. Notices follow too: the server writes them a few seconds later. */
export function staleKeys(message: LiveMessage): QueryKey[] {
  const keys: QueryKey[] = []
  if (message.type.startsWith('order.')) {
    keys.push(['portal', 'orders'])
    if (message.orderId) {
      keys.push(['portal', 'order', message.orderId])
      if (message.type === 'order.reviewed') keys.push(['portal', 'review', message.orderId])
    }
    // A plan's visits are orders: their numbers and states show on the plan pages.
    keys.push(['portal', 'plans'], ['portal', 'plan'])
  }
  if (message.type.startsWith('complaint.')) {
    keys.push(['portal', 'complaints'])
    if (message.complaintId) keys.push(['portal', 'complaint', message.complaintId])
  }
  if (keys.length || message.type === 'notice.created') keys.push(['portal', 'notices'])
  return keys
}

/** After a reconnect anything may have changed while the socket was down. */
export const RECONNECT_KEYS: QueryKey[] = [
  ['portal', 'orders'],
  ['portal', 'order'],
  ['portal', 'complaints'],
  ['portal', 'complaint'],
  ['portal', 'plans'],
  ['portal', 'plan'],
  ['portal', 'notices'],
]

/** ws(s)://<this host>/api/v1/stream?audience=customer */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream?audience=customer`
}
