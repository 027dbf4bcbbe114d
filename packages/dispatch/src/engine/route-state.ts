// One vehicle's route with the per-position arrays that make an insertion check O(1):
// forward departure times, backward latest arrival times (the slack) and the waiting suffix.
import { TOLERANCE, earliestStart, latestStart } from '../model.ts'
import type { Context } from './context.ts'

export class RouteState {
  readonly v: number
  readonly nodes: readonly number[]
  /** Effective location per position (0 = start, n+1 = end); a break sits where the worker is. */
  readonly eloc: Int32Array
  readonly arr: Float64Array
  readonly dep: Float64Array
  readonly latest: Float64Array
  readonly waitSuf: Float64Array
  readonly load: Float64Array
  jobs = 0
  travelCost = 0
  travelTime = 0
  endTime = 0
  workStart = 0
  feasible = true
  hasBreak = false
  hasMulti = false
  /** Objective contribution: 0 for a route without jobs. */
  obj = 0

  constructor(ctx: Context, v: number, nodes: readonly number[]) {
    this.v = v
    this.nodes = nodes
    const n = nodes.length
    const eloc = new Int32Array(n + 2)
    const arr = new Float64Array(n + 2)
    const dep = new Float64Array(n + 2)
    const latest = new Float64Array(n + 2)
    const waitSuf = new Float64Array(n + 2)
    const dims = ctx.dims
    const load = new Float64Array(dims)
    this.eloc = eloc
    this.arr = arr
    this.dep = dep
    this.latest = latest
    this.waitSuf = waitSuf
    this.load = load
    const { dur, cost, size, loc, svc } = ctx
    let feasible = true
    let prev = ctx.vStart[v] ?? -1
    eloc[0] = prev
    const s0 = ctx.shiftStart[v] ?? 0
    arr[0] = s0
    dep[0] = s0
    let time = s0
    let travelCost = 0
    let travelTime = 0
    let jobs = 0
    const starts = new Float64Array(n + 2)
    for (let i = 1; i <= n; i++) {
      const t = nodes[i - 1] ?? 0
      const tl = loc[t] ?? -1
      const l = tl < 0 ? prev : tl
      eloc[i] = l
      let d = 0
      if (prev >= 0 && l >= 0 && prev !== l) {
        d = dur[prev * size + l] ?? 0
        travelCost += cost[prev * size + l] ?? 0
      }
      travelTime += d
      const a = time + d
      arr[i] = a
      let s: number
      if (ctx.multi[t]) {
        s = earliestStart(ctx.windows[t] ?? [], a)
        if (Number.isNaN(s)) {
          feasible = false
          s = a
        }
        this.hasMulti = true
      } else {
        const e = ctx.wStart[t] ?? 0
        s = a > e ? a : e
        if (a > (ctx.wEnd[t] ?? 0) + TOLERANCE) feasible = false
      }
      starts[i] = s
      time = s + (svc[t] ?? 0)
      dep[i] = time
      if (ctx.isBreak[t]) this.hasBreak = true
      else {
        jobs++
        for (let k = 0; k < dims; k++) load[k] = (load[k] ?? 0) + (ctx.demand[t * dims + k] ?? 0)
      }
      prev = l
    }
    const end = ctx.vEnd[v] ?? -1
    eloc[n + 1] = end
    let d = 0
    if (prev >= 0 && end >= 0 && prev !== end) {
      d = dur[prev * size + end] ?? 0
      travelCost += cost[prev * size + end] ?? 0
    }
    travelTime += d
    arr[n + 1] = time + d
    dep[n + 1] = time + d
    starts[n + 1] = time + d
    const shiftEnd = ctx.shiftEnd[v] ?? 0
    if (time + d > shiftEnd + TOLERANCE) feasible = false
    // Backward pass: latest arrival at each position that keeps the rest of the route feasible.
    latest[n + 1] = shiftEnd
    waitSuf[n + 1] = 0
    for (let i = n; i >= 1; i--) {
      const t = nodes[i - 1] ?? 0
      const a = eloc[i] ?? -1
      const b = eloc[i + 1] ?? -1
      const leg = a >= 0 && b >= 0 && a !== b ? (dur[a * size + b] ?? 0) : 0
      const bound = (latest[i + 1] ?? 0) - leg - (svc[t] ?? 0)
      if (ctx.multi[t]) latest[i] = latestStart(ctx.windows[t] ?? [], bound)
      else {
        const e = ctx.wStart[t] ?? 0
        const w = ctx.wEnd[t] ?? 0
        latest[i] = bound < e - TOLERANCE ? Number.NEGATIVE_INFINITY : bound < w ? bound : w
      }
      waitSuf[i] = (waitSuf[i + 1] ?? 0) + (starts[i] ?? 0) - (arr[i] ?? 0)
    }
    {
      const a = eloc[0] ?? -1
      const b = eloc[1] ?? -1
      const leg = a >= 0 && b >= 0 && a !== b ? (dur[a * size + b] ?? 0) : 0
      latest[0] = (latest[1] ?? 0) - leg
      this.workStart = n > 0 ? (starts[1] ?? 0) - leg : s0
    }
    this.jobs = jobs
    this.travelCost = travelCost
    this.travelTime = travelTime
    this.endTime = time + d
    if (jobs > (ctx.maxJobs[v] ?? 0)) feasible = false
    if (travelTime > (ctx.maxTravel[v] ?? 0) + TOLERANCE) feasible = false
    const work = this.endTime - this.workStart
    if (jobs > 0 && work > (ctx.maxWork[v] ?? 0) + TOLERANCE) feasible = false
    for (let k = 0; k < dims; k++)
      if ((load[k] ?? 0) > (ctx.capacity[v * dims + k] ?? 0) + TOLERANCE) feasible = false
    this.feasible = feasible
    this.obj = jobs === 0 ? 0 : travelCost + (ctx.balance > 0 ? ctx.balance * work * work : 0)
  }

