// VROOM's problem JSON (jobs, vehicles, skills, time_windows, service, breaks, priority, matrices), so the
// same file can be given to both solvers. Shipments and pickups are not supported and are rejected.
import { z } from 'zod'
import type { Problem, Task, TimeWindow, Vehicle } from '../model.ts'
import type { LatLon } from '../travel/haversine.ts'
import { haversineMatrices } from '../travel/haversine.ts'
import { FormatError } from './solomon.ts'

const id = z.union([z.number(), z.string()])
const nn = z.number().min(0, { error: 'must not be negative' })
const window = z
  .tuple([nn, nn])
  .refine(([a, b]) => b >= a, { error: 'time window ends before it starts' })
const coord = z.tuple([z.number(), z.number()])
const matrix = z.array(z.array(nn))

const jobSchema = z
  .object({
    id,
    location_index: z.number().int().min(0).optional(),
    location: coord.optional(),
    setup: nn.default(0),
    service: nn.default(0),
    delivery: z.array(nn).optional(),
    amount: z.array(nn).optional(),
    pickup: z.array(nn).optional(),
    skills: z.array(z.number().int()).default([]),
    priority: z.number().int().min(0).max(100).default(0),
    time_windows: z.array(window).optional(),
  })
  .loose()

const vehicleSchema = z
  .object({
    id,
    start_index: z.number().int().min(0).optional(),
    start: coord.optional(),
    end_index: z.number().int().min(0).optional(),
    end: coord.optional(),
    capacity: z.array(nn).optional(),
    skills: z.array(z.number().int()).default([]),
    time_window: window.optional(),
    breaks: z
      .array(z.object({ id, time_windows: z.array(window).min(1), service: nn.default(0) }).loose())
      .default([]),
    max_tasks: z.number().int().min(0).optional(),
    max_travel_time: nn.optional(),
  })
  .loose()

export const vroomProblemSchema = z
  .object({
    jobs: z.array(jobSchema).default([]),
    shipments: z.array(z.unknown()).max(0, { error: 'shipments are not supported' }).optional(),
    vehicles: z.array(vehicleSchema).min(1),
    matrix: matrix.optional(),
    matrices: z
      .record(
        z.string(),
        z.object({
          durations: matrix.optional(),
          distances: matrix.optional(),
          costs: matrix.optional(),
        }),
      )
      .optional(),
  })
  .loose()

export function isVroomProblem(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'vehicles' in json && !('workers' in json)
}

