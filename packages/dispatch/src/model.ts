// The engine's internal, normalized model. Every input format (doorstep JSON, VROOM JSON, Solomon text)
// is converted to a `Problem`; the solver, the verifier and the matcher only ever see this shape.

/** A closed interval [start, end] in the problem's time unit (seconds for real data). */
export type TimeWindow = readonly [number, number]

export type TaskKind = 'job' | 'break'

/** A job or a worker's break. Breaks belong to one vehicle and have no location of their own. */
export interface Task {
  readonly kind: TaskKind
  /** External id: the customer number for Solomon, the id given in JSON otherwise. */
  readonly id: number | string
  /** Location index into the matrices; -1 for a break (taken where the worker is). */
  readonly location: number
  readonly service: number
  /** Sorted, non-overlapping. */
  readonly windows: readonly TimeWindow[]
  /** One amount per capacity dimension (delivered from the start depot). */
  readonly demand: readonly number[]
  /** Skill indices required. */
  readonly skills: readonly number[]
  /** 0..100, higher is more important to assign. */
  readonly priority: number
  /** Vehicle index this task must go to (breaks: their owner; pinned jobs: the pinned worker), or -1. */
  readonly vehicle: number
  /** A pinned job is never moved by the optimizer once placed. */
  readonly pinned: boolean
  /** Worker ids the customer prefers (used by the matcher's score). */
  readonly preferredWorkers?: readonly (number | string)[]
}

export interface Vehicle {
  readonly id: number | string
  /** Start / end location index, or -1 when the route starts / ends at its first / last job. */
  readonly start: number
  readonly end: number
  readonly shift: TimeWindow
  readonly capacity: readonly number[]
  readonly skills: readonly number[]
  /** Task indices of this vehicle's breaks. */
  readonly breaks: readonly number[]
  readonly maxJobs: number
  /** Upper bound on (end of route − start of route). */
  readonly maxWorkTime: number
  /** Upper bound on the summed travel time. */
  readonly maxTravelTime: number
  /** 0..5 customer rating, used by the matcher. */
  readonly rating?: number
}

export interface Problem {
  /** Jobs first (indices 0..jobCount-1), then breaks. */
  readonly tasks: readonly Task[]
  readonly jobCount: number
  readonly vehicles: readonly Vehicle[]
  /** Number of locations; matrices are size × size, row-major. */
  readonly size: number
  readonly durations: Float64Array
  readonly distances: Float64Array
  /** What the optimizer minimizes per leg (durations unless the input gave costs). */
  readonly costs: Float64Array
  readonly skillNames: readonly string[]
  readonly dims: number
}

export interface Route {
  /** Vehicle index. */
  readonly vehicle: number
  /** Task indices in visiting order (jobs and breaks), without start and end. */
  readonly tasks: readonly number[]
}

export type UnassignedReason =
  | 'no_skilled_worker'
  | 'pinned_worker_unavailable'
  | 'no_window_reachable'
  | 'capacity_exceeded'
  | 'max_work_time_exceeded'
  | 'no_room_in_plan'

export interface Unassigned {
  readonly job: number
  readonly reason: UnassignedReason
  readonly detail: string
}

export interface Plan {
  readonly routes: readonly Route[]
  readonly unassigned: readonly Unassigned[]
}

export const TOLERANCE = 1e-6

/** Earliest service start at or after `arrival` inside one of `windows`; NaN when none. */
export function earliestStart(windows: readonly TimeWindow[], arrival: number): number {
  for (const [a, b] of windows) {
    if (arrival <= b + TOLERANCE) return arrival > a ? arrival : a
  }
  return Number.NaN
}

/** Latest start ≤ `bound` inside one of `windows`; -Infinity when none. */
export function latestStart(windows: readonly TimeWindow[], bound: number): number {
  for (let i = windows.length - 1; i >= 0; i--) {
    const w = windows[i]
    if (w && w[0] <= bound + TOLERANCE) return bound < w[1] ? bound : w[1]
  }
  return Number.NEGATIVE_INFINITY
}

export function travel(matrix: Float64Array, size: number, from: number, to: number): number {
  if (from < 0 || to < 0) return 0
  return matrix[from * size + to] ?? 0
}

/** Whether vehicle `v` has every skill task `t` needs and is allowed by its pin. */
export function canServe(problem: Problem, t: number, v: number): boolean {
  const task = problem.tasks[t]
  const vehicle = problem.vehicles[v]
  if (!task || !vehicle) return false
  if (task.vehicle >= 0 && task.vehicle !== v) return false
  for (const s of task.skills) if (!vehicle.skills.includes(s)) return false
  return true
}
