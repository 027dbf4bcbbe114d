// Independent checker: re-simulates every route from the problem alone (it shares no code with the
// optimizer's slack arrays) and lists every broken rule.
import type { Problem } from './model.ts'
import type { ParsedSolution } from './formats/vroom-solution.ts'

export interface VerifyReport {
  readonly ok: boolean
  readonly violations: readonly string[]
  readonly vehicles: number
  readonly assigned: number
  readonly unassigned: number
  readonly distance: number
  readonly duration: number
  readonly cost: number
}

const EPS = 1e-6

export function verify(problem: Problem, solution: ParsedSolution): VerifyReport {
  const violations: string[] = []
  const vehicleIndex = new Map<string, number>()
  problem.vehicles.forEach((v, i) => vehicleIndex.set(String(v.id), i))
  const jobIndex = new Map<string, number>()
  for (let j = 0; j < problem.jobCount; j++) jobIndex.set(String(problem.tasks[j]?.id), j)
  const seen = new Map<number, string>()
  const usedVehicles = new Set<number>()
  const { size } = problem
  const leg = (m: Float64Array, a: number, b: number) =>
    a < 0 || b < 0 ? 0 : (m[a * size + b] ?? 0)
  let distance = 0
  let duration = 0
  let cost = 0
  let vehicles = 0

  for (const route of solution.routes) {
    const v = vehicleIndex.get(String(route.vehicleId))
    const veh = v === undefined ? undefined : problem.vehicles[v]
    if (v === undefined || !veh) {
      violations.push(`route for unknown vehicle ${String(route.vehicleId)}`)
      continue
    }
    const name = `vehicle ${String(veh.id)}`
    if (usedVehicles.has(v)) violations.push(`${name} has more than one route`)
    usedVehicles.add(v)
    const breaksSeen = new Set<number>()
    let jobs = 0
    let time = veh.shift[0]
    let prev = veh.start
    let travelTime = 0
    let firstStart = Number.NaN
    let firstLeg = 0
    const load = new Array<number>(problem.dims).fill(0)
    for (const step of route.steps) {
      if (step.type === 'start' || step.type === 'end') continue
      let t: number | undefined
      if (step.type === 'job') {
        t = jobIndex.get(String(step.id))
        if (t === undefined) {
          violations.push(`${name}: unknown job ${String(step.id)}`)
          continue
        }
        const other = seen.get(t)
        if (other) violations.push(`job ${String(step.id)} served twice (${other} and ${name})`)
        seen.set(t, name)
        jobs++
      } else if (step.type === 'break') {
        t = veh.breaks.find((b) => String(problem.tasks[b]?.id) === String(step.id))
        if (t === undefined) {
          violations.push(`${name}: unknown break ${String(step.id)}`)
          continue
        }
        if (breaksSeen.has(t)) violations.push(`${name}: break ${String(step.id)} taken twice`)
        breaksSeen.add(t)
      } else {
        violations.push(`${name}: unsupported step type ${step.type}`)
        continue
      }
      const task = problem.tasks[t]
      if (!task) continue
      const label = `${task.kind} ${String(task.id)}`
      if (task.kind === 'job') {
        const missing = task.skills.filter((s) => !veh.skills.includes(s))
        if (missing.length > 0)
          violations.push(
            `${label} on ${name}: missing skills ${missing.map((s) => problem.skillNames[s] ?? s).join(', ')}`,
          )
        if (task.vehicle >= 0 && task.vehicle !== v)
          violations.push(
            `${label} is pinned to vehicle ${String(problem.vehicles[task.vehicle]?.id)} but on ${name}`,
          )
        task.demand.forEach((q, k) => (load[k] = (load[k] ?? 0) + q))
      }
      const loc = task.location < 0 ? prev : task.location
      const d = leg(problem.durations, prev, loc)
      travelTime += d
      distance += leg(problem.distances, prev, loc)
      cost += leg(problem.costs, prev, loc)
      const arrival = time + d
      let start = Number.NaN
      for (const [a, b] of task.windows) {
        if (arrival <= b + EPS) {
          start = Math.max(arrival, a)
          break
        }
      }
      if (Number.isNaN(start)) {
        const last = task.windows[task.windows.length - 1]
        violations.push(
          `${label} on ${name}: arrives at ${arrival.toFixed(3)}, after its last window closes (${last?.[1] ?? '?'})`,
        )
        start = arrival
      }
      if (Number.isNaN(firstStart)) {
        firstStart = start
        firstLeg = d
      }
      time = start + task.service
      prev = loc
    }
    const endLoc = veh.end < 0 ? prev : veh.end
    const d = leg(problem.durations, prev, endLoc)
    travelTime += d
    distance += leg(problem.distances, prev, endLoc)
    cost += leg(problem.costs, prev, endLoc)
    time += d
    duration += travelTime
    if (jobs > 0) vehicles++
    if (time > veh.shift[1] + EPS)
      violations.push(`${name}: ends at ${time.toFixed(3)}, after its shift ends (${veh.shift[1]})`)
    load.forEach((q, k) => {
      const cap = veh.capacity[k] ?? Number.POSITIVE_INFINITY
      if (q > cap + EPS) violations.push(`${name}: load ${q} exceeds capacity ${cap}`)
    })
    if (jobs > veh.maxJobs)
      violations.push(`${name}: ${jobs} jobs exceed its maximum ${veh.maxJobs}`)
    if (travelTime > veh.maxTravelTime + EPS)
      violations.push(`${name}: travel time ${travelTime} exceeds its maximum ${veh.maxTravelTime}`)
    if (jobs > 0 && !Number.isNaN(firstStart)) {
      const work = time - (firstStart - firstLeg)
      if (work > veh.maxWorkTime + EPS)
        violations.push(`${name}: working time ${work} exceeds its maximum ${veh.maxWorkTime}`)
    }
    if (jobs > 0)
      for (const b of veh.breaks)
        if (!breaksSeen.has(b))
          violations.push(`${name}: break ${String(problem.tasks[b]?.id)} not taken`)
  }
  const listed = new Set<number>()
  for (const id of solution.unassignedIds) {
    const j = jobIndex.get(String(id))
    if (j === undefined) violations.push(`unassigned list names unknown job ${String(id)}`)
    else if (seen.has(j)) violations.push(`job ${String(id)} is both routed and listed unassigned`)
    else listed.add(j)
  }
  for (let j = 0; j < problem.jobCount; j++)
    if (!seen.has(j) && !listed.has(j))
      violations.push(`job ${String(problem.tasks[j]?.id)} is neither routed nor listed unassigned`)
  if (
    solution.reportedDistance !== undefined &&
    Math.abs(solution.reportedDistance - distance) > 1e-3 * Math.max(1, distance)
  )
    violations.push(
      `summary distance ${solution.reportedDistance} differs from recomputed ${distance.toFixed(4)}`,
    )
  return {
    ok: violations.length === 0,
    violations,
    vehicles,
    assigned: seen.size,
    unassigned: listed.size,
    distance,
    duration,
    cost,
  }
}
