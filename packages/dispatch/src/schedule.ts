// Timing of a route for output: each step's arrival, service start and end, waiting, cumulative travel.
// The worker leaves as late as possible for the first step (no waiting before the first job).
import type { Problem, Route } from './model.ts'
import { earliestStart, travel } from './model.ts'

export interface ScheduledStep {
  readonly type: 'start' | 'job' | 'break' | 'end'
  /** Task index for job / break steps. */
  readonly task: number
  readonly location: number
  readonly arrival: number
  readonly start: number
  readonly end: number
  readonly waiting: number
  /** Cumulative travel time and distance on arrival. */
  readonly duration: number
  readonly distance: number
  readonly load: readonly number[]
}

export interface RouteSchedule {
  readonly vehicle: number
  readonly steps: readonly ScheduledStep[]
  readonly cost: number
  readonly duration: number
  readonly distance: number
  readonly service: number
  readonly waiting: number
  readonly delivery: readonly number[]
  readonly priority: number
}

export function scheduleRoute(problem: Problem, route: Route): RouteSchedule {
  const veh = problem.vehicles[route.vehicle]
  if (!veh) throw new Error(`unknown vehicle index ${route.vehicle}`)
  const { size, durations, distances, costs } = problem
  const delivery = new Array<number>(problem.dims).fill(0)
  for (const t of route.tasks) {
    const task = problem.tasks[t]
    if (task?.kind === 'job') task.demand.forEach((q, k) => (delivery[k] = (delivery[k] ?? 0) + q))
  }
  // Leave late enough to start the first step without waiting.
  let prev = veh.start
  let departure = veh.shift[0]
  const first = problem.tasks[route.tasks[0] ?? -1]
  if (first) {
    const loc = first.location < 0 ? prev : first.location
    const leg = travel(durations, size, prev, loc)
    const s = earliestStart(first.windows, veh.shift[0] + leg)
    if (!Number.isNaN(s)) departure = Math.max(veh.shift[0], s - leg)
  }
  const load = delivery.slice()
  const steps: ScheduledStep[] = [
    {
      type: 'start',
      task: -1,
      location: veh.start,
      arrival: departure,
      start: departure,
      end: departure,
      waiting: 0,
      duration: 0,
      distance: 0,
      load: load.slice(),
    },
  ]
  let time = departure
  let dur = 0
  let dist = 0
  let cost = 0
  let service = 0
  let waiting = 0
  let priority = 0
  for (const t of route.tasks) {
    const task = problem.tasks[t]
    if (!task) throw new Error(`unknown task index ${t}`)
    const loc = task.location < 0 ? prev : task.location
    dur += travel(durations, size, prev, loc)
    dist += travel(distances, size, prev, loc)
    cost += travel(costs, size, prev, loc)
    const arrival = time + travel(durations, size, prev, loc)
    let start = earliestStart(task.windows, arrival)
    if (Number.isNaN(start)) start = arrival
    const end = start + task.service
    if (task.kind === 'job') {
      task.demand.forEach((q, k) => (load[k] = (load[k] ?? 0) - q))
      priority += task.priority
    }
    service += task.service
    waiting += start - arrival
    steps.push({
      type: task.kind,
      task: t,
      location: loc,
      arrival,
      start,
      end,
      waiting: start - arrival,
      duration: dur,
      distance: dist,
      load: load.slice(),
    })
    time = end
    prev = loc
  }
  const endLoc = veh.end < 0 ? prev : veh.end
  dur += travel(durations, size, prev, endLoc)
  dist += travel(distances, size, prev, endLoc)
  cost += travel(costs, size, prev, endLoc)
  const arrival = time + travel(durations, size, prev, endLoc)
  steps.push({
    type: 'end',
    task: -1,
    location: veh.end,
    arrival,
    start: arrival,
    end: arrival,
    waiting: 0,
    duration: dur,
    distance: dist,
    load: load.slice(),
  })
  return {
    vehicle: route.vehicle,
    steps,
    cost,
    duration: dur,
    distance: dist,
    service,
    waiting,
    delivery,
    priority,
  }
}
