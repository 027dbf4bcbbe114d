// VROOM's solution JSON: written by `solve`, read by `verify` (so VROOM's own output can be checked too).
import { z } from 'zod'
import type { Plan, Problem } from '../model.ts'
import { scheduleRoute } from '../schedule.ts'
import { FormatError } from './solomon.ts'

export interface VroomStep {
  type: 'start' | 'job' | 'break' | 'end'
  id?: number | string
  job?: number | string
  location_index?: number
  arrival: number
  /** Extensions (not in VROOM): service start and end times. */
  start_time?: number
  end_time?: number
  duration: number
  distance: number
  service: number
  waiting_time: number
  setup: number
  load: number[]
}

export interface VroomRoute {
  vehicle: number | string
  cost: number
  delivery: number[]
  amount: number[]
  pickup: number[]
  setup: number
  service: number
  duration: number
  waiting_time: number
  priority: number
  distance: number
  steps: VroomStep[]
  violations: unknown[]
}

export interface VroomSolution {
  code: number
  summary: {
    cost: number
    routes: number
    unassigned: number
    delivery: number[]
    amount: number[]
    pickup: number[]
    setup: number
    service: number
    duration: number
    waiting_time: number
    priority: number
    distance: number
    violations: unknown[]
    computing_times: { loading: number; solving: number; routing: number }
  }
  unassigned: {
    id: number | string
    type: 'job'
    location_index?: number
    reason?: string
    description?: string
  }[]
  routes: VroomRoute[]
}

const round = (x: number) => Math.round(x * 1e6) / 1e6

export function toVroomSolution(problem: Problem, plan: Plan, solvingMs = 0): VroomSolution {
  const routes: VroomRoute[] = []
  const dims = problem.dims
  const totals = { cost: 0, service: 0, duration: 0, waiting: 0, priority: 0, distance: 0 }
  const delivery = new Array<number>(dims).fill(0)
  for (const route of plan.routes) {
    const s = scheduleRoute(problem, route)
    const veh = problem.vehicles[route.vehicle]
    totals.cost += s.cost
    totals.service += s.service
    totals.duration += s.duration
    totals.waiting += s.waiting
    totals.priority += s.priority
    totals.distance += s.distance
    s.delivery.forEach((q, k) => (delivery[k] = (delivery[k] ?? 0) + q))
    routes.push({
      vehicle: veh?.id ?? route.vehicle,
      cost: round(s.cost),
      delivery: s.delivery.slice(),
      amount: s.delivery.slice(),
      pickup: new Array<number>(dims).fill(0),
      setup: 0,
      service: round(s.service),
      duration: round(s.duration),
      waiting_time: round(s.waiting),
      priority: s.priority,
      distance: round(s.distance),
      steps: s.steps.map((step) => {
        const task = problem.tasks[step.task]
        const out: VroomStep = {
          type: step.type,
          arrival: round(step.arrival),
          start_time: round(step.start),
          end_time: round(step.end),
          duration: round(step.duration),
          distance: round(step.distance),
          service: round(step.end - step.start),
          waiting_time: round(step.waiting),
          setup: 0,
          load: step.load.slice(),
        }
        if (task) {
          out.id = task.id
          if (task.kind === 'job') out.job = task.id
        }
        if (step.location >= 0) out.location_index = step.location
        return out
      }),
      violations: [],
    })
  }
  return {
    code: 0,
    summary: {
      cost: round(totals.cost),
      routes: routes.length,
      unassigned: plan.unassigned.length,
      delivery,
      amount: delivery.slice(),
      pickup: new Array<number>(dims).fill(0),
      setup: 0,
      service: round(totals.service),
      duration: round(totals.duration),
      waiting_time: round(totals.waiting),
      priority: totals.priority,
      distance: round(totals.distance),
      violations: [],
      computing_times: { loading: 0, solving: Math.round(solvingMs), routing: 0 },
    },
    unassigned: plan.unassigned.map((u) => {
      const task = problem.tasks[u.job]
      return {
        id: task?.id ?? u.job,
        type: 'job' as const,
        ...(task && task.location >= 0 ? { location_index: task.location } : {}),
        reason: u.reason,
        description: u.detail,
      }
    }),
    routes,
  }
}

const idSchema = z.union([z.number(), z.string()])
const solutionSchema = z.object({
  summary: z.object({ cost: z.number(), distance: z.number().optional() }).loose().optional(),
  unassigned: z.array(z.object({ id: idSchema }).loose()).default([]),
  routes: z.array(
    z
      .object({
        vehicle: idSchema,
        steps: z.array(
          z
            .object({
              type: z.string(),
              id: idSchema.optional(),
              job: idSchema.optional(),
              arrival: z.number().optional(),
            })
            .loose(),
        ),
      })
      .loose(),
  ),
})

export interface ParsedSolution {
  readonly reportedCost?: number
  readonly reportedDistance?: number
  readonly unassignedIds: readonly (number | string)[]
  readonly routes: readonly {
    readonly vehicleId: number | string
    readonly steps: readonly { type: string; id?: number | string; arrival?: number }[]
  }[]
}

export function parseVroomSolution(json: unknown): ParsedSolution {
  const parsed = solutionSchema.safeParse(json)
  if (!parsed.success)
    throw new FormatError(
      'invalid solution JSON',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    )
  const s = parsed.data
  return {
    ...(s.summary ? { reportedCost: s.summary.cost } : {}),
    ...(s.summary?.distance !== undefined ? { reportedDistance: s.summary.distance } : {}),
    unassignedIds: s.unassigned.map((u) => u.id),
    routes: s.routes.map((r) => ({
      vehicleId: r.vehicle,
      steps: r.steps.map((st) => ({
        type: st.type,
        ...(st.id !== undefined ? { id: st.id } : st.job !== undefined ? { id: st.job } : {}),
        ...(st.arrival !== undefined ? { arrival: st.arrival } : {}),
      })),
    })),
  }
}
