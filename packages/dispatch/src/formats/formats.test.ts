import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDoorstep } from './doorstep.ts'
import { FormatError, parseSolomon } from './solomon.ts'
import { parseVroomProblem } from './vroom-problem.ts'

interface Json {
  skills: string[]
  matrix: { durations: number[][] }
  jobs: Record<string, unknown>[]
  workers: Record<string, unknown>[]
}

const base = (): Json => ({
  skills: ['plumbing'],
  matrix: {
    durations: [
      [0, 10, 20],
      [10, 0, 15],
      [20, 15, 0],
    ],
  },
  jobs: [
    { id: 'a', location: 1, service: 30, timeWindows: [[0, 100]], skills: ['plumbing'] },
    { id: 'b', location: 2, service: 30 },
  ],
  workers: [{ id: 'w', start: 0, end: 0, shift: [0, 500], skills: ['plumbing'] }],
})

function issues(json: unknown): string[] {
  try {
    parseDoorstep(json)
  } catch (error) {
    if (error instanceof FormatError) return [...error.issues]
    throw error
  }
  return []
}

describe('doorstep JSON', () => {
  it('should build a problem when the input is valid', () => {
    const p = parseDoorstep(base())
    expect(p.jobCount).toBe(2)
    expect(p.size).toBe(3)
    expect(p.tasks[0]?.skills).toEqual([0])
  })

  it('should name the matrix row when a row is missing', () => {
    const json = base()
    json.matrix.durations.pop()
    const found = issues(json)
    expect(found.some((i) => i.startsWith('matrix.durations'))).toBe(true)
    expect(found.some((i) => i.startsWith('jobs.1.location') && i.includes('no matrix row'))).toBe(
      true,
    )
  })

  it('should reject a negative service duration naming the job', () => {
    const json = base()
    json.jobs[0] = { ...json.jobs[0]!, service: -5 }
    expect(issues(json)).toContain('jobs.0.service: service duration must not be negative')
  })

  it('should reject a window that ends before it starts', () => {
    const json = base()
    json.jobs[0] = { ...json.jobs[0]!, timeWindows: [[100, 50]] }
    expect(issues(json)).toContain('jobs.0.timeWindows.0: time window ends before it starts')
  })

  it('should reject an unknown skill naming where it is used', () => {
    const json = base()
    json.jobs[1] = { ...json.jobs[1]!, skills: ['roofing'] }
    expect(issues(json)).toContain('jobs.1.skills.0: unknown skill "roofing" (not in skills)')
  })

  it('should reject a pin to an unknown worker', () => {
    const json = base()
    json.jobs[1] = { ...json.jobs[1]!, pinnedWorker: 'nobody' }
    expect(issues(json)).toContain('jobs.1.pinnedWorker: unknown worker nobody')
  })
})

describe('VROOM problem JSON', () => {
  it('should read jobs, vehicles, breaks and matrices', () => {
    const p = parseVroomProblem({
      vehicles: [
        {
          id: 7,
          start_index: 0,
          end_index: 0,
          capacity: [4],
          skills: [3],
          time_window: [0, 1000],
          breaks: [{ id: 1, time_windows: [[200, 300]], service: 30 }],
        },
      ],
      jobs: [
        {
          id: 1,
          location_index: 1,
          service: 10,
          delivery: [1],
          skills: [3],
          time_windows: [[0, 50]],
        },
      ],
      matrices: {
        car: {
          durations: [
            [0, 5],
            [5, 0],
          ],
        },
      },
    })
    expect(p.jobCount).toBe(1)
    expect(p.tasks).toHaveLength(2)
    expect(p.vehicles[0]?.breaks).toEqual([1])
  })

  it('should reject shipments', () => {
    expect(() =>
      parseVroomProblem({ vehicles: [{ id: 1 }], jobs: [], shipments: [{}], matrix: [[0]] }),
    ).toThrow(/shipments/)
  })
})

describe('Solomon text', () => {
  const text = `T1

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0       1000          0
    1      3         4          5          0        100         10
    2      6         8          5         20        200         10
`

  it('should use exact Euclidean distances and the depot as shift', () => {
    const p = parseSolomon(text)
    expect(p.jobCount).toBe(2)
    expect(p.vehicles).toHaveLength(2)
    expect(p.durations[0 * 3 + 1]).toBe(5)
    expect(p.durations[1 * 3 + 2]).toBe(5)
    expect(p.vehicles[0]?.shift).toEqual([0, 1000])
    expect(p.tasks[1]?.id).toBe(2)
  })

  const real = new URL('../../../../../shared/bench/vrptw/solomon/RC101.txt', import.meta.url)
  it.skipIf(!existsSync(real))('should read a real instance', () => {
    const p = parseSolomon(readFileSync(real, 'utf8'))
    expect(p.jobCount).toBe(100)
    expect(p.vehicles[0]?.capacity).toEqual([200])
    expect(p.durations[1]).toBeCloseTo(Math.hypot(40 - 25, 50 - 85), 12)
  })
})
