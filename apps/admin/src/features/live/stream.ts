/**
 * The console's live updates: WebSocket `/api/v1/stream` (same origin, the staff cookie) sends `{type:'ready'}`
 * and then `{type:'order.created'|'order.assigned'|…|'complaint.filed'|…, at, status, orderId, complaintId}`
 * for the orders the user may read. Pure parts here; `useLiveUpdates` wires them to the session and the query
 * cache; the socket and its back-off are shared (`@doorstep/ui`, live-stream.ts).
 */

import type { LiveMessage } from '@doorstep/ui'

export type { LiveMessage, LiveStreamOptions, SocketLike } from '@doorstep/ui'
export { createLiveStream, parseLiveMessage, reconnectDelay } from '@doorstep/ui'

export type QueryKey = readonly unknown[]

/**
 * The console's cached server data a live message makes stale (the keys of features/orders/api.ts,
 * features/aftersales/api.ts and features/plans/api.ts). vue-query refetches what is on screen.
 */
export function staleKeys(message: LiveMessage): QueryKey[] {
  const keys: QueryKey[] = []
  if (message.type.startsWith('order.')) {
    keys.push(['orders', 'list'])
    if (message.orderId) keys.push(['orders', 'one', message.orderId])
    // A plan's visits are orders; a review arrives as order.reviewed.
    keys.push(['plans'])
    if (message.type === 'order.reviewed') keys.push(['reviews'])
  }
  if (message.type.startsWith('complaint.')) {
    keys.push(['complaints', 'list'], ['complaints', 'report'])
    if (message.complaintId) keys.push(['complaints', 'one', message.complaintId])
  }
  return keys
}

/** After a reconnect anything may have changed while the socket was down. */
export const RECONNECT_KEYS: QueryKey[] = [['orders'], ['complaints'], ['plans'], ['reviews']]

/** ws(s)://<this host>/api/v1/stream — the staff stream (the session cookie decides what it carries). */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`
}
