// Small instance builders for tests (doorstep JSON, so tests also go through validation).
import type { DoorstepProblem } from '../formats/doorstep.ts'

export interface TinySpec {
  readonly points: readonly (readonly [number, number])[]
  readonly jobs: readonly {
    readonly window: readonly [number, number]
    readonly service: number
    readonly demand: number
    readonly skill: number
    readonly pinned?: boolean
  }[]
  readonly workers: number
  readonly capacity: number
  readonly shiftEnd: number
  readonly withBreak?: boolean
}

/** Location 0 is the depot; job k is at location k + 1. Euclidean, rounded to whole units. */
export function tinyProblem(spec: TinySpec): DoorstepProblem {
  const pts: (readonly [number, number])[] = [[50, 50], ...spec.points.slice(0, spec.jobs.length)]
  const durations = pts.map(([x1, y1]) =>
    pts.map(([x2, y2]) => Math.round(Math.hypot(x1 - x2, y1 - y2))),
  )
  return {
    skills: ['a', 'b'],
    matrix: { durations },
    jobs: spec.jobs.map((j, k) => ({
      id: `j${k}`,
      location: k + 1,
      service: j.service,
      timeWindows: [[j.window[0], j.window[0] + j.window[1]]],
      demand: [j.demand],
      skills: j.skill === 0 ? [] : j.skill === 1 ? ['a'] : ['b'],
      ...(j.pinned ? { pinnedWorker: 'w0' } : {}),
    })),
    workers: Array.from({ length: spec.workers }, (_, w) => ({
      id: `w${w}`,
      start: 0,
      end: 0,
      shift: [0, spec.shiftEnd] as [number, number],
      skills: w % 2 === 0 ? ['a', 'b'] : ['a'],
      capacity: [spec.capacity],
      ...(spec.withBreak
        ? { breaks: [{ id: `b${w}`, windows: [[100, 200] as [number, number]], duration: 15 }] }
        : {}),
    })),
  }
}

/**
 * A Solomon R1-like instance (seeded): `n` customers uniform in a 100 × 100 square, 10-unit service,
 * demands 5–30 for capacity 200, windows of 10–40 around a reachable time, exact Euclidean times.
 */
export function solomonLike(n: number, seed: number): DoorstepProblem {
  let s = seed >>> 0
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
  const pts: [number, number][] = [[50, 50]]
  for (let k = 0; k < n; k++) pts.push([rand() * 100, rand() * 100])
  const durations = pts.map(([x1, y1]) => pts.map(([x2, y2]) => Math.hypot(x1 - x2, y1 - y2)))
  const horizon = 230
  return {
    skills: [],
    matrix: { durations },
    jobs: pts.slice(1).map(([x, y], k) => {
      const d = Math.hypot(x - 50, y - 50)
      const centre = d + rand() * (horizon - 2 * d - 10)
      const half = 5 + rand() * 15
      return {
        id: `c${k + 1}`,
        location: k + 1,
        service: 10,
        demand: [5 + Math.floor(rand() * 26)],
        timeWindows: [[Math.max(0, centre - half), Math.min(horizon - d - 10, centre + half)]],
      }
    }),
    workers: Array.from({ length: n }, (_, w) => ({
      id: `w${w}`,
      start: 0,
      end: 0,
      shift: [0, horizon] as [number, number],
      capacity: [200],
    })),
  }
}
