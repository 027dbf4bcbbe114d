import { describe, expect, it } from 'vitest'
import { ORDER_STATUSES, allowedEvents } from '@doorstep/domain'
import { EVENT_INPUT, STAFF_EVENTS, actionType, staffActions, statusLabel, statusTagType } from './status.ts'

describe('order status in the console', () => {
  it('should label every status in both languages', () => {
    expect(statusLabel('pending_dispatch', 'zh-CN')).toBe('待派单')
    expect(statusLabel('pending_dispatch', 'en')).toBe('Awaiting dispatch')
    for (const s of ORDER_STATUSES) expect(statusTagType(s)).toBeTruthy()
  })

  it('should offer exactly the allowed staff events, in button order, never pay or review', () => {
    expect(staffActions(['cancel', 'pay', 'pay_on_site', 'reschedule'])).toEqual(['pay_on_site', 'reschedule', 'cancel'])
    expect(staffActions(allowedEvents('completed'))).toEqual([])
    expect(staffActions(allowedEvents('dispatched'))).toEqual(['accept', 'reschedule', 'reject', 'unassign', 'cancel'])
    expect(staffActions(['bogus'])).toEqual([])
  })

  it('should know what each event needs from the user', () => {
    for (const e of STAFF_EVENTS) expect(EVENT_INPUT[e]).toBeTruthy()
    expect(EVENT_INPUT.assign).toBe('worker')
    expect(EVENT_INPUT.cancel).toBe('reason')
    expect(actionType('cancel')).toBe('danger')
    expect(actionType('complete')).toBe('primary')
  })
})
