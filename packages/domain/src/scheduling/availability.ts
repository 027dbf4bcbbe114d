import { TZDate } from '@date-fns/tz'
import { addDays } from '../plans/plan-rule.ts'
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
  /** Workers the customer asked not to be sent (their blocked list): never placed, whatever else fits. */
  blockedWorkerIds?: readonly string[]
}

/** Travel time in ms. Its places are lent for the call: placing moves one object from job to job (`forEachGap`). */
export type Travel = (from: LatLng, to: LatLng) => number

export interface Placement {
  workerId: string
  /** When the worker can arrive (inside the window), and leave. */
  arrival: number
  end: number
  /** Idle time this job leaves around it in the worker's day, minutes; smaller packs the day tighter. */
  slackMinutes: number
}

export const qualifies = (w: Pick<WorkerDay, 'id' | 'projectIds' | 'skills'>, need: ServiceNeed) =>
  w.projectIds.includes(need.projectId) &&
  need.skills.every((s) => w.skills.includes(s)) &&
  !need.blockedWorkerIds?.includes(w.id)

type Job = Interval & { location: LatLng }

/**
 * A crew's day laid out for placing: every booking and availability look goes over the whole crew, and walking a
 * hundred workers' objects (shifts, jobs, places, project and skill lists spread over the heap) cost a booking
 * more in memory waits than in arithmetic (bench/README, "Results, 2026-12-06"). Here the numbers lie in a few
 * typed arrays, each worker's jobs in order of start; `workers` are the days as given less their jobs (those are
 * in the arrays), for ids, names and who qualifies. A job kept later goes into the arrays in place (`addJob`):
 * copying them for each kept booking was the largest part of placing's remaining cost.
 */
export interface CrewTimes<W extends WorkerDay = WorkerDay> {
  readonly workers: ReadonlyArray<Omit<W, 'jobs'>>
  /** Each worker's place in `workers`, by id. */
  readonly index: ReadonlyMap<string, number>
  /** Latitude and longitude of worker i's home at 2i, 2i + 1. */
  readonly home: Float64Array
  /** Worker i's shifts are `shifts[2s]` (start) and `shifts[2s + 1]` (end) for shiftAt[i] <= s < shiftAt[i + 1]. */
  readonly shiftAt: Uint32Array
  readonly shifts: Float64Array
  /**
   * Worker i's jobs are start, end, lat, lng at `jobs[4k]` … for jobAt[i] <= k < jobAt[i + 1], by start; `jobs`
   * has room beyond the last (and is replaced by a larger array when it has none).
   */
  readonly jobAt: Uint32Array
  jobs: Float64Array
  /** The workers who qualify for a need, by project and skills: asked by every booking of the day. */
  readonly qualified: Map<string, Uint32Array>
}

export function crewTimes<W extends WorkerDay>(workers: readonly W[]): CrewTimes<W> {
  const n = workers.length
  const home = new Float64Array(2 * n)
  const shiftAt = new Uint32Array(n + 1)
  const jobAt = new Uint32Array(n + 1)
  workers.forEach((w, i) => {
    home[2 * i] = w.home.lat
    home[2 * i + 1] = w.home.lng
    shiftAt[i + 1] = shiftAt[i]! + w.shifts.length
    jobAt[i + 1] = jobAt[i]! + w.jobs.length
  })
  const shifts = new Float64Array(2 * shiftAt[n]!)
  const jobs = new Float64Array(4 * jobAt[n]!)
  workers.forEach((w, i) => {
    w.shifts.forEach((s, j) => shifts.set([s.start, s.end], 2 * (shiftAt[i]! + j)))
    ;[...w.jobs]
      .sort((a, b) => a.start - b.start)
      .forEach((j, k) =>
        jobs.set([j.start, j.end, j.location.lat, j.location.lng], 4 * (jobAt[i]! + k)),
      )
  })
  return {
    workers: workers.map(({ jobs: _, ...w }) => w),
    index: new Map(workers.map((w, i) => [w.id, i])),
    home,
    shiftAt,
    shifts,
    jobAt,
    jobs,
    qualified: new Map(),
  }
}

