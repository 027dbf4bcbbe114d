// Real-time matcher: every feasible (worker, position) for one new job, with its cost delta, a score
// breakdown a dispatcher can read, and a one-line explanation in zh-CN and en.
import type { Context } from './engine/context.ts'
import { createContext } from './engine/context.ts'
import { RouteState, hasRoom, insertDelta } from './engine/route-state.ts'
import type { Plan, Problem } from './model.ts'

export interface MatchPlan {
  readonly problem: Problem
  readonly ctx: Context
  /** One route state per worker (empty for idle workers). */
  readonly routes: readonly RouteState[]
}

export interface ScoreBreakdown {
  /** Each in [0, 1], higher is better. */
  readonly skillFit: number
  readonly detour: number
  readonly idleTime: number
  readonly rating: number
  readonly workloadFairness: number
  readonly customerPreference: number
}

export interface InsertionOption {
  readonly worker: number | string
  readonly vehicle: number
  /** Index in the worker's task list where the job would go. */
  readonly position: number
  /** Change in the plan's travel cost. */
  readonly costDelta: number
  /** Extra travel time in the problem's unit (seconds for real data). */
  readonly detour: number
  readonly arrival: number
  readonly start: number
  /** Waiting before the job starts. */
  readonly idle: number
  /** 0..100. */
  readonly score: number
  readonly breakdown: ScoreBreakdown
  readonly explanation: { readonly en: string; readonly 'zh-CN': string }
}

export const SCORE_WEIGHTS: Readonly<Record<keyof ScoreBreakdown, number>> = {
  skillFit: 0.1,
  detour: 0.35,
  idleTime: 0.15,
  rating: 0.15,
  workloadFairness: 0.15,
  customerPreference: 0.1,
}

/** Precomputes each worker's slack arrays once; reuse it for many rankInsertions calls. */
export function createMatchPlan(problem: Problem, plan: Plan): MatchPlan {
  const ctx = createContext(problem, { neighbours: false })
  const byVehicle = new Map(plan.routes.map((r) => [r.vehicle, r.tasks]))
  const routes = problem.vehicles.map(
    (veh, v) => new RouteState(ctx, v, byVehicle.get(v)?.slice() ?? veh.breaks.slice()),
  )
  return { problem, ctx, routes }
}

const clock = (t: number) => {
  const m = Math.round(t / 60)
  const h = Math.floor(m / 60) % 24
  return `${String(h).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

export function rankInsertions(plan: MatchPlan, job: number | string): InsertionOption[] {
  const { problem, ctx, routes } = plan
  const j =
    typeof job === 'number'
      ? job
      : problem.tasks.findIndex((t) => t.kind === 'job' && String(t.id) === String(job))
  const task = problem.tasks[j]
  if (!task || task.kind !== 'job') throw new Error(`unknown job ${String(job)}`)
  const V = ctx.vehicleCount
  let totalJobs = 0
  for (const r of routes) totalJobs += r.jobs
  const meanJobs = totalJobs / Math.max(1, V)
  const size = ctx.size
  const lj = ctx.loc[j] ?? -1
  const out: InsertionOption[] = []
  for (let v = 0; v < V; v++) {
    if (!ctx.compat[j * V + v]) continue
    const r = routes[v]
    const veh = problem.vehicles[v]
    if (!r || !veh || !r.feasible || !hasRoom(ctx, r, j)) continue
    const skillFit = (task.skills.length + 1) / (veh.skills.length + 1)
    const rating = (veh.rating ?? 4) / 5
    const fairness = Math.max(0, Math.min(1, 1 - (r.jobs - meanJobs) / (2 * meanJobs + 1)))
    const preferred = task.preferredWorkers?.some((w) => String(w) === String(veh.id))
    const preference = task.preferredWorkers?.length ? (preferred ? 1 : 0) : 0.5
    for (let pos = 1; pos <= r.nodes.length + 1; pos++) {
      const delta = insertDelta(ctx, r, j, pos)
      if (delta === Number.POSITIVE_INFINITY) continue
      const lp = r.eloc[pos - 1] ?? -1
      const lq = r.eloc[pos] ?? -1
      const leg = (a: number, b: number) =>
        a < 0 || b < 0 || a === b ? 0 : (ctx.dur[a * size + b] ?? 0)
      const arrival = (r.dep[pos - 1] ?? 0) + leg(lp, lj)
      let start = arrival
      for (const [a, b] of task.windows)
        if (arrival <= b) {
          start = Math.max(arrival, a)
          break
        }
      const idle = start - arrival
      const detour =
        r.jobs === 0 ? leg(lp, lj) + leg(lj, lq) : leg(lp, lj) + leg(lj, lq) - leg(lp, lq)
      const breakdown: ScoreBreakdown = {
        skillFit,
        detour: 1 / (1 + detour / 900),
        idleTime: 1 / (1 + idle / 1800),
        rating,
        workloadFairness: fairness,
        customerPreference: preference,
      }
      let score = 0
      for (const k of Object.keys(SCORE_WEIGHTS) as (keyof ScoreBreakdown)[])
        score += SCORE_WEIGHTS[k] * breakdown[k]
      const name = String(veh.id)
      const minutes = (s: number) => Math.round(s / 60)
      const rated = veh.rating !== undefined ? veh.rating.toFixed(1) : '-'
      out.push({
        worker: veh.id,
        vehicle: v,
        position: pos - 1,
        costDelta: delta,
        detour,
        arrival,
        start,
        idle,
        score: Math.round(score * 1000) / 10,
        breakdown,
        explanation: {
          en:
            `${name}: +${minutes(detour)} min detour, starts ${clock(start)}` +
            `${idle > 0 ? `, waits ${minutes(idle)} min` : ''}, rating ${rated}, ${r.jobs} jobs today` +
            `${preferred ? ", the customer's preferred worker" : ''}`,
          'zh-CN':
            `${name}：绕路 ${minutes(detour)} 分钟，${clock(start)} 开始` +
            `${idle > 0 ? `，等待 ${minutes(idle)} 分钟` : ''}，评分 ${rated}，今日已有 ${r.jobs} 单` +
            `${preferred ? '，客户指定师傅' : ''}`,
        },
      })
    }
  }
  out.sort((a, b) => b.score - a.score || a.costDelta - b.costDelta)
  return out
}