  get work(): number {
    return this.endTime - this.workStart
  }
}

/** Whether the route has room (capacity, job count) for task t, before looking at positions. */
export function hasRoom(ctx: Context, r: RouteState, t: number): boolean {
  if (r.jobs + 1 > (ctx.maxJobs[r.v] ?? 0)) return false
  const dims = ctx.dims
  for (let k = 0; k < dims; k++) {
    if (
      (r.load[k] ?? 0) + (ctx.demand[t * dims + k] ?? 0) >
      (ctx.capacity[r.v * dims + k] ?? 0) + TOLERANCE
    )
      return false
  }
  return true
}

/** Slow path: rebuild the route with t inserted and compare objectives. */
function insertSlow(ctx: Context, r: RouteState, t: number, pos: number): number {
  const nodes = r.nodes.slice()
  nodes.splice(pos - 1, 0, t)
  const next = new RouteState(ctx, r.v, nodes)
  if (!next.feasible) return Number.POSITIVE_INFINITY
  return next.obj - r.obj
}

/**
 * Objective change of inserting task t before position `pos` (1..n+1) of route r, or +Infinity when
 * infeasible. O(1) except next to a break, with multi-window tasks under a working-time limit, or with
 * workload balance on (those rebuild the route).
 */
export function insertDelta(ctx: Context, r: RouteState, t: number, pos: number): number {
  const n = r.nodes.length
  if (pos <= n && ctx.isBreak[r.nodes[pos - 1] ?? 0]) return insertBeforeBreak(ctx, r, t, pos)
  const size = ctx.size
  const dur = ctx.dur
  const lp = r.eloc[pos - 1] ?? -1
  const lq = r.eloc[pos] ?? -1
  const lj = ctx.loc[t] ?? -1
  const dpj = lp >= 0 && lj >= 0 && lp !== lj ? (dur[lp * size + lj] ?? 0) : 0
  const a = (r.dep[pos - 1] ?? 0) + dpj
  let s: number
  if (ctx.multi[t]) {
    s = earliestStart(ctx.windows[t] ?? [], a)
    if (Number.isNaN(s)) return Number.POSITIVE_INFINITY
  } else {
    if (a > (ctx.wEnd[t] ?? 0) + TOLERANCE) return Number.POSITIVE_INFINITY
    const e = ctx.wStart[t] ?? 0
    s = a > e ? a : e
  }
  const djq = lj >= 0 && lq >= 0 && lj !== lq ? (dur[lj * size + lq] ?? 0) : 0
  const aq = s + (ctx.svc[t] ?? 0) + djq
  if (aq > (r.latest[pos] ?? 0) + TOLERANCE) return Number.POSITIVE_INFINITY
  const dpq = lp >= 0 && lq >= 0 && lp !== lq ? (dur[lp * size + lq] ?? 0) : 0
  const v = r.v
  const maxTravel = ctx.maxTravel[v] ?? 0
  if (
    maxTravel < Number.POSITIVE_INFINITY &&
    r.travelTime + dpj + djq - dpq > maxTravel + TOLERANCE
  )
    return Number.POSITIVE_INFINITY
  const maxWork = ctx.maxWork[v] ?? 0
  if (maxWork < Number.POSITIVE_INFINITY || ctx.balance > 0) {
    if (r.hasMulti) return insertSlow(ctx, r, t, pos)
    const delay = aq - (r.arr[pos] ?? 0)
    const absorbed = delay - (r.waitSuf[pos] ?? 0)
    const newEnd = r.endTime + (absorbed > 0 ? absorbed : 0)
    const work = newEnd - (pos === 1 ? s - dpj : r.workStart)
    if (work > maxWork + TOLERANCE) return Number.POSITIVE_INFINITY
    if (ctx.balance > 0) {
      const old = r.jobs === 0 ? 0 : r.work
      const cost = ctx.cost
      const dc =
        (lp >= 0 && lj >= 0 && lp !== lj ? (cost[lp * size + lj] ?? 0) : 0) +
        (lj >= 0 && lq >= 0 && lj !== lq ? (cost[lj * size + lq] ?? 0) : 0) -
        (lp >= 0 && lq >= 0 && lp !== lq ? (cost[lp * size + lq] ?? 0) : 0)
      const base = r.jobs === 0 ? r.travelCost : 0
      return dc + base + ctx.balance * (work * work - old * old)
    }
  }
  const cost = ctx.cost
  const dc =
    (lp >= 0 && lj >= 0 && lp !== lj ? (cost[lp * size + lj] ?? 0) : 0) +
    (lj >= 0 && lq >= 0 && lj !== lq ? (cost[lj * size + lq] ?? 0) : 0) -
    (lp >= 0 && lq >= 0 && lp !== lq ? (cost[lp * size + lq] ?? 0) : 0)
  return r.jobs === 0 ? dc + r.travelCost : dc
}

