/**
 * Live updates over WebSocket `/api/v1/stream` (same origin, cookie auth), shared by the console and the
 * portal: the server sends `{type:'ready'}`, then `{type:'order.assigned'|…|'complaint.respond'|…|
 * 'notice.created', at, status, orderId, complaintId}` for what the signed-in user may see. Each app maps
 * messages to the cached data they make stale and builds its stream URL.
 */

export interface LiveMessage {
  type: string
  at?: string
  status?: string | null
  orderId?: string | null
  complaintId?: string | null
}

export function parseLiveMessage(data: unknown): LiveMessage | null {
  if (typeof data !== 'string') return null
  try {
    const value = JSON.parse(data) as unknown
    if (typeof value !== 'object' || value === null) return null
    const type = (value as { type?: unknown }).type
    return typeof type === 'string' ? (value as LiveMessage) : null
  } catch {
    return null
  }
}

/** 1 s, 2 s, 4 s … up to 30 s, each with up to a third taken off at random so clients do not return in step. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, Math.min(attempt, 10)))
  return Math.round(base * (1 - random() / 3))
}

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

export interface SocketLike {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  close(): void
}

export interface LiveStreamOptions {
  url: string
  connect?: (url: string) => SocketLike
  onMessage: (message: LiveMessage) => void
  /** The stream is (back) up: `reconnected` when it had been up before and dropped. */
  onReady?: (reconnected: boolean) => void
  onStateChange?: (state: 'connecting' | 'open' | 'closed') => void
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  random?: () => number
}

/**
 * One stream that reconnects with back-off until `close()`. The attempt count resets once the server says
 * `ready`, so a socket that opens and drops at once (a rejected cookie) keeps backing off.
 */
export function createLiveStream(options: LiveStreamOptions) {
  const connect = options.connect ?? ((url: string) => new WebSocket(url) as unknown as SocketLike)
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
  const clearTimer =
    options.clearTimer ??
    ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>))
  let socket: SocketLike | null = null
  let timer: unknown = null
  let attempt = 0
  let everReady = false
  let stopped = false

  function open() {
    timer = null
    if (stopped) return
    options.onStateChange?.('connecting')
    const s = connect(options.url)
    socket = s
    s.onmessage = (event) => {
      const message = parseLiveMessage(event.data)
      if (!message) return
      if (message.type === 'ready') {
        const reconnected = everReady
        everReady = true
        attempt = 0
        options.onStateChange?.('open')
        options.onReady?.(reconnected)
        return
      }
      options.onMessage(message)
    }
    s.onerror = () => {}
    s.onclose = () => {
      if (socket !== s) return
      socket = null
      options.onStateChange?.('closed')
      if (stopped) return
      timer = setTimer(open, reconnectDelay(attempt++, options.random))
    }
  }

  return {
    start() {
      stopped = false
      if (!socket && timer === null) open()
    },
    close() {
      stopped = true
      if (timer !== null) clearTimer(timer)
      timer = null
      const s = socket
      socket = null
      s?.close()
      options.onStateChange?.('closed')
    },
    /** For tests and the status line: how many reconnects in a row have failed. */
    get attempt() {
      return attempt
    },
  }
}
