import { describe, expect, it, vi } from 'vitest'
import type { SocketLike } from './stream.ts'
import { createLiveStream, parseLiveMessage, reconnectDelay, staleKeys, streamUrl } from './stream.ts'

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  closed = false
  close() {
    this.closed = true
    this.onclose?.({})
  }
  send(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) })
  }
  drop() {
    this.onclose?.({})
  }
}

function harness() {
  const sockets: FakeSocket[] = []
  const timers: Array<{ fn: () => void; ms: number }> = []
  const onMessage = vi.fn()
  const onReady = vi.fn()
  const stream = createLiveStream({
    url: 'ws://x/api/v1/stream',
    connect: () => {
      const s = new FakeSocket()
      sockets.push(s)
      return s
    },
    onMessage,
    onReady,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => timers.splice(0),
    random: () => 0,
  })
  return { stream, sockets, timers, onMessage, onReady }
}

describe('staleKeys', () => {
  it('should refresh the order lists and that order on an order event', () => {
    expect(staleKeys({ type: 'order.assigned', orderId: 'o1' })).toEqual([['orders', 'list'], ['orders', 'one', 'o1'], ['plans']])
    expect(staleKeys({ type: 'order.reviewed', orderId: 'o1' })).toContainEqual(['reviews'])
  })
  it('should refresh the complaints queue, report and that complaint on a complaint event', () => {
    expect(staleKeys({ type: 'complaint.filed', complaintId: 'c1' })).toEqual([['complaints', 'list'], ['complaints', 'report'], ['complaints', 'one', 'c1']])
  })
  it('should ignore anything else', () => {
    expect(staleKeys({ type: 'ready' })).toEqual([])
    expect(parseLiveMessage('not json')).toBeNull()
    expect(parseLiveMessage(JSON.stringify({ at: 'x' }))).toBeNull()
  })
})

describe('createLiveStream', () => {
  it('should back off 1 s, 2 s, 4 s … to 30 s while the stream keeps failing', () => {
    expect([0, 1, 2, 5, 12].map((n) => reconnectDelay(n, () => 0))).toEqual([1000, 2000, 4000, 30000, 30000])
    const { stream, sockets, timers } = harness()
    stream.start()
    sockets[0]!.drop()
    timers.shift()!.fn()
    sockets[1]!.drop()
    expect(timers.map((t) => t.ms)).toEqual([2000])
  })
  it('should pass messages after ready, say when it came back, and stay closed after close()', () => {
    const { stream, sockets, timers, onMessage, onReady } = harness()
    stream.start()
    sockets[0]!.send({ type: 'ready' })
    sockets[0]!.send({ type: 'order.created', orderId: 'o1' })
    expect(onMessage).toHaveBeenCalledWith({ type: 'order.created', orderId: 'o1' })
    sockets[0]!.drop()
    timers.shift()!.fn()
    sockets[1]!.send({ type: 'ready' })
    expect(onReady.mock.calls).toEqual([[false], [true]])
    stream.close()
    expect(sockets[1]!.closed).toBe(true)
    expect(timers).toEqual([])
  })
  it('should connect to the staff stream on this host', () => {
    expect(streamUrl({ protocol: 'https:', host: 'ops.example.cn' })).toBe('wss://ops.example.cn/api/v1/stream')
  })
})
