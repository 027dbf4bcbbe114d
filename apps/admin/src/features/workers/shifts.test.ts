import { describe, expect, it } from 'vitest'
import { shiftProblems, shiftSummary, sortShifts, weeklyHours } from './shifts.ts'

describe('weekly shifts', () => {
  it('should flag an end not after the start, and overlaps on the same day only', () => {
    const problems = shiftProblems([
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 1, start: '11:00', end: '18:00' },
      { weekday: 2, start: '11:00', end: '18:00' },
      { weekday: 3, start: '18:00', end: '09:00' },
      { weekday: 1, start: '12:00', end: '13:00' },
    ])
    expect([...problems.entries()]).toEqual([
      [3, 'endBeforeStart'],
      [0, 'overlap'],
      [1, 'overlap'],
      [4, 'overlap'],
    ])
  })

  it('should accept back-to-back shifts and count the hours', () => {
    const shifts = [
      { weekday: 5, start: '13:00', end: '17:30' },
      { weekday: 5, start: '08:00', end: '13:00' },
    ]
    expect(shiftProblems(shifts).size).toBe(0)
    expect(weeklyHours(shifts)).toBe(9.5)
    expect(sortShifts(shifts)[0]?.start).toBe('08:00')
  })
})

describe('shift summary', () => {
  const day = (d: number) => ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d] ?? '?'
  it('should group days by time range and shorten runs', () => {
    const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }))
    expect(shiftSummary([...week, { weekday: 7, start: '09:00', end: '12:00' }], day)).toEqual(['Mon–Fri 08:00–18:00', 'Sun 09:00–12:00'])
    expect(shiftSummary([1, 2, 4].map((weekday) => ({ weekday, start: '08:00', end: '12:00' })), day)).toEqual(['Mon、Tue、Thu 08:00–12:00'])
  })
})
