// Solomon / Gehring–Homberger VRPTW text format. Customer 0 is the depot; distances are exact Euclidean
// doubles and travel time equals distance; vehicle capacity applies.
import type { Problem, Task, Vehicle } from '../model.ts'

export class FormatError extends Error {
  readonly issues: readonly string[]
  constructor(message: string, issues: readonly string[] = [message]) {
    super(
      issues.length > 1
        ? `${message}:\n  - ${issues.join('\n  - ')}`
        : issues[0] && issues[0] !== message
          ? `${message}: ${issues[0]}`
          : message,
    )
    this.name = 'FormatError'
    this.issues = issues
  }
}

export interface SolomonInstance {
  readonly name: string
  readonly vehicles: number
  readonly capacity: number
  /** Rows: id, x, y, demand, ready, due, service. Row 0 is the depot. */
  readonly customers: readonly (readonly [number, number, number, number, number, number, number])[]
}

export function parseSolomonText(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim())
  const name = lines.find((l) => l.length > 0) ?? 'instance'
  const vIdx = lines.findIndex((l) => l.toUpperCase().startsWith('VEHICLE'))
  const cIdx = lines.findIndex((l) => l.toUpperCase().startsWith('CUSTOMER'))
  if (vIdx < 0 || cIdx < 0)
    throw new FormatError('not a Solomon file: VEHICLE or CUSTOMER section missing')
  let vehicles = 0
  let capacity = 0
  for (let i = vIdx + 1; i < cIdx; i++) {
    const nums = (lines[i] ?? '').split(/\s+/).filter(Boolean).map(Number)
    if (nums.length >= 2 && nums.every(Number.isFinite)) {
      vehicles = nums[0] ?? 0
      capacity = nums[1] ?? 0
      break
    }
  }
  if (vehicles <= 0) throw new FormatError('Solomon file: vehicle number/capacity line missing')
  const customers: [number, number, number, number, number, number, number][] = []
  for (let i = cIdx + 1; i < lines.length; i++) {
    const parts = (lines[i] ?? '').split(/\s+/).filter(Boolean)
    if (parts.length < 7) continue
    const nums = parts.slice(0, 7).map(Number)
    if (!nums.every(Number.isFinite)) continue
    const [id = 0, x = 0, y = 0, q = 0, e = 0, l = 0, s = 0] = nums
    if (l < e) throw new FormatError(`customer ${id}: due date ${l} is before ready time ${e}`)
    customers.push([id, x, y, q, e, l, s])
  }
  if (customers.length < 2) throw new FormatError('Solomon file: no customers')
  return { name, vehicles, capacity, customers }
}

export function solomonToProblem(inst: SolomonInstance): Problem {
  const n = inst.customers.length
  const durations = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const a = inst.customers[i]
    for (let j = 0; j < n; j++) {
      const b = inst.customers[j]
      if (!a || !b) continue
      durations[i * n + j] = Math.sqrt((a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2)
    }
  }
  const depot = inst.customers[0]
  if (!depot) throw new FormatError('Solomon file: no depot')
  const tasks: Task[] = inst.customers.slice(1).map((c, k) => ({
    kind: 'job',
    id: c[0],
    location: k + 1,
    service: c[6],
    windows: [[c[4], c[5]]],
    demand: [c[3]],
    skills: [],
    priority: 0,
    vehicle: -1,
    pinned: false,
  }))
  const vehicles: Vehicle[] = Array.from({ length: inst.vehicles }, (_, v) => ({
    id: v + 1,
    start: 0,
    end: 0,
    shift: [depot[4], depot[5]],
    capacity: [inst.capacity],
    skills: [],
    breaks: [],
    maxJobs: Number.POSITIVE_INFINITY,
    maxWorkTime: Number.POSITIVE_INFINITY,
    maxTravelTime: Number.POSITIVE_INFINITY,
  }))
  return {
    tasks,
    jobCount: tasks.length,
    vehicles,
    size: n,
    durations,
    distances: durations,
    costs: durations,
    skillNames: [],
    dims: 1,
  }
}

export function parseSolomon(text: string): Problem {
  return solomonToProblem(parseSolomonText(text))
}
