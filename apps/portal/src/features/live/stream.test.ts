import { describe, expect, it } from 'vitest'
import { staleKeys, streamUrl } from './stream.ts'

describe('what a live message makes stale', () => {
  it('should refresh my orders, that order, plans and notices on an order event', () => {
    expect(staleKeys({ type: 'order.assigned', orderId: 'o1' })).toEqual([
      ['portal', 'orders'],
      ['portal', 'order', 'o1'],
      ['portal', 'plans'],
      ['portal', 'plan'],
      ['portal', 'notices'],
    ])
  })
  it('should refresh my complaints and that complaint on a complaint event', () => {
    expect(staleKeys({ type: 'complaint.respond', complaintId: 'c1', orderId: 'o1' })).toEqual([
      ['portal', 'complaints'],
      ['portal', 'complaint', 'c1'],
      ['portal', 'notices'],
    ])
  })
  it('should refresh the review after an order is reviewed, and nothing for unknown events', () => {
    expect(staleKeys({ type: 'order.reviewed', orderId: 'o1' })).toContainEqual(['portal', 'review', 'o1'])
    expect(staleKeys({ type: 'worker.moved' })).toEqual([])
  })
  it('should refresh the inbox when a notice is written', () => {
    expect(staleKeys({ type: 'notice.created' })).toEqual([['portal', 'notices']])
  })
  it('should open the customer stream on this host', () => {
    expect(streamUrl({ protocol: 'https:', host: 'a.example' })).toBe('wss://a.example/api/v1/stream?audience=customer')
  })
})