/**
 * Inserting right before a break moves the break to the new job's place, which changes the leg after
 * the break: still O(1) for one break followed by a job or the end (else the slow path).
 */
function insertBeforeBreak(ctx: Context, r: RouteState, t: number, pos: number): number {
  const n = r.nodes.length
  const b = r.nodes[pos - 1] ?? 0
  if (
    ctx.multi[b] ||
    ctx.multi[t] ||
    r.hasMulti ||
    ctx.balance > 0 ||
    (pos + 1 <= n && ctx.isBreak[r.nodes[pos] ?? 0])
  )
    return insertSlow(ctx, r, t, pos)
  const size = ctx.size
  const dur = ctx.dur
  const cost = ctx.cost
  const leg = (m: Float64Array, a: number, c: number) =>
    a >= 0 && c >= 0 && a !== c ? (m[a * size + c] ?? 0) : 0
  const lp = r.eloc[pos - 1] ?? -1
  const lj = ctx.loc[t] ?? -1
  const ln = r.eloc[pos + 1] ?? -1
  const a = (r.dep[pos - 1] ?? 0) + leg(dur, lp, lj)
  if (a > (ctx.wEnd[t] ?? 0) + TOLERANCE) return Number.POSITIVE_INFINITY
  const s = Math.max(a, ctx.wStart[t] ?? 0)
  const ab = s + (ctx.svc[t] ?? 0)
  if (ab > (ctx.wEnd[b] ?? 0) + TOLERANCE) return Number.POSITIVE_INFINITY
  const sb = Math.max(ab, ctx.wStart[b] ?? 0)
  const an = sb + (ctx.svc[b] ?? 0) + leg(dur, lj, ln)
  if (an > (r.latest[pos + 1] ?? 0) + TOLERANCE) return Number.POSITIVE_INFINITY
  const v = r.v
  const dt = leg(dur, lp, lj) + leg(dur, lj, ln) - leg(dur, lp, ln)
  const maxTravel = ctx.maxTravel[v] ?? 0
  if (maxTravel < Number.POSITIVE_INFINITY && r.travelTime + dt > maxTravel + TOLERANCE)
    return Number.POSITIVE_INFINITY
  const maxWork = ctx.maxWork[v] ?? 0
  if (maxWork < Number.POSITIVE_INFINITY) {
    const delay = an - (r.arr[pos + 1] ?? 0)
    const absorbed = delay - (r.waitSuf[pos + 1] ?? 0)
    const newEnd = r.endTime + (absorbed > 0 ? absorbed : 0)
    const work = newEnd - (pos === 1 ? s - leg(dur, lp, lj) : r.workStart)
    if (work > maxWork + TOLERANCE) return Number.POSITIVE_INFINITY
  }
  const dc = leg(cost, lp, lj) + leg(cost, lj, ln) - leg(cost, lp, ln)
  return r.jobs === 0 ? dc + r.travelCost : dc
}
