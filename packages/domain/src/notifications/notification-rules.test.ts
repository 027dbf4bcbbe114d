import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PREFERENCES,
  MAX_DELIVERY_ATTEMPTS,
  NOTIFICATION_TEMPLATES,
  channelsFor,
  renderNotice,
  retryDelayMs,
  templatesFor,
} from './notification-rules.ts'

describe('notification rules', () => {
  it('should always notify in-app and never text a muted template', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFICATION_TEMPLATES),
        fc.boolean(),
        fc.boolean(),
        fc.subarray([...NOTIFICATION_TEMPLATES]),
        (template, sms, wechat, muted) => {
          const channels = channelsFor(template, { sms, wechat, muted })
          expect(channels[0]).toBe('in_app')
          if (muted.includes(template)) expect(channels).toEqual(['in_app'])
          if (!sms) expect(channels).not.toContain('sms')
          if (!wechat) expect(channels).not.toContain('wechat')
        },
      ),
    )
  })

  it('should text the booking confirmation but not the assignment by default', () => {
    expect(channelsFor('booking_confirmed', DEFAULT_PREFERENCES)).toEqual(['in_app', 'sms'])
    expect(channelsFor('worker_assigned', DEFAULT_PREFERENCES)).toEqual(['in_app'])
  })

  it('should ask for a review when an order completes and stay silent on events nobody reads', () => {
    expect(templatesFor('order.completed')).toEqual(['order_completed', 'review_request'])
    expect(templatesFor('review.created')).toEqual([])
  })

  it('should back off four times longer each attempt and give up after the last', () => {
    expect(retryDelayMs(1)).toBe(30_000)
    expect(retryDelayMs(2)).toBe(120_000)
    expect(retryDelayMs(MAX_DELIVERY_ATTEMPTS - 1)).toBe(30_000 * 4 ** (MAX_DELIVERY_ATTEMPTS - 2))
    expect(retryDelayMs(MAX_DELIVERY_ATTEMPTS)).toBeNull()
  })

  it('should render every template in both languages with the order number and local time', () => {
    const facts = {
      orderNo: 'D20261123-0001',
      serviceName: '日常保洁',
      windowStart: '2026-11-23T01:00:00Z',
      status: 'in_progress',
    }
    for (const template of NOTIFICATION_TEMPLATES)
      for (const locale of ['zh-CN', 'en'] as const) {
        const { title, body } = renderNotice(template, facts, locale)
        expect(title.length).toBeGreaterThan(0)
        expect(body).toContain('D20261123-0001')
        expect(body).not.toContain('undefined')
      }
    expect(renderNotice('booking_confirmed', facts, 'zh-CN').body).toContain('09:00')
    expect(renderNotice('complaint_update', facts, 'zh-CN').body).toContain('处理中')
  })
})