/** Puts one more job into a worker's day (nothing if the worker is not in the crew). */
export function addJob(crew: CrewTimes, workerId: string, job: Job): void {
  const i = crew.index.get(workerId)
  if (i === undefined) return
  const count = crew.jobAt[crew.workers.length]!
  if (4 * (count + 1) > crew.jobs.length) {
    const grown = new Float64Array(4 * Math.max(16, 2 * (count + 1)))
    grown.set(crew.jobs.subarray(0, 4 * count))
    crew.jobs = grown
  }
  const { jobs, jobAt } = crew
  let k = jobAt[i]!
  while (k < jobAt[i + 1]! && jobs[4 * k]! <= job.start) k++
  jobs.copyWithin(4 * k + 4, 4 * k, 4 * count)
  jobs[4 * k] = job.start
  jobs[4 * k + 1] = job.end
  jobs[4 * k + 2] = job.location.lat
  jobs[4 * k + 3] = job.location.lng
  for (let w = i + 1; w < jobAt.length; w++) jobAt[w] = jobAt[w]! + 1
}

function qualifiedFor(crew: CrewTimes, need: ServiceNeed): Uint32Array {
  // A skill's name may hold any character but its list, as JSON, is one string.
  const key = JSON.stringify([need.projectId, need.skills, need.blockedWorkerIds ?? []])
  let found = crew.qualified.get(key)
  if (!found) {
    found = Uint32Array.from(crew.workers.flatMap((w, i) => (qualifies(w, need) ? [i] : [])))
    crew.qualified.set(key, found)
  }
  return found
}

/**
 * Calls `visit` for each gap of worker i's day a job could go in, with arrival inside `span`: between two
 * existing commitments (or a shift's start and end), counting travel from the previous place (`earliest`, the
 * soonest the worker can be there) and on to the next job (`limit`, when the job must be done). Every booking
 * and availability look runs this over the whole crew, so what cannot fit anywhere in `span` is passed over
 * before travel is computed: the job starts in the span, no earlier than the shift, and must end before the
 * shift or the next job does. `visit` returns true to stop.
 */
function forEachGap(
  crew: CrewTimes,
  i: number,
  need: ServiceNeed,
  span: Interval,
  travel: Travel,
  visit: (earliest: number, limit: number, shiftStart: number) => boolean | void,
): void {
  const { jobs, shifts } = crew
  const earliestEnd = span.start + need.durationMs
  // Where a job is, for `travel` (which takes places): one object, moved, rather than one per gap.
  const place = { lat: 0, lng: 0 }
  const firstJob = crew.jobAt[i]!
  const endJob = crew.jobAt[i + 1]!
  for (let s = crew.shiftAt[i]!; s < crew.shiftAt[i + 1]!; s++) {
    const shiftStart = shifts[2 * s]!
    const shiftEnd = shifts[2 * s + 1]!
    if (shiftStart > span.end || Math.max(earliestEnd, shiftStart + need.durationMs) > shiftEnd)
      continue
    // Each gap: after everything promised in the shift so far (or the shift start at home), before the next
    // promise in the shift. `prev` is the job of the shift that ends last so far, `next` the next one (-1: none).
    let prev = -1
    let k = firstJob
    for (;;) {
      let next = -1
      for (; k < endJob; k++) {
        if (jobs[4 * k]! >= shiftEnd) {
          k = endJob
          break
        }
        if (jobs[4 * k + 1]! > shiftStart) {
          next = k
          break
        }
      }
      if (prev >= 0 && jobs[4 * prev + 1]! > span.end) break
      if (next < 0 || earliestEnd <= jobs[4 * next]!) {
        const earliest =
          prev >= 0
            ? jobs[4 * prev + 1]! + travel(moved(place, jobs, 4 * prev + 2), need.location)
            : shiftStart + travel(moved(place, crew.home, 2 * i), need.location)
        const limit =
          next >= 0
            ? jobs[4 * next]! - travel(need.location, moved(place, jobs, 4 * next + 2))
            : shiftEnd
        if (visit(earliest, limit, shiftStart)) return
      }
      if (next < 0) break
      if (prev < 0 || jobs[4 * next + 1]! > jobs[4 * prev + 1]!) prev = next
      k++
    }
  }
}

/** `place` moved to the latitude and longitude at `at` in `numbers`. */
function moved(place: LatLng, numbers: Float64Array, at: number): LatLng {
  place.lat = numbers[at]!
  place.lng = numbers[at + 1]!
  return place
}

