import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  ORDER_EVENTS,
  ORDER_STATUSES,
  allowedEvents,
  isFinal,
  orderChangeFee,
  transition,
} from './order-state.ts'
import type { OrderStatus } from './order-state.ts'

describe('order state machine', () => {
  it('should never reach an undefined state, whatever the events', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 40 }), (events) => {
        let status: OrderStatus = 'pending_payment'
        const seen: OrderStatus[] = [status]
        for (const event of events) {
          const r = transition(status, event)
          if (r.ok) status = r.status
          else expect(r.allowed).toEqual(allowedEvents(status))
          expect(ORDER_STATUSES).toContain(status)
          seen.push(status)
        }
        // Completed only after being in service; reviewed only after completed.
        const at = (s: OrderStatus) => seen.indexOf(s)
        if (at('completed') >= 0) expect(at('in_service')).toBeGreaterThanOrEqual(0)
        if (at('reviewed') >= 0) expect(at('completed')).toBeLessThan(at('reviewed'))
        if (at('cancelled') >= 0)
          expect(seen.slice(at('cancelled')).every((s) => s === 'cancelled')).toBe(true)
      }),
    )
  })

  it('should refuse cancelling once the worker is on the way, listing what is allowed', () => {
    expect(transition('en_route', 'cancel')).toEqual({
      ok: false,
      from: 'en_route',
      event: 'cancel',
      allowed: ['check_in'],
    })
    expect(isFinal('reviewed') && isFinal('cancelled')).toBe(true)
    expect(transition('pending_payment', 'pay_on_site')).toEqual({
      ok: true,
      status: 'pending_dispatch',
    })
  })
})

describe('order change fees', () => {
  it('should never charge more in fees, over any run of late changes, than the order costs', () => {
    const policy = { freeUntilHours: 24, fee: { kind: 'percent' as const, basisPoints: 5000 } }
    const start = new Date('2026-03-10T10:00:00Z')
    const late = new Date('2026-03-10T08:00:00Z')
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.constantFrom('cancel' as const, 'reschedule' as const), { maxLength: 20 }),
        (totalFen, actions) => {
          let fees = 0
          for (const action of actions)
            fees += orderChangeFee(action, 'accepted', policy, start, late, totalFen, fees)
          expect(fees).toBeLessThanOrEqual(totalFen)
          expect(fees).toBeGreaterThanOrEqual(0)
        },
      ),
    )
  })
})
