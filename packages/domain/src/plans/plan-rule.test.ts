import { describe, expect, it } from 'vitest'
import {
  choiceFrom,
  buildRRule,
  parseRRule,
  planDates,
  planSummary,
  recurrenceText,
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
    expect(buildRRule({ frequency: 'biweekly', weekdays: ['TU'], count: 6 })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6',
    )
    expect(buildRRule({ frequency: 'biweekly', weekdays: ['TU'], count: 6, openEnded: true })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    )
  })
  it('should build a monthly rule on the start date’s day, ignoring weekdays', () => {
    expect(buildRRule({ frequency: 'monthly', weekdays: ['TU'], count: 6 })).toBe(
      'FREQ=MONTHLY;COUNT=6',
    )
  })
  it('should keep the count within what the server accepts', () => {
    expect(buildRRule({ frequency: 'weekly', weekdays: ['MO'], count: 500 })).toBe(
      'FREQ=WEEKLY;BYDAY=MO;COUNT=104',
    )
    expect(buildRRule({ frequency: 'weekly', weekdays: ['MO'], count: 0 })).toBe(
      'FREQ=WEEKLY;BYDAY=MO;COUNT=1',
    )
  })
  it('should ask for a weekday on weekly plans and a count from 1 to 104', () => {
    expect(validateChoice({ frequency: 'weekly', weekdays: [], count: 12 })).toEqual({
      weekdays: 'plans.form.errors.weekdays',
    })
    expect(validateChoice({ frequency: 'monthly', weekdays: [], count: 12 })).toEqual({})
    expect(validateChoice({ frequency: 'weekly', weekdays: ['MO'], count: 105 })).toEqual({
      count: 'plans.form.errors.count',
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
  it('should read back what it builds', () => {
    expect(parseRRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,MO;COUNT=6')).toEqual({
      freq: 'WEEKLY',
      interval: 2,
      byDay: ['MO', 'TU'],
      byMonthDay: [],
      count: 6,
      until: null,
    })
    expect(parseRRule('FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20261231')?.until).toBe('2026-12-31')
    expect(parseRRule('FREQ=YEARLY')).toBeNull()
    expect(parseRRule('FREQ=WEEKLY;BYDAY=1MO')).toBeNull()
    expect(parseRRule('FREQ=WEEKLY;BYDAY=XX')).toBeNull()
  })
})

describe('planDates', () => {
  it('should start on the first chosen weekday on or after the start date', () => {
    // 2026-03-04 is a Wednesday
    expect(weekdayOf('2026-03-04')).toBe('WE')
    expect(planDates('FREQ=WEEKLY;BYDAY=MO;COUNT=3', '2026-03-04')).toEqual([
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
    ])
    expect(planDates('FREQ=WEEKLY;BYDAY=MO,FR;COUNT=3', '2026-03-04')).toEqual([
      '2026-03-06',
      '2026-03-09',
      '2026-03-13',
    ])
  })
  it('should count every other week from the start date’s week, as rrule does', () => {
    // Start on a Wednesday, visits on Tuesdays: the first week's Tuesday has passed, so the next is two weeks on.
    expect(planDates('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3', '2026-03-04')).toEqual([
      '2026-03-17',
      '2026-03-31',
      '2026-04-14',
    ])
  })
  it('should repeat monthly on the start date’s day and skip months without it', () => {
    expect(planDates('FREQ=MONTHLY;COUNT=3', '2026-01-15')).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
    ])
    expect(planDates('FREQ=MONTHLY;COUNT=3', '2026-01-31')).toEqual([
      '2026-01-31',
      '2026-03-31',
      '2026-05-31',
    ])
  })
  it('should stop at UNTIL and at the limit of an open-ended rule', () => {
    expect(planDates('FREQ=WEEKLY;BYDAY=MO;UNTIL=20260316', '2026-03-01')).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
    ])
    expect(planDates('FREQ=DAILY;INTERVAL=3', '2026-03-01', 3)).toEqual([
      '2026-03-01',
      '2026-03-04',
      '2026-03-07',
    ])
    expect(planDates('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2026-03-10', 2)).toEqual([
      '2026-03-10',
      '2026-03-24',
    ])
  })
})

