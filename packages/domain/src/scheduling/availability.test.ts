import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { WorkerDay } from './availability.ts'
import {
  DEFAULT_WINDOW_HOURS,
  capacities,
  crewTimes,
  dayWindows,
  localDayEnd,
  localDayStart,
  placeInDay,
  placements,
  addJob,
} from './availability.ts'

const H = 3_600_000
const here = { lat: 31.23, lng: 121.47 }
const fixedTravel = () => 30 * 60_000
const worker = (partial: Partial<WorkerDay> = {}): WorkerDay => ({
  id: 'w1',
  skills: ['cleaning'],
  projectIds: ['p1'],
  home: here,
  shifts: [{ start: 8 * H, end: 18 * H }],
  jobs: [],
  ...partial,
})
const need = { location: here, projectId: 'p1', durationMs: 2 * H, skills: ['cleaning'] }
// A job of one to three whole hours starting at an hour from `first` to `last`.
const hoursJob = (first: number, last: number) =>
  fc.record({
    start: fc.integer({ min: first, max: last }),
    length: fc.integer({ min: 1, max: 3 }),
  })

describe('availability', () => {
  it('should place a job in a free window, counting travel from home', () => {
    expect(placeInDay(worker(), need, { start: 8 * H, end: 10 * H }, fixedTravel)).toMatchObject({
      arrival: 8.5 * H,
      end: 10.5 * H,
    })
  })

  it('should leave room to travel on to the next job, and refuse when there is none', () => {
    const busy = worker({ jobs: [{ start: 11 * H, end: 13 * H, location: here }] })
    // 08:30 arrival, done 10:30, 30 min to the next job at 11:00: fits exactly.
    expect(placeInDay(busy, need, { start: 8 * H, end: 10 * H }, fixedTravel)).not.toBeNull()
    const tighter = worker({ jobs: [{ start: 10.75 * H, end: 13 * H, location: here }] })
    expect(placeInDay(tighter, need, { start: 8 * H, end: 9 * H }, fixedTravel)).toBeNull()
  })

  it('should skip workers without the skill or the project, and prefer the tightest fit', () => {
    const ws = [
      worker({ id: 'a', skills: [] }),
      worker({ id: 'b', projectIds: ['p2'] }),
      worker({ id: 'c' }),
      worker({ id: 'd', jobs: [{ start: 8 * H, end: 9 * H, location: here }] }),
    ]
    expect(
      placements(crewTimes(ws), need, { start: 9 * H, end: 11 * H }, fixedTravel).map(
        (p) => p.workerId,
      ),
    ).toEqual(['d', 'c'])
    expect(capacities(crewTimes(ws), need, [{ start: 9 * H, end: 11 * H }], fixedTravel)).toEqual([
      2,
    ])
  })

  it("should not place or count a worker the customer blocked, in the same crew as everyone else's", () => {
    const crew = crewTimes([worker({ id: 'a' }), worker({ id: 'b' })])
    const window = { start: 9 * H, end: 11 * H }
    const blocking = { ...need, blockedWorkerIds: ['a'] }
    expect(placements(crew, blocking, window, fixedTravel).map((p) => p.workerId)).toEqual(['b'])
    expect(capacities(crew, blocking, [window], fixedTravel)).toEqual([1])
    // The crew's kept list of who qualifies is per need: another customer still gets both.
    expect(
      placements(crew, need, window, fixedTravel)
        .map((p) => p.workerId)
        .sort(),
    ).toEqual(['a', 'b'])
    expect(
      capacities(crew, { ...need, blockedWorkerIds: ['a', 'b'] }, [window], fixedTravel),
    ).toEqual([0])
  })

  it('should never overlap a promised job or leave a shift', () => {
    const job = hoursJob(8, 17)
    fc.assert(
      fc.property(
        fc.array(job, { maxLength: 4 }),
        fc.integer({ min: 7, max: 19 }),
        (jobs, from) => {
          const day = worker({
            jobs: jobs.map((j) => ({
              start: j.start * H,
              end: (j.start + j.length) * H,
              location: here,
            })),
          })
          const p = placeInDay(day, need, { start: from * H, end: (from + 2) * H }, fixedTravel)
          if (!p) return
          expect(p.arrival).toBeGreaterThanOrEqual(from * H)
          expect(p.arrival).toBeLessThanOrEqual((from + 2) * H)
          expect(p.end).toBeLessThanOrEqual(18 * H)
          for (const j of day.jobs)
            expect(p.end <= j.start - 30 * 60_000 || p.arrival >= j.end + 30 * 60_000).toBe(true)
        },
      ),
    )
  })

  it('should find a place whenever some arrival in the window fits, and only then', () => {
    // Disjoint jobs of whole hours in the 08:00–18:00 shift; travel is 30 min, so every arrival the day allows
    // lies on the half hour.
    const jobs = fc
      .array(
        fc.record({ gap: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 1, max: 3 }) }),
        {
          maxLength: 4,
        },
      )
      .map((parts) => {
        let at = 8
        return parts.flatMap(({ gap, length }) => {
          const start = at + gap
          at = start + length
          return at <= 18 ? [{ start: start * H, end: at * H, location: here }] : []
        })
      })
    fc.assert(
      fc.property(jobs, fc.integer({ min: 6, max: 19 }), (promised, from) => {
        const window = { start: from * H, end: (from + 2) * H }
        const fits = (a: number) =>
          a >= 8.5 * H &&
          a + 2 * H <= 18 * H &&
          promised.every((j) => a + 2.5 * H <= j.start || a >= j.end + 0.5 * H)
        const someFits = [0, 1, 2, 3, 4].some((half) => fits(window.start + (half * H) / 2))
        const placed = placeInDay(worker({ jobs: promised }), need, window, fixedTravel)
        expect(placed !== null).toBe(someFits)
      }),
    )
  })

  it('should find a place, with travel by place and two shifts, whenever some arrival fits, and only then', () => {
    // A minute per 0.001° of latitude; jobs at four places; shifts 07–12 and 13–20; disjoint jobs of whole hours.
    const byPlace = (a: { lat: number }, b: { lat: number }) =>
      Math.round(Math.abs(a.lat - b.lat) * 1000) * 60_000
    const shifts = [
      { start: 7 * H, end: 12 * H },
      { start: 13 * H, end: 20 * H },
    ]
    const spot = fc.integer({ min: 0, max: 3 })
    const jobs = fc
      .array(
        fc.record({
          gap: fc.integer({ min: 0, max: 3 }),
          length: fc.integer({ min: 1, max: 3 }),
          spot,
        }),
        {
          maxLength: 5,
        },
      )
      .map((parts) => {
        let at = 6
        return parts.flatMap(({ gap, length, spot: p }) => {
          const start = at + gap
          at = start + length
          const location = { lat: here.lat + p / 100, lng: here.lng }
          return at <= 20 ? [{ start: start * H, end: at * H, location }] : []
        })
      })
    fc.assert(
      fc.property(jobs, fc.integer({ min: 6, max: 19 }), spot, (promised, from, homeSpot) => {
        const home = { lat: here.lat + homeSpot / 100, lng: here.lng }
        const window = { start: from * H, end: (from + 2) * H }
        // Every arrival, to the minute: inside a shift, after the job before it (or home) and travel, done in
        // time to travel on to the job after it (or by the shift's end), overlapping none.
        const fits = (a: number) =>
          shifts.some((shift) => {
            const inShift = promised.filter((j) => j.start < shift.end && j.end > shift.start)
            const end = a + need.durationMs
            if (a < shift.start || end > shift.end) return false
            if (inShift.some((j) => j.start < end && j.end > a)) return false
            const before = inShift.filter((j) => j.end <= a).at(-1)
            const after = inShift.find((j) => j.start >= end)
            const earliest = before
              ? before.end + byPlace(before.location, need.location)
              : shift.start + byPlace(home, need.location)
            const limit = after ? after.start - byPlace(need.location, after.location) : shift.end
            return a >= earliest && end <= limit
          })
        const someFits = Array.from({ length: 121 }, (_, m) => window.start + m * 60_000).some(fits)
        const placed = placeInDay(worker({ home, shifts, jobs: promised }), need, window, byPlace)
        expect(placed !== null).toBe(someFits)
        if (placed) expect(fits(placed.arrival)).toBe(true)
      }),
    )
  })

  it('should count for each window the workers placements would list for it', () => {
    const job = hoursJob(6, 19)
    const day = fc.record({
      id: fc.uuid(),
      skilled: fc.boolean(),
      jobs: fc.array(job, { maxLength: 4 }),
      shiftEnd: fc.integer({ min: 12, max: 21 }),
    })
    fc.assert(
      fc.property(fc.array(day, { maxLength: 5 }), fc.integer({ min: 0, max: 3 }), (days, now) => {
        const workers = days.map((d) =>
          worker({
            id: d.id,
            skills: d.skilled ? ['cleaning'] : [],
            shifts: [{ start: 8 * H, end: d.shiftEnd * H }],
            jobs: d.jobs.map((j) => ({
              start: j.start * H,
              end: (j.start + j.length) * H,
              location: here,
            })),
          }),
        )
        const windows = dayWindows('1970-01-01', 'UTC', DEFAULT_WINDOW_HOURS).map((w) => ({
          start: Math.max(w.start, (8 + now * 3) * H),
          end: w.end,
        }))
        const crew = crewTimes(workers)
        expect(capacities(crew, need, windows, fixedTravel)).toEqual(
          windows.map((w) => placements(crew, need, w, fixedTravel).length),
        )
      }),
    )
  })

  it('should place against a crew with jobs added one by one as against the crew read with them', () => {
    const job = fc.tuple(fc.integer({ min: 0, max: 2 }), hoursJob(6, 19))
    // Travel that depends on the places (a minute per 0.001° of latitude), and two shifts a day.
    const byPlace = (a: { lat: number }, b: { lat: number }) =>
      Math.round(Math.abs(a.lat - b.lat) * 1000) * 60_000
    const shifts = [
      { start: 7 * H, end: 12 * H },
      { start: 13 * H, end: 20 * H },
    ]
    fc.assert(
      fc.property(
        fc.array(job, { maxLength: 8 }),
        fc.integer({ min: 7, max: 17 }),
        (jobs, from) => {
          const ids = ['a', 'b', 'c']
          const added = jobs.map(([w, j]) => ({
            workerId: ids[w]!,
            start: j.start * H,
            end: (j.start + j.length) * H,
            location: { lat: here.lat + ((w + j.start) % 4) / 100, lng: here.lng },
          }))
          const kept = crewTimes(ids.map((id) => worker({ id, shifts })))
          for (const { workerId, ...j } of added) addJob(kept, workerId, j)
          // Read at once, each worker's jobs in the order they came (not by start).
          const read = crewTimes(
            ids.map((id) =>
              worker({
                id,
                shifts,
                jobs: added.filter((j) => j.workerId === id).map(({ workerId: _, ...j }) => j),
              }),
            ),
          )
          const window = { start: from * H, end: (from + 2) * H }
          expect(placements(kept, need, window, byPlace)).toEqual(
            placements(read, need, window, byPlace),
          )
          expect(kept.jobAt).toEqual(read.jobAt)
          const held = (crew: typeof kept) => crew.jobs.subarray(0, 4 * crew.jobAt[ids.length]!)
          expect(held(kept)).toEqual(held(read))
        },
      ),
    )
  })

  it('should leave the crew as it was when the job is for a worker not in it', () => {
    const crew = crewTimes([worker()])
    addJob(crew, 'nobody', { start: 9 * H, end: 10 * H, location: here })
    expect(crew.jobAt).toEqual(crewTimes([worker()]).jobAt)
  })

  it("should bound a local day by the zone's midnights, 23 hours long on the day clocks go forward", () => {
    expect(new Date(localDayStart('2026-12-01', 'Asia/Shanghai')).toISOString()).toBe(
      '2026-11-30T16:00:00.000Z',
    )
    expect(new Date(localDayEnd('2026-12-01', 'Asia/Shanghai')).toISOString()).toBe(
      '2026-12-01T16:00:00.000Z',
    )
    const newYork = (date: string) =>
      localDayEnd(date, 'America/New_York') - localDayStart(date, 'America/New_York')
    expect(newYork('2026-03-08')).toBe(23 * H)
    expect(newYork('2026-11-01')).toBe(25 * H)
  })

  it('should make windows in the tenant time zone, also across a daylight-saving change', () => {
    const [first] = dayWindows('2026-12-01', 'Asia/Shanghai', DEFAULT_WINDOW_HOURS)
    expect(new Date(first!.start).toISOString()).toBe('2026-12-01T00:00:00.000Z')
    // New York moves its clocks on 2026-03-08: 08:00 local is then 12:00 UTC, the day before 13:00 UTC.
    expect(
      new Date(dayWindows('2026-03-07', 'America/New_York', [[8, 10]])[0]!.start).toISOString(),
    ).toBe('2026-03-07T13:00:00.000Z')
    expect(
      new Date(dayWindows('2026-03-08', 'America/New_York', [[8, 10]])[0]!.start).toISOString(),
    ).toBe('2026-03-08T12:00:00.000Z')
  })
})
