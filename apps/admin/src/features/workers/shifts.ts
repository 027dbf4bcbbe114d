/** A weekly shift as the API takes it: ISO weekday (1 = Monday) and HH:mm in the tenant's time zone. */
export interface Shift {
  weekday: number
  start: string
  end: string
}

const minutes = (hhmm: string) => {
  const [h = '0', m = '0'] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

export type ShiftProblem = 'endBeforeStart' | 'overlap'

/** The problem with each shift (by index): end not after start, or overlapping another shift that day. */
export function shiftProblems(shifts: readonly Shift[]): Map<number, ShiftProblem> {
  const problems = new Map<number, ShiftProblem>()
  shifts.forEach((s, i) => {
    if (minutes(s.end) <= minutes(s.start)) problems.set(i, 'endBeforeStart')
  })
  const invalid = new Set(problems.keys())
  shifts.forEach((a, i) => {
    if (invalid.has(i)) return
    const clash = shifts.some(
      (b, j) => j !== i && !invalid.has(j) && b.weekday === a.weekday && minutes(a.start) < minutes(b.end) && minutes(b.start) < minutes(a.end),
    )
    if (clash) problems.set(i, 'overlap')
  })
  return problems
}

/** Hours a week the shifts cover (for the list). */
export function weeklyHours(shifts: readonly Shift[]): number {
  return Math.round((shifts.reduce((sum, s) => sum + Math.max(0, minutes(s.end) - minutes(s.start)), 0) / 60) * 10) / 10
}

/** Shifts sorted by day then start, as the editor and the list show them. */
export function sortShifts<T extends Shift>(shifts: readonly T[]): T[] {
  return [...shifts].sort((a, b) => a.weekday - b.weekday || minutes(a.start) - minutes(b.start))
}

/**
 * Shifts grouped by time range, consecutive days as a run: "Mon–Fri 08:00–18:00 · Sat 09:00–12:00". Keeps a
 * list row one line high for the common weekly patterns.
 */
export function shiftSummary(shifts: readonly Shift[], day: (weekday: number) => string): string[] {
  const byRange = new Map<string, number[]>()
  for (const s of sortShifts(shifts)) {
    const key = `${s.start}–${s.end}`
    byRange.set(key, [...(byRange.get(key) ?? []), s.weekday])
  }
  return [...byRange.entries()].map(([range, days]) => {
    const unique = [...new Set(days)].sort((a, b) => a - b)
    const runs: number[][] = []
    for (const d of unique) {
      const run = runs[runs.length - 1]
      if (run && run[run.length - 1] === d - 1) run.push(d)
      else runs.push([d])
    }
    const text = runs.map((r) => (r.length >= 3 ? `${day(r[0] ?? 1)}–${day(r[r.length - 1] ?? 1)}` : r.map(day).join('、'))).join('、')
    return `${text} ${range}`
  })
}
