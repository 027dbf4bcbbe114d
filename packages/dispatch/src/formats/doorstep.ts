// The engine's own problem JSON, validated with zod; errors name the field that is wrong.
import { z } from 'zod'
import type { Problem, Task, TimeWindow, Vehicle } from '../model.ts'
import { haversineMatrices } from '../travel/haversine.ts'
import { FormatError } from './solomon.ts'

const id = z.union([z.string().min(1), z.number()])
const nonNegative = (what: string) =>
  z.number({ error: `${what} must be a number` }).min(0, { error: `${what} must not be negative` })
const window = z
  .tuple([nonNegative('window start'), nonNegative('window end')])
  .refine(([a, b]) => b >= a, { error: 'time window ends before it starts' })

const matrixRows = (what: string) => z.array(z.array(nonNegative(what)))

export const doorstepProblemSchema = z.object({
  /** Skill catalog: every skill named by a job or a worker must be declared here. */
  skills: z.array(z.string().min(1)).default([]),
  /** Either a matrix (seconds / meters) or coordinates with the haversine travel model. */
  matrix: z
    .object({
      durations: matrixRows('travel duration'),
      distances: matrixRows('distance').optional(),
      costs: matrixRows('cost').optional(),
    })
    .optional(),
  locations: z
    .array(z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }))
    .optional(),
  travel: z
    .object({
      roadFactor: z.number().min(1).default(1.3),
      speedKmh: z.number().positive().default(25),
    })
    .optional(),
  jobs: z.array(
    z.object({
      id,
      location: z.number().int().min(0),
      service: nonNegative('service duration').default(0),
      timeWindows: z.array(window).optional(),
      skills: z.array(z.string()).default([]),
      priority: z.number().int().min(0).max(100).default(0),
      demand: z.array(nonNegative('demand')).optional(),
      pinnedWorker: id.optional(),
      /** An accepted appointment: service starts exactly then. */
      fixedStart: nonNegative('fixed start').optional(),
      preferredWorkers: z.array(id).optional(),
    }),
  ),
  workers: z
    .array(
      z.object({
        id,
        start: z.number().int().min(0).optional(),
        end: z.number().int().min(0).optional(),
        shift: window,
        skills: z.array(z.string()).default([]),
        breaks: z
          .array(
            z.object({
              id,
              windows: z.array(window).min(1),
              duration: nonNegative('break duration'),
            }),
          )
          .default([]),
        maxJobs: z.number().int().min(0).optional(),
        maxWorkingTime: nonNegative('maximum working time').optional(),
        maxTravelTime: nonNegative('maximum travel time').optional(),
        capacity: z.array(nonNegative('capacity')).optional(),
        rating: z.number().min(0).max(5).optional(),
      }),
    )
    .min(1, { error: 'at least one worker is needed' }),
})

export type DoorstepProblem = z.input<typeof doorstepProblemSchema>

function sortedWindows(ws: readonly (readonly [number, number])[]): TimeWindow[] {
  return ws.map(([a, b]) => [a, b] as const).sort((x, y) => x[0] - y[0])
}

