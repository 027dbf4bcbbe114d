import { describe, expect, it } from 'vitest'
import {
  buildRRule,
  parseRRule,
  planDates,
  planSummary,
  validateChoice,
  weekdayOf,
  windowLabel,
} from './plan-rule.ts'

describe('buildRRule', () => {
  it('should build a weekly rule on the chosen days, in weekday order', () => {
    expect(buildRRule({ frequency: 'weekly', weekdays: ['MO'], count: 12 })).toBe(
      'FREQ=WEEKLY;BYDAY=MO;COUNT=12',
    )
    expect(buildRRule({ frequency: 'weekly', weekdays: ['FR', 'MO', 'WE'], count: 8 })).toBe(
      'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=8',
    )
  })
  it('should build every two weeks with an interval and leave COUNT out when open-ended', () => {
    expect(buildRRule({ frequency: 'biweekly', weekdays: ['TU'], count: 6, openEnded: true })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    )
  })
  it('should build a monthly rule on the start date’s day, ignoring weekdays', () => {
    expect(buildRRule({ frequency: 'monthly', weekdays: ['TU'], count: 6 })).toBe(
      'FREQ=MONTHLY;COUNT=6',
    )
  })
  it('should keep the count within what the server accepts (1–104)', () => {
    expect(buildRRule({ frequency: 'weekly', weekdays: ['MO'], count: 500 })).toBe(
      'FREQ=WEEKLY;BYDAY=MO;COUNT=104',
    )
    expect(buildRRule({ frequency: 'weekly', weekdays: ['MO'], count: 0 })).toBe(
      'FREQ=WEEKLY;BYDAY=MO;COUNT=1',
    )
  })
})

describe('validateChoice', () => {
  it('should ask for a weekday on weekly plans and a count from 1 to 104', () => {
    expect(validateChoice({ frequency: 'weekly', weekdays: [], count: 12 })).toEqual({
      weekdays: 'plans.form.errors.weekdays',
    })
    expect(validateChoice({ frequency: 'monthly', weekdays: [], count: 105 })).toEqual({
      count: 'plans.form.errors.count',
    })
  })
  it('should not ask for a count when the plan is open-ended', () => {
    expect(
      validateChoice({ frequency: 'monthly', weekdays: [], count: 0, openEnded: true }),
    ).toEqual({})
  })
})

describe('parseRRule', () => {
  it('should read what the server stores and refuse what it does not know', () => {
    expect(parseRRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6')).toMatchObject({
      freq: 'WEEKLY',
      interval: 2,
      byDay: ['TU'],
      count: 6,
    })
    expect(parseRRule('FREQ=YEARLY')).toBeNull()
    expect(parseRRule('FREQ=WEEKLY;BYDAY=XX')).toBeNull()
  })
})

describe('planDates', () => {
  it('should expand weekly rules from the start date, skipping days before it', () => {
    // 2026-03-11 is a Wednesday: the first Monday visit is the 16th.
    expect(weekdayOf('2026-03-11')).toBe('WE')
    expect(planDates('FREQ=WEEKLY;BYDAY=MO;COUNT=3', '2026-03-11')).toEqual([
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ])
  })
  it('should skip a month without the start day, as the server does', () => {
    expect(planDates('FREQ=MONTHLY;COUNT=3', '2026-01-31')).toEqual([
      '2026-01-31',
      '2026-03-31',
      '2026-05-31',
    ])
  })
  it('should stop at the limit when open-ended', () => {
    expect(planDates('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2026-03-10', 2)).toEqual([
      '2026-03-10',
      '2026-03-24',
    ])
  })
})

describe('planSummary', () => {
  it('should say the plan in one line in Chinese and English', () => {
    const plan = { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=12', startDate: '2026-03-16', windowHour: 10 }
    expect(planSummary(plan, 'zh-CN')).toBe('每周一 10:00–12:00，共 12 次')
    expect(planSummary(plan, 'en')).toBe('Every Monday 10:00–12:00, 12 visits')
  })
  it('should name the every-two-weeks and open-ended cases', () => {
    const plan = {
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      startDate: '2026-03-10',
      windowHour: 8,
    }
    expect(planSummary(plan, 'zh-CN')).toBe('每两周的周二 08:00–10:00，长期')
    expect(planSummary(plan, 'en')).toBe('Every 2 weeks on Tuesday 08:00–10:00, ongoing')
  })
  it('should name a monthly plan by the start date’s day', () => {
    expect(
      planSummary(
        { rrule: 'FREQ=MONTHLY;COUNT=6', startDate: '2026-03-15', windowHour: 13 },
        'zh-CN',
      ),
    ).toBe('每月 15 日 13:00–15:00，共 6 次')
  })
  it('should fall back to the raw rule it cannot describe', () => {
    expect(
      planSummary({ rrule: 'FREQ=YEARLY', startDate: '2026-03-15', windowHour: 15 }, 'en'),
    ).toBe(`FREQ=YEARLY ${windowLabel(15)}`)
  })
})