describe('choiceFrom', () => {
  it('should start a change from the plan’s own rule, with the visits it had left from that date', () => {
    // Mondays and Thursdays from Mon 2026-11-23, 12 visits: 9 are left from Thu 2026-12-03.
    expect(choiceFrom('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=12', '2026-11-23', '2026-12-03')).toEqual({
      frequency: 'weekly',
      weekdays: ['MO', 'TH'],
      count: 9,
      openEnded: false,
    })
    expect(choiceFrom('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2026-11-24', '2026-12-08')).toEqual({
      frequency: 'biweekly',
      weekdays: ['TU'],
      count: 12,
      openEnded: true,
    })
    expect(choiceFrom('FREQ=MONTHLY;UNTIL=20270331', '2026-11-15', '2027-01-15')).toMatchObject({
      frequency: 'monthly',
      weekdays: ['FR'],
      count: 3,
      openEnded: false,
    })
  })
})

describe('planSummary', () => {
  const plan = (rrule: string, windowHour = 10, startDate = '2026-03-04') => ({
    rrule,
    windowHour,
    startDate,
  })
  it('should say the plan in one line in Chinese', () => {
    expect(planSummary(plan('FREQ=WEEKLY;BYDAY=MO;COUNT=12'), 'zh-CN')).toBe(
      '每周一 10:00–12:00，共 12 次',
    )
    expect(planSummary(plan('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6', 13), 'zh-CN')).toBe(
      '每两周的周二、四 13:00–15:00，共 6 次',
    )
    expect(planSummary(plan('FREQ=MONTHLY;COUNT=6', 8), 'zh-CN')).toBe(
      '每月 4 日 08:00–10:00，共 6 次',
    )
    expect(planSummary(plan('FREQ=WEEKLY;BYDAY=SA'), 'zh-CN')).toBe('每周六 10:00–12:00，长期')
    expect(planSummary(plan('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 8), 'zh-CN')).toBe(
      '每两周的周二 08:00–10:00，长期',
    )
    // Numerals to ten, digits after, the same for days, weeks and months.
    expect(recurrenceText('FREQ=DAILY;INTERVAL=3', '2026-03-04', 'zh-CN')).toBe('每三天')
    expect(recurrenceText('FREQ=DAILY;INTERVAL=97', '2026-03-04', 'zh-CN')).toBe('每 97 天')
    expect(recurrenceText('FREQ=MONTHLY;INTERVAL=48', '2026-03-04', 'zh-CN')).toBe(
      '每 48 个月的 4 日',
    )
  })
  it('should say it in English', () => {
    expect(planSummary(plan('FREQ=WEEKLY;BYDAY=MO;COUNT=12'), 'en')).toBe(
      'Every Monday 10:00–12:00, 12 visits',
    )
    expect(planSummary(plan('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=1', 15), 'en')).toBe(
      'Every 2 weeks on Tuesday 15:00–17:00, 1 visit',
    )
    expect(planSummary(plan('FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20261231', 17), 'en')).toBe(
      'Monthly on the 1st 17:00–19:00, until 2026-12-31',
    )
    expect(planSummary(plan('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 8), 'en')).toBe(
      'Every 2 weeks on Tuesday 08:00–10:00, ongoing',
    )
  })
  it('should use the start date’s weekday when a weekly rule names none', () => {
    expect(recurrenceText('FREQ=WEEKLY;COUNT=4', '2026-03-04', 'zh-CN')).toBe('每周三')
  })
  it('should show a rule it cannot describe as it is', () => {
    expect(planSummary(plan('FREQ=MONTHLY;BYDAY=1MO'), 'zh-CN')).toBe(
      'FREQ=MONTHLY;BYDAY=1MO 10:00–12:00',
    )
    expect(planSummary(plan('FREQ=YEARLY', 15), 'en')).toBe('FREQ=YEARLY 15:00–17:00')
  })
  it('should label the standard windows', () => {
    expect(windowLabel(8)).toBe('08:00–10:00')
    expect(windowLabel(17)).toBe('17:00–19:00')
  })
})
