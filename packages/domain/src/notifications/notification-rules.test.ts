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

  it('should stay silent on what its producer chose not to announce, and only on that', () => {
    const visit = { orderId: 'o1', customerId: 'c1', planId: 'p1' }
    expect(templatesFor('plan.created', { planId: 'p1' })).toEqual(['plan_booked'])
    expect(templatesFor('order.created', { ...visit, announce: false })).toEqual([])
    // A plan's visit the producer announces (booked again on retry, or on a change) is told like any booking.
    expect(templatesFor('order.created', { ...visit, announce: true })).toEqual([
      'booking_confirmed',
    ])
    expect(templatesFor('order.created', { orderId: 'o1', customerId: 'c1' })).toEqual([
      'booking_confirmed',
    ])
    expect(templatesFor('order.cancelled', { ...visit, announce: false })).toEqual([])
    expect(templatesFor('order.cancelled', { ...visit, announce: true })).toEqual([
      'order_cancelled',
    ])
    expect(templatesFor('order.worker_departed', { ...visit, announce: true })).toEqual([
      'worker_on_the_way',
    ])
    expect(channelsFor('plan_booked', DEFAULT_PREFERENCES)).toEqual(['in_app', 'sms'])
  })

  it('should not call a booking that waits for its deposit confirmed', () => {
    const facts = {
      orderNo: 'DS2612090001',
      serviceName: '深度保洁',
      windowStart: '2026-12-09T01:00:00Z',
    }
    expect(renderNotice('booking_confirmed', facts, 'zh-CN')).toEqual({
      title: '预约成功',
      body: '您预约的深度保洁（订单 DS2612090001）已确认，上门时间 12月9日周三 09:00。',
    })
    const held = renderNotice(
      'booking_confirmed',
      { ...facts, status: 'pending_payment', depositDue: true },
      'zh-CN',
    )
    expect(held.title).toBe('预约已提交，待付定金')
    expect(held.body).not.toContain('已确认')
    // Left to pay later at the office's word (a phone order not paid on site), it asks no deposit.
    expect(
      renderNotice('booking_confirmed', { ...facts, status: 'pending_payment' }, 'zh-CN').title,
    ).toBe('预约成功')
    expect(renderNotice('booking_confirmed', facts, 'en').body).toBe(
      'Your 深度保洁 (order DS2612090001) is confirmed for Wed 9 Dec, 09:00.',
    )
  })

  it('should keep silent on plan visits booked before events said announce', () => {
    expect(
      templatesFor('order.created', { orderId: 'o1', customerId: 'c1', planId: 'p1' }),
    ).toEqual([])
  })

  it('should tell of a pause and a resume once, for the plan, and text both', () => {
    expect(templatesFor('plan.paused', { planId: 'p1' })).toEqual(['plan_paused'])
    expect(templatesFor('plan.resumed', { planId: 'p1' })).toEqual(['plan_resumed'])
    expect(channelsFor('plan_paused', DEFAULT_PREFERENCES)).toEqual(['in_app', 'sms'])
    expect(channelsFor('plan_resumed', DEFAULT_PREFERENCES)).toEqual(['in_app', 'sms'])
    const facts = {
      serviceName: '日常保洁',
      rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4',
      startDate: '2026-11-25',
    }
    expect(renderNotice('plan_paused', facts, 'zh-CN')).toEqual({
      title: '周期服务已暂停',
      body: '您的日常保洁周期服务（每周三，共 4 次）已暂停，之后尚未出发的上门均已取消；恢复后将按原时间重新预约。',
    })
    expect(renderNotice('plan_paused', facts, 'en').body).toBe(
      'Your 日常保洁 plan (Every Wednesday, 4 visits) is paused; the visits ahead not yet under way are cancelled and will be booked again at their times when it resumes.',
    )
    const next = { ...facts, windowStart: '2026-12-02T02:00:00Z' }
    expect(renderNotice('plan_resumed', next, 'zh-CN').body).toMatch(
      /^您的日常保洁周期服务（每周三，共 4 次）已恢复，下次上门 .*2.*周三 10:00。$/,
    )
    expect(renderNotice('plan_resumed', next, 'en')).toMatchObject({
      title: 'Recurring plan resumed',
      body: expect.stringMatching(/is active again; next visit Wed.*2.* 10:00\.$/) as unknown,
    })
    expect(renderNotice('plan_resumed', facts, 'zh-CN').body).toMatch(
      /下次上门时间我们会尽快与您确认。$/,
    )
  })

  it('should tell of a new recurrence once, for the plan, and text it', () => {
    expect(templatesFor('plan.changed', { planId: 'p2' })).toEqual(['plan_changed'])
    expect(channelsFor('plan_changed', DEFAULT_PREFERENCES)).toEqual(['in_app', 'sms'])
    const facts = {
      serviceName: '日常保洁',
      rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4',
      startDate: '2026-11-25',
      windowStart: '2026-11-25T05:00:00Z',
    }
    expect(renderNotice('plan_changed', facts, 'zh-CN')).toMatchObject({
      title: '周期服务已更改',
      body: expect.stringMatching(
        /^您的日常保洁周期服务自 2026-11-25 起改为每周三，共 4 次，该日起原定的上门已取消；新安排首次上门 .*13:00/,
      ),
    })
    expect(renderNotice('plan_changed', facts, 'en').body).toMatch(
      /^Your 日常保洁 plan changes from 2026-11-25 \(Every Wednesday, 4 visits\); the visits booked from that day on are cancelled; first visit on the new schedule /,
    )
  })

  it('should tell of an end once, for the plan, and text it', () => {
    expect(templatesFor('plan.ended', { planId: 'p1' })).toEqual(['plan_ended'])
    expect(channelsFor('plan_ended', DEFAULT_PREFERENCES)).toEqual(['in_app', 'sms'])
    const facts = {
      serviceName: '日常保洁',
      rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4',
      startDate: '2026-11-25',
    }
    expect(renderNotice('plan_ended', facts, 'zh-CN')).toEqual({
      title: '周期服务已结束',
      body: '您的日常保洁周期服务（每周三，共 4 次）已结束，之后尚未出发的上门均已取消。',
    })
    expect(renderNotice('plan_ended', facts, 'en')).toEqual({
      title: 'Recurring plan ended',
      body: 'Your 日常保洁 plan (Every Wednesday, 4 visits) has ended; the visits ahead not yet under way are cancelled.',
    })
    // An event without the rule names the plan by its service alone.
    expect(renderNotice('plan_ended', { serviceName: '日常保洁' }, 'zh-CN').body).toBe(
      '您的日常保洁周期服务已结束，之后尚未出发的上门均已取消。',
    )
    expect(renderNotice('plan_ended', { serviceName: 'Cleaning' }, 'en').body).toBe(
      'Your Cleaning plan has ended; the visits ahead not yet under way are cancelled.',
    )
  })

  it('should word the plan notice with the service, the rule and the first visit, in both languages', () => {
    const facts = {
      serviceName: '日常保洁',
      rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4',
      startDate: '2026-11-25',
      windowStart: '2026-11-25T02:00:00Z',
    }
    const zh = renderNotice('plan_booked', facts, 'zh-CN')
    expect(zh.title).toBe('周期服务已预约')
    expect(zh.body).toMatch(
      /^您的日常保洁周期服务（每周三，共 4 次）已预约，首次上门 .*25.*周三 10:00。$/,
    )
    expect(renderNotice('plan_booked', facts, 'en').body).toMatch(
      /^Your 日常保洁 plan \(Every Wednesday, 4 visits\) is booked; first visit Wed.*25.* 10:00\.$/,
    )
    const open = { ...facts, rrule: 'FREQ=WEEKLY;BYDAY=WE', windowStart: undefined }
    expect(renderNotice('plan_booked', open, 'zh-CN').body).toBe(
      '您的日常保洁周期服务（每周三）已预约，首次上门时间我们会尽快与您确认。',
    )
    // A rule that ends on a day says so, as one that ends after a count does.
    const until = { ...facts, rrule: 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20270301T000000Z' }
    expect(renderNotice('plan_booked', until, 'en').body).toContain(
      '(Every Wednesday, until 2027-03-01)',
    )
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
    // A plan notice names no order: its visits are many (worded in the test above).
    for (const template of NOTIFICATION_TEMPLATES.filter((t) => !t.startsWith('plan_')))
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
