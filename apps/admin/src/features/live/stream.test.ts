import { describe, expect, it } from 'vitest'
import { parseLiveMessage, staleKeys, streamUrl } from './stream.ts'

describe('staleKeys', () => {
  it('should refresh the order lists and that order on an order event', () => {
    expect(staleKeys({ type: 'order.assigned', orderId: 'o1' })).toEqual([
      ['orders', 'list'],
      ['orders', 'one', 'o1'],
      ['plans'],
    ])
    expect(staleKeys({ type: 'order.reviewed', orderId: 'o1' })).toContainEqual(['reviews'])
  })
  it('should refresh the complaints queue, report and that complaint on a complaint event', () => {
    expect(staleKeys({ type: 'complaint.filed', complaintId: 'c1' })).toEqual([
      ['complaints', 'list'],
      ['complaints', 'report'],
      ['complaints', 'one', 'c1'],
    ])
  })
  it('should ignore anything else', () => {
    expect(staleKeys({ type: 'ready' })).toEqual([])
    expect(parseLiveMessage('not json')).toBeNull()
    expect(parseLiveMessage(JSON.stringify({ at: 'x' }))).toBeNull()
  })
})

describe('streamUrl', () => {
  it('should open the staff stream on this host, over TLS when the page is', () => {
    expect(streamUrl({ protocol: 'https:', host: 'a.example' })).toBe(
      'wss://a.example/api/v1/stream',
    )
    expect(streamUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe(
      'ws://localhost:3000/api/v1/stream',
    )
  })
})
