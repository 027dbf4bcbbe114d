import { describe, expect, it, vi } from 'vitest'
import type { SocketLike } from './live-stream.ts'
import { createLiveStream, parseLiveMessage, reconnectDelay } from './live-stream.ts'

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
  const fire = () => timers.shift()!.fn()
  return { stream, sockets, timers, onMessage, onReady, fire }
}

describe('reconnectDelay', () => {
  it('should double from 1 s to a ceiling of 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => reconnectDelay(n, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ])
  })
  it('should take up to a third off at random, never more', () => {
    expect(reconnectDelay(3, () => 0.999)).toBeGreaterThanOrEqual(Math.round(8000 * (2 / 3)))
    expect(reconnectDelay(3, () => 0.5)).toBeLessThan(8000)
  })
})

describe('live stream', () => {
  it('should pass messages on after ready, ignoring unreadable ones', () => {
    const h = harness()
    h.stream.start()
    h.sockets[0]!.send({ type: 'ready' })
    h.sockets[0]!.onmessage?.({ data: 'not json' })
    h.sockets[0]!.send({ type: 'order.assigned', orderId: 'o1', status: 'dispatched' })
    expect(h.onReady).toHaveBeenCalledWith(false)
    expect(h.onMessage).toHaveBeenCalledExactlyOnceWith({
      type: 'order.assigned',
      orderId: 'o1',
      status: 'dispatched',
    })
  })

  it('should back off 1 s, 2 s, 4 s while the server keeps refusing, and reset once it is ready', () => {
    const h = harness()
    h.stream.start()
    h.sockets[0]!.drop()
    expect(h.timers.map((t) => t.ms)).toEqual([1000])
    h.fire()
    h.sockets[1]!.drop()
    h.fire()
    h.sockets[2]!.drop()
    expect(h.timers.map((t) => t.ms)).toEqual([4000])
    h.fire()
    h.sockets[3]!.send({ type: 'ready' })
    expect(h.onReady).toHaveBeenLastCalledWith(false)
    h.sockets[3]!.drop()
    expect(h.timers.map((t) => t.ms)).toEqual([1000])
    h.fire()
    h.sockets[4]!.send({ type: 'ready' })
    expect(h.onReady).toHaveBeenLastCalledWith(true)
  })

  it('should stop reconnecting when closed (sign-out)', () => {
    const h = harness()
    h.stream.start()
    h.sockets[0]!.drop()
    h.stream.close()
    expect(h.timers).toHaveLength(0)
    h.stream.start()
    h.stream.close()
    expect(h.sockets[1]!.closed).toBe(true)
    expect(h.timers).toHaveLength(0)
    expect(h.sockets).toHaveLength(2)
  })
})

describe('parseLiveMessage', () => {
  it('should read only messages with a type', () => {
    expect(parseLiveMessage('{"x":1}')).toBeNull()
    expect(parseLiveMessage(42)).toBeNull()
    expect(parseLiveMessage('not json')).toBeNull()
    expect(parseLiveMessage('{"type":"ready"}')).toEqual({ type: 'ready' })
  })
})
