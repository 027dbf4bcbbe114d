import { describe, expect, it } from 'vitest'
import { ORDER_STATUSES, allowedEvents } from '@doorstep/domain'
import type { OrderStatus } from '@doorstep/domain'
import { orderActions } from './actions.ts'

const actionsIn = (status: OrderStatus) =>
  orderActions({ status, allowedEvents: allowedEvents(status) })

describe('orderActions', () => {
  it('should offer cancel and reschedule only before the worker sets off', () => {
    for (const status of ['pending_payment', 'pending_dispatch', 'dispatched', 'accepted'] as const)
      expect(actionsIn(status)).toEqual(['cancel', 'reschedule'])
    for (const status of ['en_route', 'in_service'] as const) expect(actionsIn(status)).toEqual([])
  })

  it('should offer review and complaint on a completed order, only complaint once reviewed', () => {
    expect(actionsIn('completed')).toEqual(['complain', 'review'])
    expect(actionsIn('reviewed')).toEqual(['complain'])
  })

  it('should offer nothing on a cancelled order', () => {
    expect(actionsIn('cancelled')).toEqual([])
  })

  it('should follow the events the server sent rather than the status alone', () => {
    expect(orderActions({ status: 'accepted', allowedEvents: ['cancel'] })).toEqual(['cancel'])
    expect(orderActions({ status: 'completed', allowedEvents: [] })).toEqual(['complain'])
  })

  it('should never offer review and cancel together', () => {
    for (const status of ORDER_STATUSES) {
      const actions = actionsIn(status)
      expect(actions.includes('review') && actions.includes('cancel')).toBe(false)
    }
  })
})
