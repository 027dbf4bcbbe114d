import { describe, expect, it } from 'vitest'
import { addDays } from '@doorstep/domain'
import {
  checkRecurrence,
  lastVisitDate,
  ruleEndingBefore,
  visitDates,
  visitDiscountFen,
} from './plans.model.ts'

describe('plan recurrence', () => {
  it('should list every Monday of a 12-week plan within a range', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO;COUNT=12'
    expect(checkRecurrence(rule, '2026-11-23')).toBeNull()
    expect(visitDates(rule, '2026-11-23', '2026-11-23', '2026-12-13')).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
    ])
    expect(lastVisitDate(rule, '2026-11-23')).toBe('2027-02-08')
  })

  it('should support monthly packages and open-ended weekly plans', () => {
    expect(
      visitDates('FREQ=MONTHLY;BYMONTHDAY=1;COUNT=3', '2026-11-22', '2026-11-01', '2027-12-31'),
    ).toEqual(['2026-12-01', '2027-01-01', '2027-02-01'])
    expect(lastVisitDate('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR', '2026-11-22')).toBeNull()
  })

  it('should refuse, at once, the values the rrule library would loop on or search to the year 9999 for', () => {
    const started = performance.now()
    for (const rule of [
      'FREQ=WEEKLY;BYDAY=MO;INTERVAL=-1',
      'FREQ=DAILY;INTERVAL=abc',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;INTERVAL=100',
      'FREQ=DAILY;BYMONTHDAY=0',
      'FREQ=DAILY;BYMONTHDAY=32',
      'FREQ=WEEKLY;BYDAY=1MO',
      'FREQ=WEEKLY;FREQ=DAILY;COUNT=2',
      'FREQ=WEEKLY;COUNT=2;COUNT=3',
      'FREQ=WEEKLY;UNTIL=20271399',
      'FREQ=WEEKLY;UNTIL=20271231T999999Z',
      'FREQ=WEEKLY;UNTIL=20271231T250000',
      'FREQ=WEEKLY;WKST=XX',
    ])
      expect(checkRecurrence(rule, '2027-02-01'), rule).toBe('invalid_rrule')
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(checkRecurrence('FREQ=MONTHLY;INTERVAL=99;BYMONTHDAY=31', '2027-02-01')).toBeNull()
  })

  it('should find at once that a rule matches no day (every 7 days on Tuesdays, from a Monday)', () => {
    const started = performance.now()
    expect(checkRecurrence('FREQ=DAILY;INTERVAL=7;BYDAY=TU', '2026-12-14')).toBe('rrule_no_visits')
    expect(checkRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20261214', '2026-12-14')).toBe(
      'rrule_no_visits',
    )
    expect(performance.now() - started).toBeLessThan(500)
    // Counted to UNTIL: monthly for ten years is more than a finite plan may hold.
    expect(checkRecurrence('FREQ=MONTHLY;UNTIL=20361231', '2026-12-14')).toBe(
      'rrule_too_many_visits',
    )
    expect(checkRecurrence('FREQ=MONTHLY;UNTIL=20281231', '2026-12-14')).toBeNull()
  })

  it('should refuse rules a plan cannot use, with a reason', () => {
    expect(checkRecurrence('FREQ=HOURLY', '2026-11-22')).toBe('rrule_frequency_not_supported')
    expect(checkRecurrence('FREQ=WEEKLY;BYHOUR=9', '2026-11-22')).toBe('rrule_part_not_supported')
    expect(checkRecurrence('FREQ=WEEKLY;BYDAY=XX', '2026-11-22')).toBe('invalid_rrule')
    expect(checkRecurrence('weekly', '2026-11-22')).toBe('invalid_rrule')
    expect(checkRecurrence('FREQ=WEEKLY;BYDAY=MO,TU,MO', '2026-11-23')).toBe('invalid_rrule')
    expect(checkRecurrence('FREQ=MONTHLY;BYMONTHDAY=5,5', '2026-11-23')).toBe('invalid_rrule')
    expect(checkRecurrence('FREQ=MONTHLY;BYMONTHDAY=31;BYDAY=MO;COUNT=2', '2026-11-22')).toBe(
      'rrule_days_mixed',
    )
    expect(checkRecurrence('FREQ=DAILY;BYMONTHDAY=31;COUNT=2', '2026-11-22')).toBe(
      'rrule_days_mixed',
    )
    expect(checkRecurrence('FREQ=DAILY;COUNT=500', '2026-11-22')).toBe('rrule_too_many_visits')
    expect(checkRecurrence('FREQ=DAILY;COUNT=999999999', '2026-11-22')).toBe(
      'rrule_too_many_visits',
    )
    expect(checkRecurrence('FREQ=WEEKLY;UNTIL=20200101T000000Z', '2026-11-22')).toBe(
      'rrule_no_visits',
    )
  })

  it('should cut a series short before a date, keeping exactly its earlier visits', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=12'
    const cut = ruleEndingBefore(rule, '2026-12-03')
    expect(cut).toBe('FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261202')
    expect(checkRecurrence(cut, '2026-11-23')).toBeNull()
    expect(visitDates(cut, '2026-11-23', '2026-11-01', '2027-12-31')).toEqual([
      '2026-11-23',
      '2026-11-26',
      '2026-11-30',
    ])
    expect(lastVisitDate(cut, '2026-11-23')).toBe('2026-11-30')
    expect(ruleEndingBefore('FREQ=MONTHLY;UNTIL=20271231', '2027-01-01')).toBe(
      'FREQ=MONTHLY;UNTIL=20261231',
    )
    // Cut at its first visit, a series has none left: it ended the day before it began.
    expect(checkRecurrence(ruleEndingBefore(rule, '2026-11-23'), '2026-11-23')).toBe(
      'rrule_no_visits',
    )
    expect(lastVisitDate(ruleEndingBefore(rule, '2026-11-23'), '2026-11-23')).toBe('2026-11-22')
    // An open-ended plan cut after years has more than 104 visits: its last is still the day before.
    expect(lastVisitDate(ruleEndingBefore('FREQ=DAILY', '2026-06-01'), '2025-01-01')).toBe(
      '2026-05-31',
    )
  })

  it('should count days across months and round the series discount down to the fen', () => {
    expect(addDays('2026-11-30', 2)).toBe('2026-12-02')
    expect(visitDiscountFen(12_345, 10)).toBe(1_234)
  })
})
