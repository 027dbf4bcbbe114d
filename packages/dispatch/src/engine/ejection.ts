// Insertion with ejection (Nagata & Bräysy 2009): insert a job into a route while removing up to k
// others, chosen to minimize the sum of their penalty counters. A depth-first lexicographic search along
// the route keeps the departure time of the rebuilt prefix; once the job is in, the untouched suffix is
// feasible iff the arrival at its first job is within that job's latest arrival (the route's backward
// slack), an O(1) test — so most branches end early, and p ≥ 1 bounds the rest.
import { TOLERANCE, earliestStart } from '../model.ts'
import type { Context } from './context.ts'
import type { RouteState } from './route-state.ts'
import type { Rng } from './rng.ts'

export interface Ejection {
  /** Sum of the ejected jobs' penalty counters. */
  psum: number
  /** The new task order of the route. */
  nodes: number[]
  /** Jobs taken out. */
  ejected: number[]
}

/** Shared across routes: the best candidate so far and the number of ties seen (random tie-break). */
export interface EjectionBest {
  psum: number
  ties: number
  route: number
  insertAt: number
  ejectAt: number[]
}

const metricCache = new WeakMap<Context, boolean>()

/**
 * Whether travel times obey the triangle inequality (checked for up to 256 locations, else assumed
 * not): then arriving later somewhere never lets a route reach the next place earlier, which prunes the
 * search once the job to insert can no longer be reached in time.
 */
export function isMetric(ctx: Context): boolean {
  const cached = metricCache.get(ctx)
  if (cached !== undefined) return cached
  const { dur, size } = ctx
  let ok = size <= 256
  for (let a = 0; ok && a < size; a++)
    for (let b = 0; ok && b < size; b++) {
      const ab = dur[a * size + b] ?? 0
      for (let c = 0; c < size; c++)
        if ((dur[a * size + c] ?? 0) > ab + (dur[b * size + c] ?? 0) + 1e-9) {
          ok = false
          break
        }
    }
  metricCache.set(ctx, ok)
  return ok
}

export function newEjectionBest(bound: number): EjectionBest {
  return { psum: bound, ties: 0, route: -1, insertAt: -1, ejectAt: [] }
}

/**
 * Searches route r for the insertion of job `vin` with at most `kmax` ejections whose penalty sum is ≤
 * best.psum, updating `best` (ties are broken uniformly at random with `rng`). Capacity and job count
 * are checked here; working-time and travel-time limits are left to the caller's rebuild.
 */
export function searchEjections(
  ctx: Context,
  r: RouteState,
  vin: number,
  kmax: number,
  p: Float64Array,
  best: EjectionBest,
  rng: Rng,
  span = Number.POSITIVE_INFINITY,
): void {
  const nodes = r.nodes
  const n = nodes.length
  const { dur, size, loc, svc, wStart, wEnd, multi, windows, isBreak, pinned, demand, dims } = ctx
  const v = r.v
  const lv = loc[vin] ?? -1
  const leg = (a: number, b: number) => (a >= 0 && b >= 0 && a !== b ? (dur[a * size + b] ?? 0) : 0)
  const metric = isMetric(ctx)
  const ejectAt: number[] = []
  let insertAt = -1
  const maxJobs = ctx.maxJobs[v] ?? 0
  // Room once the ejected jobs are out.
  const fits = (): boolean => {
    if (r.jobs - ejectAt.length + 1 > maxJobs) return false
    for (let k = 0; k < dims; k++) {
      let q = (r.load[k] ?? 0) + (demand[vin * dims + k] ?? 0)
      for (const i of ejectAt) q -= demand[(nodes[i - 1] ?? 0) * dims + k] ?? 0
      if (q > (ctx.capacity[v * dims + k] ?? 0) + TOLERANCE) return false
    }
    return true
  }
  const record = (psum: number) => {
    if (psum < best.psum) {
      best.psum = psum
      best.ties = 1
    } else {
      best.ties++
      if (rng() * best.ties >= 1) return
    }
    best.route = v
    best.insertAt = insertAt
    best.ejectAt = ejectAt.slice()
  }
  /** Start of service at task t when arriving at a; NaN when too late. */
  const startAt = (t: number, a: number): number => {
    if (multi[t]) return earliestStart(windows[t] ?? [], a)
    if (a > (wEnd[t] ?? 0) + TOLERANCE) return Number.NaN
    const e = wStart[t] ?? 0
    return a > e ? a : e
  }
  // idx: next original position (1..n, n+1 = end); time/l: departure and location of the last kept task.
  const rec = (idx: number, time: number, l: number, inserted: boolean, psum: number): void => {
    if (!inserted) {
      // Insert vin right before position idx.
      const s = startAt(vin, time + leg(l, lv))
      if (!Number.isNaN(s)) {
        insertAt = idx
        rec(idx, s + (svc[vin] ?? 0), lv < 0 ? l : lv, true, psum)
        insertAt = -1
      } else if (metric) return // later is never earlier: vin cannot be reached in time any more
      if (idx > n) return
      // Ejections go near the insertion: at most `span` places before it.
      if (ejectAt.length > 0 && idx - (ejectAt[0] ?? 0) >= span) return
    } else {
      // Keep the whole suffix from idx: O(1) with the backward slack (not at a break, whose place moves).
      const t = idx <= n ? (nodes[idx - 1] ?? 0) : -1
      if (idx > n || !isBreak[t]) {
        const lt = idx > n ? (r.eloc[n + 1] ?? -1) : (loc[t] ?? -1)
        const lt2 = lt < 0 ? l : lt
        if (time + leg(l, lt2) <= (r.latest[idx] ?? 0) + TOLERANCE && fits()) {
          if (psum <= best.psum) record(psum)
          return
        }
        // The suffix as it is does not fit: something after idx must go (and every p ≥ 1).
        if (ejectAt.length >= kmax || psum + 1 > best.psum) return
      }
      if (idx > n) return
    }
    const t = nodes[idx - 1] ?? 0
    // Eject t.
    if (ejectAt.length < kmax && !isBreak[t] && !pinned[t]) {
      const ps = psum + (p[t] ?? 1)
      if (ps <= best.psum) {
        ejectAt.push(idx)
        rec(idx + 1, time, l, inserted, ps)
        ejectAt.pop()
      }
    }
    // Keep t.
    const lt = loc[t] ?? -1
    const s = startAt(t, time + leg(l, lt))
    if (Number.isNaN(s)) return
    rec(idx + 1, s + (svc[t] ?? 0), lt < 0 ? l : lt, inserted, psum)
  }
  rec(1, r.dep[0] ?? 0, r.eloc[0] ?? -1, false, 0)
}

/** The route order for the best candidate found. */
export function applyEjection(r: RouteState, vin: number, best: EjectionBest): Ejection {
  const out: number[] = []
  const ejected: number[] = []
  const drop = new Set(best.ejectAt)
  for (let i = 1; i <= r.nodes.length + 1; i++) {
    if (i === best.insertAt) out.push(vin)
    if (i > r.nodes.length) break
    const t = r.nodes[i - 1] ?? 0
    if (drop.has(i)) ejected.push(t)
    else out.push(t)
  }
  return { psum: best.psum, nodes: out, ejected }
}