export function parseDoorstep(json: unknown): Problem {
  const parsed = doorstepProblemSchema.safeParse(json)
  if (!parsed.success)
    throw new FormatError(
      'invalid doorstep problem',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    )
  const p = parsed.data
  const issues: string[] = []
  const skillIndex = new Map(p.skills.map((s, i) => [s, i]))
  const skillsOf = (names: readonly string[], path: string) =>
    names.flatMap((s, k) => {
      const i = skillIndex.get(s)
      if (i === undefined) {
        issues.push(`${path}.${k}: unknown skill "${s}" (not in skills)`)
        return []
      }
      return [i]
    })
  // Matrices.
  let size: number
  let durations: Float64Array
  let distances: Float64Array
  let costs: Float64Array
  if (p.matrix) {
    size = p.matrix.durations.length
    const flat = (rows: number[][] | undefined, name: string): Float64Array | undefined => {
      if (!rows) return undefined
      if (rows.length !== size)
        issues.push(`matrix.${name}: has ${rows.length} rows, expected ${size} (as durations)`)
      const out = new Float64Array(size * size)
      rows.forEach((row, i) => {
        if (row.length !== size)
          issues.push(`matrix.${name}.${i}: row has ${row.length} entries, expected ${size}`)
        row.forEach((x, j) => {
          if (j < size) out[i * size + j] = x
        })
      })
      return out
    }
    durations = flat(p.matrix.durations, 'durations') ?? new Float64Array(0)
    distances = flat(p.matrix.distances, 'distances') ?? durations
    costs = flat(p.matrix.costs, 'costs') ?? durations
  } else if (p.locations) {
    size = p.locations.length
    const m = haversineMatrices(p.locations, {
      roadFactor: p.travel?.roadFactor ?? 1.3,
      speedKmh: p.travel?.speedKmh ?? 25,
    })
    durations = m.durations
    distances = m.distances
    costs = m.durations
  } else {
    throw new FormatError('invalid doorstep problem', [
      'matrix: either matrix or locations is required',
    ])
  }
  const checkLoc = (loc: number | undefined, path: string) => {
    if (loc !== undefined && loc >= size)
      issues.push(`${path}: location ${loc} has no matrix row (matrix has ${size} rows)`)
  }
  const workerIndex = new Map<string, number>()
  p.workers.forEach((w, i) => {
    if (workerIndex.has(String(w.id))) issues.push(`workers.${i}.id: duplicate worker id ${w.id}`)
    workerIndex.set(String(w.id), i)
  })
  const dims = Math.max(
    0,
    ...p.jobs.map((j) => j.demand?.length ?? 0),
    ...p.workers.map((w) => w.capacity?.length ?? 0),
  )
  const jobIds = new Set<string>()
  const tasks: Task[] = p.jobs.map((j, k) => {
    if (jobIds.has(String(j.id))) issues.push(`jobs.${k}.id: duplicate job id ${j.id}`)
    jobIds.add(String(j.id))
    checkLoc(j.location, `jobs.${k}.location`)
    let vehicle = -1
    if (j.pinnedWorker !== undefined) {
      vehicle = workerIndex.get(String(j.pinnedWorker)) ?? -1
      if (vehicle < 0) issues.push(`jobs.${k}.pinnedWorker: unknown worker ${j.pinnedWorker}`)
    }
    let windows = sortedWindows(j.timeWindows ?? [[0, Number.MAX_SAFE_INTEGER]])
    if (j.fixedStart !== undefined) {
      const t = j.fixedStart
      if (!windows.some(([a, b]) => a <= t && t <= b))
        issues.push(`jobs.${k}.fixedStart: ${t} is outside the job's time windows`)
      windows = [[t, t]]
    }
    return {
      kind: 'job',
      id: j.id,
      location: j.location,
      service: j.service,
      windows,
      demand: j.demand ?? [],
      skills: skillsOf(j.skills, `jobs.${k}.skills`),
      priority: j.priority,
      vehicle,
      pinned: j.pinnedWorker !== undefined,
      ...(j.preferredWorkers ? { preferredWorkers: j.preferredWorkers } : {}),
    }
  })
  const jobCount = tasks.length
  const vehicles: Vehicle[] = p.workers.map((w, i) => {
    checkLoc(w.start, `workers.${i}.start`)
    checkLoc(w.end, `workers.${i}.end`)
    const breaks = w.breaks.map((b) => {
      tasks.push({
        kind: 'break',
        id: b.id,
        location: -1,
        service: b.duration,
        windows: sortedWindows(b.windows),
        demand: [],
        skills: [],
        priority: 0,
        vehicle: i,
        pinned: false,
      })
      return tasks.length - 1
    })
    breaks.sort((a, b) => (tasks[a]?.windows[0]?.[0] ?? 0) - (tasks[b]?.windows[0]?.[0] ?? 0))
    return {
      id: w.id,
      start: w.start ?? -1,
      end: w.end ?? -1,
      shift: [w.shift[0], w.shift[1]],
      capacity: w.capacity ?? [],
      skills: skillsOf(w.skills, `workers.${i}.skills`),
      breaks,
      maxJobs: w.maxJobs ?? Number.POSITIVE_INFINITY,
      maxWorkTime: w.maxWorkingTime ?? Number.POSITIVE_INFINITY,
      maxTravelTime: w.maxTravelTime ?? Number.POSITIVE_INFINITY,
      ...(w.rating !== undefined ? { rating: w.rating } : {}),
    }
  })
  if (issues.length > 0) throw new FormatError('invalid doorstep problem', issues)
  return {
    tasks,
    jobCount,
    vehicles,
    size,
    durations,
    distances,
    costs,
    skillNames: p.skills,
    dims,
  }
}
