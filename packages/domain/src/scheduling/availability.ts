import { TZDate } from '@date-fns/tz'
import type { LatLng } from './geo.ts'

export interface Interval {
  start: number
  end: number
}

/** A worker's day as availability sees it: shifts, and the jobs already promised (sorted or not). */
export interface WorkerDay {
  id: string
  skills: readonly string[]
  projectIds: readonly string[]
  home: LatLng
  shifts: readonly Interval[]
  jobs: ReadonlyArray<Interval & { location: LatLng }>
}

export interface ServiceNeed {
  location: LatLng
  projectId: string
  durationMs: number
  skills: readonly string[]
}

export type Travel = (from: LatLng, to: LatLng) => number

export interface Placement {
  workerId: string
  /** When the worker can arrive (inside the window), and leave. */
  arrival: number
  end: number
  /** Idle time this job leaves around it in the worker's day, minutes; smaller packs the day tighter. */
  slackMinutes: number
}

export const qualifies = (w: WorkerDay, need: ServiceNeed) =>
  w.projectIds.includes(need.projectId) && need.skills.every((s) => w.skills.includes(s))

/**
 * Calls `visit` for each gap of a worker's day a job could go in, with arrival inside `span`: between two
 * existing commitments (or a shift's start and end), counting travel from the previous place (`earliest`, the
 * soonest the worker can be there) and on to the next job (`limit`, when the job must be done). Every booking
 * and availability look runs this over the whole crew, so what cannot fit anywhere in `span` is passed over
 * before travel is computed: the job starts in the span, no earlier than the shift, and must end before the
 * shift or the next job does.
 */
function forEachGap(
  w: WorkerDay,
  need: ServiceNeed,
  span: Interval,
  travel: Travel,
  visit: (gap: { earliest: number; limit: number; shiftStart: number }) => void,
) {
  const earliestEnd = span.start + need.durationMs
  for (const shift of w.shifts) {
    if (shift.start > span.end || Math.max(earliestEnd, shift.start + need.durationMs) > shift.end)
      continue
    // Jobs usually come in order (as read, and as kept): sorted only when they do not.
    const inShift = w.jobs.filter((j) => j.start < shift.end && j.end > shift.start)
    if (inShift.some((j, i) => i > 0 && j.start < inShift[i - 1]!.start))
      inShift.sort((a, b) => a.start - b.start)
    // Each gap: after everything promised so far (or the shift start at home), before the next promise.
    let prev: (Interval & { location: LatLng }) | undefined
    for (let i = 0; i <= inShift.length; i++) {
      const next = inShift[i]
      if (i > 0) {
        const last = inShift[i - 1]!
        if (!prev || last.end > prev.end) prev = last
      }
      if (prev && prev.end > span.end) break
      if (next && earliestEnd > next.start) continue
      visit({
        earliest: prev
          ? prev.end + travel(prev.location, need.location)
          : shift.start + travel(w.home, need.location),
        limit: next ? next.start - travel(need.location, next.location) : shift.end,
        shiftStart: shift.start,
      })
    }
  }
}

/** The job placed in a gap with arrival inside `window`, or null if it does not fit there. */
function placeInGap(
  workerId: string,
  gap: { earliest: number; limit: number; shiftStart: number },
  need: ServiceNeed,
  window: Interval,
): Placement | null {
  const arrival = Math.max(window.start, gap.earliest, gap.shiftStart)
  if (arrival > window.end) return null
  const end = arrival + need.durationMs
  if (end > gap.limit) return null
  const slackMinutes = Math.round((arrival - gap.earliest + (gap.limit - end)) / 60_000)
  return { workerId, arrival, end, slackMinutes }
}

/**
 * Where in a worker's day a job fits with arrival inside `window`, leaving the least idle time around it
 * (`forEachGap`). Null if nowhere.
 */
export function placeInDay(
  w: WorkerDay,
  need: ServiceNeed,
  window: Interval,
  travel: Travel,
): Placement | null {
  let best: Placement | null = null
  forEachGap(w, need, window, travel, (gap) => {
    const placed = placeInGap(w.id, gap, need, window)
    if (placed && (!best || placed.slackMinutes < best.slackMinutes)) best = placed
  })
  return best
}

/**
 * For each window, how many qualified workers can take the job in it (what `placements` would list, without
 * ranking): each worker's gaps are found once for all the windows, not once per window.
 */
export function capacities(
  workers: readonly WorkerDay[],
  need: ServiceNeed,
  windows: readonly Interval[],
  travel: Travel,
): number[] {
  const counts = windows.map(() => 0)
  if (windows.length === 0) return counts
  const span = {
    start: Math.min(...windows.map((w) => w.start)),
    end: Math.max(...windows.map((w) => w.end)),
  }
  for (const w of workers) {
    if (!qualifies(w, need)) continue
    const fits = windows.map(() => false)
    forEachGap(w, need, span, travel, (gap) =>
      windows.forEach((window, i) => {
        if (!fits[i] && placeInGap(w.id, gap, need, window)) fits[i] = true
      }),
    )
    fits.forEach((fit, i) => {
      if (fit) counts[i]!++
    })
  }
  return counts
}

/** Every qualified worker who can take the job in the window, tightest fit first. */
export function placements(
  workers: readonly WorkerDay[],
  need: ServiceNeed,
  window: Interval,
  travel: Travel,
): Placement[] {
  return workers
    .filter((w) => qualifies(w, need))
    .map((w) => placeInDay(w, need, window, travel))
    .filter((p): p is Placement => p !== null)
    .sort(
      (a, b) =>
        a.slackMinutes - b.slackMinutes ||
        a.arrival - b.arrival ||
        a.workerId.localeCompare(b.workerId),
    )
}

/** Arrival windows of a day in the tenant's time zone, e.g. [[8, 10], [10, 12], …] hours. */
export function dayWindows(
  date: string,
  timeZone: string,
  hours: ReadonlyArray<readonly [number, number]>,
): Interval[] {
  return hours.map(([from, to]) => localInterval(date, timeZone, `${from}:00`, `${to}:00`))
}

export const DEFAULT_WINDOW_HOURS: ReadonlyArray<readonly [number, number]> = [
  [8, 10],
  [10, 12],
  [13, 15],
  [15, 17],
  [17, 19],
]

/** An interval of local clock times on a date, e.g. ('2026-12-01', 'Asia/Shanghai', '08:30', '17:00'). */
export function localInterval(date: string, timeZone: string, from: string, to: string): Interval {
  return { start: localInstant(date, timeZone, from), end: localInstant(date, timeZone, to) }
}

// A crew shares a handful of shift times, and resolving a zone's offset is costly (Intl): availability
// asks for the same few instants for every worker of every request.
const instants = new Map<string, number>()

function localInstant(date: string, timeZone: string, hhmm: string): number {
  const key = `${date}|${timeZone}|${hhmm}`
  let at = instants.get(key)
  if (at === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number]
    const [h, min] = hhmm.split(':').map(Number) as [number, number]
    at = new TZDate(y, m - 1, d, h, min, 0, timeZone).getTime()
    if (instants.size >= 10_000) instants.clear()
    instants.set(key, at)
  }
  return at
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    dayFormats.set(timeZone, format)
  }
  return format.format(at)
}

// Building a formatter costs far more than formatting (it loads the zone's rules): one per zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>()