/** When the job can arrive in a gap inside `window`, or NaN if it does not fit there. */
function arrivalInGap(
  earliest: number,
  limit: number,
  shiftStart: number,
  durationMs: number,
  window: Interval,
): number {
  const arrival = Math.max(window.start, earliest, shiftStart)
  return arrival > window.end || arrival + durationMs > limit ? NaN : arrival
}

/** Where in worker i's day the job fits with arrival inside `window`, leaving the least idle time around it. */
function placeAt(
  crew: CrewTimes,
  i: number,
  need: ServiceNeed,
  window: Interval,
  travel: Travel,
): Placement | null {
  let best: Placement | null = null
  forEachGap(crew, i, need, window, travel, (earliest, limit, shiftStart) => {
    const arrival = arrivalInGap(earliest, limit, shiftStart, need.durationMs, window)
    if (Number.isNaN(arrival)) return
    const end = arrival + need.durationMs
    const slackMinutes = Math.round((arrival - earliest + (limit - end)) / 60_000)
    if (!best || slackMinutes < best.slackMinutes)
      best = { workerId: crew.workers[i]!.id, arrival, end, slackMinutes }
  })
  return best
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
  return placeAt(crewTimes([w]), 0, need, window, travel)
}

/**
 * For each window, how many qualified workers can take the job in it (what `placements` would list, without
 * ranking): each worker's gaps are found once for all the windows, not once per window, and no further once
 * every window has room.
 */
export function capacities(
  crew: CrewTimes,
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
  const fits = new Uint8Array(windows.length)
  for (const i of qualifiedFor(crew, need)) {
    fits.fill(0)
    let fitting = 0
    forEachGap(crew, i, need, span, travel, (earliest, limit, shiftStart) => {
      for (let w = 0; w < windows.length; w++) {
        if (fits[w]) continue
        if (Number.isNaN(arrivalInGap(earliest, limit, shiftStart, need.durationMs, windows[w]!)))
          continue
        fits[w] = 1
        fitting++
      }
      return fitting === windows.length
    })
    for (let w = 0; w < windows.length; w++) counts[w]! += fits[w]!
  }
  return counts
}

/** Every qualified worker who can take the job in the window, tightest fit first. */
export function placements(
  crew: CrewTimes,
  need: ServiceNeed,
  window: Interval,
  travel: Travel,
): Placement[] {
  const fits: Placement[] = []
  for (const i of qualifiedFor(crew, need)) {
    const placed = placeAt(crew, i, need, window, travel)
    if (placed) fits.push(placed)
  }
  // Ids compare as strings (UUIDs, all alike in shape): a collating comparison costs far more, to the same end.
  return fits.sort(
    (a, b) =>
      a.slackMinutes - b.slackMinutes ||
      a.arrival - b.arrival ||
      (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0),
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

/**
 * How far ahead a visit may be booked, a plan start or a visit be moved to: half a year, about as far as a
 * company plans its crew and its prices. A date beyond it is a typo (2099) more often than an intention.
 */
export const BOOKING_HORIZON_DAYS = 180

/** The last local date a visit may be booked for, seen from `today`. */
export const lastBookableDate = (today: string) => addDays(today, BOOKING_HORIZON_DAYS)

export const DEFAULT_WINDOW_HOURS: ReadonlyArray<readonly [number, number]> = [
  [8, 10],
  [10, 12],
  [13, 15],
  [15, 17],
  [17, 19],
]

/**
 * The first instant of a local date in a time zone, and the first instant after it: the day as the tenant lives it
 * (23 or 25 hours across a daylight-saving change). A date string given to TZDate is read in the server's own
 * zone instead — on a server in UTC that began a Shanghai day at 08:00 local.
 */
export const localDayStart = (date: string, timeZone: string) =>
  localInstant(date, timeZone, '00:00')
export const localDayEnd = (date: string, timeZone: string) =>
  localInstant(addDays(date, 1), timeZone, '00:00')

/** An interval of local clock times on a date, e.g. ('2026-12-01', 'Asia/Shanghai', '08:30', '17:00'). */
export function localInterval(date: string, timeZone: string, from: string, to: string): Interval {
  return { start: localInstant(date, timeZone, from), end: localInstant(date, timeZone, to) }
}

// A crew shares a handful of shift times, and resolving a zone's offset is costly (Intl): availability
// asks for the same few instants for every worker of every request.
const instants = new Map<string, number>()

/** The instant of a local clock time on a date, e.g. ('2026-12-01', 'Asia/Shanghai', '08:30'). */
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
