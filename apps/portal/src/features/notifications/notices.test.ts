import { describe, expect, it } from 'vitest'
import { badgeText, newestShownNotice, noticeTarget, toggleMuted, wechatBindingOffer } from './notices.ts'

describe('notices', () => {
  it('should open the complaint of a complaint notice, else the order', () => {
    expect(noticeTarget({ orderId: 'o1', complaintId: 'c1' })).toEqual({ name: 'complaint', params: { id: 'c1' } })
    expect(noticeTarget({ orderId: 'o1', complaintId: null })).toEqual({ name: 'order', params: { id: 'o1' } })
    expect(noticeTarget({ orderId: null, complaintId: null })).toBeNull()
  })
  it('should mute and unmute a template, keeping the template order and no duplicates', () => {
    expect(toggleMuted(['review_request'], 'booking_confirmed', false)).toEqual(['booking_confirmed', 'review_request'])
    expect(toggleMuted(['booking_confirmed', 'review_request'], 'booking_confirmed', true)).toEqual(['review_request'])
    expect(toggleMuted(['review_request'], 'review_request', false)).toEqual(['review_request'])
  })
  it('should read all only up to the newest notice the list shows', () => {
    const page = (...ids: string[]) => ({ items: ids.map((id) => ({ id })) })
    expect(newestShownNotice({ pages: [page('n3', 'n2'), page('n1')] })).toBe('n3')
    expect(newestShownNotice({ pages: [page()] })).toBeUndefined()
    expect(newestShownNotice(undefined)).toBeUndefined()
  })
  it('should show a badge only for unread notices, capped at 99+', () => {
    expect(badgeText(0)).toBe('')
    expect(badgeText(7)).toBe('7')
    expect(badgeText(120)).toBe('99+')
  })
  it('should offer WeChat binding only with a code from the mini program, and say where it happens otherwise', () => {
    const unbound = { available: true, bound: false }
    expect(wechatBindingOffer({ available: false, bound: false }, { inMiniProgram: true, code: 'c' })).toBe('unavailable')
    expect(wechatBindingOffer({ available: true, bound: true }, { inMiniProgram: false, code: null })).toBe('bound')
    expect(wechatBindingOffer(unbound, { inMiniProgram: true, code: 'c' })).toBe('bind')
    expect(wechatBindingOffer(unbound, { inMiniProgram: false, code: 'c' })).toBe('bind')
    expect(wechatBindingOffer(unbound, { inMiniProgram: true, code: null })).toBe('reopen')
    expect(wechatBindingOffer(unbound, { inMiniProgram: false, code: null })).toBe('in_mini_program')
  })
})
