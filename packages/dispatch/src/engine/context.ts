// Flat, typed-array view of a Problem for the inner loop: no object lookups, no Maps.
import type { Problem, TimeWindow } from '../model.ts'
import { canServe } from '../model.ts'

export type Objective = 'distance' | 'vehicles'

export interface Context {
  readonly problem: Problem
  readonly taskCount: number
  readonly jobCount: number
  readonly vehicleCount: number
  readonly dims: number
  readonly size: number
  readonly dur: Float64Array
  readonly cost: Float64Array
  readonly loc: Int32Array
  readonly svc: Float64Array
  readonly isBreak: Uint8Array
  readonly pinned: Uint8Array
  /** First window start / last window end / whether the task has several windows. */
  readonly wStart: Float64Array
  readonly wEnd: Float64Array
  readonly multi: Uint8Array
  readonly windows: readonly (readonly TimeWindow[])[]
  readonly demand: Float64Array
  /** jobCount × vehicleCount: 1 when the vehicle may serve the job. */
  readonly compat: Uint8Array
  readonly vStart: Int32Array
  readonly vEnd: Int32Array
  readonly shiftStart: Float64Array
  readonly shiftEnd: Float64Array
  readonly capacity: Float64Array
  readonly maxJobs: Float64Array
  readonly maxWork: Float64Array
  readonly maxTravel: Float64Array
  /** Vehicles with identical attributes share a type; only one empty vehicle per type is tried. */
  readonly vehicleType: Int32Array
  readonly typeCount: number
  /** Cost of leaving a job unassigned: larger than any possible travel cost, scaled by priority. */
  readonly penalty: Float64Array
  /** Weight of the squared working time in the objective (0 = off). */
  readonly balance: number
  /** Jobs sorted by cost from each job (nearest first), for SISR's adjacency. */
  readonly neighbours: readonly Int32Array[]
  /** Cost from the first vehicle's start to each job (recreate orderings). */
  readonly depotDist: Float64Array
}

export interface ContextOptions {
  readonly balance?: number
  /** Build SISR's neighbour lists (O(n² log n)); the matcher does not need them. */
  readonly neighbours?: boolean
}

export function createContext(problem: Problem, options: ContextOptions = {}): Context {
  const T = problem.tasks.length
  const J = problem.jobCount
  const V = problem.vehicles.length
  const dims = problem.dims
  const size = problem.size
  const loc = new Int32Array(T)
  const svc = new Float64Array(T)
  const isBreak = new Uint8Array(T)
  const pinned = new Uint8Array(T)
  const wStart = new Float64Array(T)
  const wEnd = new Float64Array(T)
  const multi = new Uint8Array(T)
  const demand = new Float64Array(T * dims)
  const windows: (readonly TimeWindow[])[] = []
  problem.tasks.forEach((task, t) => {
    loc[t] = task.location
    svc[t] = task.service
    isBreak[t] = task.kind === 'break' ? 1 : 0
    pinned[t] = task.pinned ? 1 : 0
    const first = task.windows[0]
    const last = task.windows[task.windows.length - 1]
    wStart[t] = first ? first[0] : Number.POSITIVE_INFINITY
    wEnd[t] = last ? last[1] : Number.NEGATIVE_INFINITY
    multi[t] = task.windows.length > 1 ? 1 : 0
    windows.push(task.windows)
    for (let d = 0; d < dims; d++) demand[t * dims + d] = task.demand[d] ?? 0
  })
  const compat = new Uint8Array(J * V)
  for (let j = 0; j < J; j++)
    for (let v = 0; v < V; v++) compat[j * V + v] = canServe(problem, j, v) ? 1 : 0

  const vStart = new Int32Array(V)
  const vEnd = new Int32Array(V)
  const shiftStart = new Float64Array(V)
  const shiftEnd = new Float64Array(V)
  const capacity = new Float64Array(V * dims)
  const maxJobs = new Float64Array(V)
  const maxWork = new Float64Array(V)
  const maxTravel = new Float64Array(V)
  const vehicleType = new Int32Array(V)
  const types = new Map<string, number>()
  problem.vehicles.forEach((veh, v) => {
    vStart[v] = veh.start
    vEnd[v] = veh.end
    shiftStart[v] = veh.shift[0]
    shiftEnd[v] = veh.shift[1]
    for (let d = 0; d < dims; d++)
      capacity[v * dims + d] = veh.capacity[d] ?? Number.POSITIVE_INFINITY
    maxJobs[v] = veh.maxJobs
    maxWork[v] = veh.maxWorkTime
    maxTravel[v] = veh.maxTravelTime
    const breakKey = veh.breaks
      .map((b) => {
        const task = problem.tasks[b]
        return task ? `${task.service}@${JSON.stringify(task.windows)}` : ''
      })
      .join(';')
    // Pinned jobs make a vehicle unique.
    const pinnedHere = problem.tasks.some((task, t) => t < J && task.vehicle === v)
    const key = pinnedHere
      ? `v${v}`
      : JSON.stringify([
          veh.start,
          veh.end,
          veh.shift,
          veh.capacity,
          veh.skills,
          veh.maxJobs,
          veh.maxWorkTime,
          veh.maxTravelTime,
          breakKey,
        ])
    let type = types.get(key)
    if (type === undefined) {
      type = types.size
      types.set(key, type)
    }
    vehicleType[v] = type
  })

  let maxCost = 0
  for (const c of problem.costs) if (c > maxCost) maxCost = c
  const big = (maxCost + 1) * (J + 2 * V + 2) * 2
  const penalty = new Float64Array(J)
  for (let j = 0; j < J; j++) penalty[j] = big * (1 + (problem.tasks[j]?.priority ?? 0))

  const neighbours: Int32Array[] = []
  const keep = J > 1500 ? 300 : J
  for (let j = 0; j < (options.neighbours === false ? 0 : J); j++) {
    const lj = loc[j] ?? 0
    const order = Array.from({ length: J }, (_, k) => k)
    const d = (k: number) => (k === j ? -1 : (problem.costs[lj * size + (loc[k] ?? 0)] ?? 0))
    order.sort((a, b) => d(a) - d(b) || a - b)
    neighbours.push(Int32Array.from(order.slice(0, keep)))
  }
  const depot = problem.vehicles[0]?.start ?? -1
  const depotDist = new Float64Array(J)
  for (let j = 0; j < J; j++)
    depotDist[j] = depot < 0 ? 0 : (problem.costs[depot * size + (loc[j] ?? 0)] ?? 0)

  return {
    problem,
    taskCount: T,
    jobCount: J,
    vehicleCount: V,
    dims,
    size,
    dur: problem.durations,
    cost: problem.costs,
    loc,
    svc,
    isBreak,
    pinned,
    wStart,
    wEnd,
    multi,
    windows,
    demand,
    compat,
    vStart,
    vEnd,
    shiftStart,
    shiftEnd,
    capacity,
    maxJobs,
    maxWork,
    maxTravel,
    vehicleType,
    typeCount: types.size,
    penalty,
    balance: options.balance ?? 0,
    neighbours,
    depotDist,
  }
}
