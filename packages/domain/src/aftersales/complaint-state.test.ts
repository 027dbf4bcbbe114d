import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  COMPLAINT_EVENTS,
  RESOLUTION_KINDS,
  asksForMoney,
  complaintEvents,
  complaintStep,
  refundCeilingFen,
} from './complaint-state.ts'
import type { ComplaintStatus } from './complaint-state.ts'

describe('complaint state machine', () => {
  it('should only close after a resolution, whatever the events', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMPLAINT_EVENTS), { maxLength: 30 }), (events) => {
        let status: ComplaintStatus = 'open'
        let resolved = false
        for (const event of events) {
          const r = complaintStep(status, event)
          if (!r.ok) {
            expect(r.allowed).toEqual(complaintEvents(status))
            continue
          }
          if (r.status === 'resolved') resolved = true
          if (r.status === 'closed') expect(resolved).toBe(true)
          status = r.status
        }
      }),
    )
  })
  it('should let staff close only after a follow-up visit, and the customer confirm after resolution', () => {
    expect(complaintStep('resolved', 'close')).toEqual({
      ok: false,
      allowed: ['follow_up', 'confirm', 'reopen'],
    })
    expect(complaintStep('followed_up', 'close')).toEqual({ ok: true, status: 'closed' })
  })
})

describe('money resolutions', () => {
  it('should ask an amount of refunds and coupons only', () => {
    expect(RESOLUTION_KINDS.filter(asksForMoney)).toEqual(['refund_request', 'coupon_request'])
    expect(asksForMoney(null)).toBe(false)
  })
  it("should let refunds together give back at most the order's charge with its fees, never less than nothing", () => {
    expect(refundCeilingFen({ totalFen: 20_000, feesFen: 4_000 })).toBe(24_000)
    expect(refundCeilingFen({ totalFen: 20_000, feesFen: 4_000 }, 5_000)).toBe(19_000)
    expect(refundCeilingFen({ totalFen: 20_000, feesFen: 0 }, 30_000)).toBe(0)
  })
})