export function parseVroomProblem(json: unknown): Problem {
  const parsed = vroomProblemSchema.safeParse(json)
  if (!parsed.success)
    throw new FormatError(
      'invalid VROOM problem',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    )
  const p = parsed.data
  const issues: string[] = []
  // Locations: indices into a given matrix, or coordinates (numbered in order of appearance).
  const coords: LatLon[] = []
  const coordIndex = new Map<string, number>()
  const locOf = (index: number | undefined, c: readonly [number, number] | undefined): number => {
    if (index !== undefined) return index
    if (!c) return -1
    const key = `${c[0]},${c[1]}`
    let k = coordIndex.get(key)
    if (k === undefined) {
      k = coords.length
      coords.push({ lon: c[0], lat: c[1] })
      coordIndex.set(key, k)
    }
    return k
  }
  const given = p.matrices
    ? Object.values(p.matrices)[0]
    : p.matrix
      ? { durations: p.matrix }
      : undefined
  const jobs = p.jobs
  jobs.forEach((j, k) => {
    if ((j.pickup ?? []).some((q) => q > 0))
      issues.push(`jobs.${k}.pickup: pickups are not supported`)
    if (given && j.location_index === undefined)
      issues.push(`jobs.${k}.location_index: required with a matrix`)
    if (!given && !j.location)
      issues.push(`jobs.${k}.location: coordinates required without a matrix`)
  })
  const skillSet = new Set<number>()
  for (const j of jobs) for (const s of j.skills) skillSet.add(s)
  for (const v of p.vehicles) for (const s of v.skills) skillSet.add(s)
  const skillNames = [...skillSet].sort((a, b) => a - b)
  const skillIndex = new Map(skillNames.map((s, i) => [s, i]))
  const dims = Math.max(
    0,
    ...jobs.map((j) => (j.delivery ?? j.amount ?? []).length),
    ...p.vehicles.map((v) => v.capacity?.length ?? 0),
  )
  const tasks: Task[] = jobs.map((j) => ({
    kind: 'job',
    id: j.id,
    location: locOf(j.location_index, j.location),
    service: j.setup + j.service,
    windows: (j.time_windows ?? [[0, Number.MAX_SAFE_INTEGER]])
      .map(([a, b]) => [a, b] as TimeWindow)
      .sort((x, y) => x[0] - y[0]),
    demand: j.delivery ?? j.amount ?? [],
    skills: j.skills.map((s) => skillIndex.get(s) ?? 0),
    priority: j.priority,
    vehicle: -1,
    pinned: false,
  }))
  const jobCount = tasks.length
  const vehicles: Vehicle[] = p.vehicles.map((v, i) => {
    const breaks = v.breaks.map((b) => {
      tasks.push({
        kind: 'break',
        id: b.id,
        location: -1,
        service: b.service,
        windows: b.time_windows.map(([a, c]) => [a, c] as TimeWindow).sort((x, y) => x[0] - y[0]),
        demand: [],
        skills: [],
        priority: 0,
        vehicle: i,
        pinned: false,
      })
      return tasks.length - 1
    })
    return {
      id: v.id,
      start: locOf(v.start_index, v.start),
      end: locOf(v.end_index, v.end),
      shift: v.time_window ? [v.time_window[0], v.time_window[1]] : [0, Number.MAX_SAFE_INTEGER],
      capacity: v.capacity ?? [],
      skills: v.skills.map((s) => skillIndex.get(s) ?? 0),
      breaks,
      maxJobs: v.max_tasks ?? Number.POSITIVE_INFINITY,
      maxWorkTime: Number.POSITIVE_INFINITY,
      maxTravelTime: v.max_travel_time ?? Number.POSITIVE_INFINITY,
    }
  })
  let size: number
  let durations: Float64Array
  let distances: Float64Array
  let costs: Float64Array
  if (given) {
    const rows = given.durations ?? given.costs
    if (!rows) throw new FormatError('invalid VROOM problem', ['matrices: durations are required'])
    size = rows.length
    const flat = (m: number[][] | undefined, name: string) => {
      if (!m) return undefined
      const out = new Float64Array(size * size)
      if (m.length !== size) issues.push(`matrices.${name}: ${m.length} rows, expected ${size}`)
      m.forEach((row, a) => {
        if (row.length !== size)
          issues.push(`matrices.${name}.${a}: ${row.length} entries, expected ${size}`)
        row.forEach((x, b) => {
          if (b < size) out[a * size + b] = x
        })
      })
      return out
    }
    durations = flat(rows, 'durations') ?? new Float64Array(0)
    distances = flat(given.distances, 'distances') ?? durations
    costs = flat(given.costs, 'costs') ?? durations
    const maxLoc = Math.max(
      -1,
      ...tasks.map((t) => t.location),
      ...vehicles.flatMap((v) => [v.start, v.end]),
    )
    if (maxLoc >= size)
      issues.push(`matrices: location index ${maxLoc} has no row (matrix has ${size} rows)`)
  } else {
    size = coords.length
    const m = haversineMatrices(coords)
    durations = m.durations
    distances = m.distances
    costs = m.durations
  }
  if (issues.length > 0) throw new FormatError('invalid VROOM problem', issues)
  return {
    tasks,
    jobCount,
    vehicles,
    size,
    durations,
    distances,
    costs,
    skillNames: skillNames.map(String),
    dims,
  }
}
