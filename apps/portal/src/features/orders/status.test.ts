import { describe, expect, it } from 'vitest'
import { ORDER_STATUSES } from '@doorstep/domain'
import { inTab, payLineKey, statusTag, stepSigner, tabStatuses } from './status.ts'

describe('order status display', () => {
  it('should give every status a tag colour', () => {
    for (const s of ORDER_STATUSES) expect(statusTag(s)).toBeTruthy()
    expect(statusTag('cancelled')).toBe('default')
  })
  it('should put every status in exactly one of active, done and cancelled', () => {
    for (const s of ORDER_STATUSES) {
      const tabs = (['active', 'done', 'cancelled'] as const).filter((tab) => inTab(s, tab))
      expect(tabs).toHaveLength(1)
      expect(inTab(s, 'all')).toBe(true)
    }
  })
  it("should ask the server for a tab's statuses, and for all of them on the all tab", () => {
    expect(tabStatuses('all')).toBeUndefined()
    expect(tabStatuses('done')).toEqual(['completed', 'reviewed'])
    expect(tabStatuses('cancelled')).toEqual(['cancelled'])
    expect(tabStatuses('active')).toEqual([
      'pending_payment',
      'pending_dispatch',
      'dispatched',
      'accepted',
      'en_route',
      'in_service',
    ])
  })
  it("should sign the customer's steps as theirs, staff's with a role, and the system's not at all", () => {
    const t = (key: string) => `<${key}>`
    expect(stepSigner({ actor: 'customer' }, t)).toBe('<orders.byYou>')
    expect(stepSigner({ actor: 'worker' }, t)).toBe('<orders.byWorker>')
    // A visit's step the office took for the worker is the office's.
    expect(stepSigner({ actor: 'staff' }, t)).toBe('<orders.byOffice>')
    expect(stepSigner({ actor: 'system' }, t)).toBeNull()
  })
  it('should say an order paid on site is paid on site once done, and after the service before', () => {
    for (const status of ORDER_STATUSES) {
      const done = status === 'completed' || status === 'reviewed'
      expect(payLineKey({ status, payOnSite: true })).toBe(
        done ? 'booking.payOnSite' : 'booking.payOnCompletion',
      )
    }
    // While booking there is no order yet: the service is still to come.
    expect(payLineKey(null)).toBe('booking.payOnCompletion')
  })
})
