// Regret-2 construction, then SISR ruin-and-recreate (Christiaens & Vanden Berghe 2020) under simulated
// annealing; for the vehicles objective a route-minimization phase runs first (Nagata & Bräysy's
// ejection search, or SISR's absence counters when some job is left out).
import type { Plan, Problem, Route, Unassigned, UnassignedReason } from '../model.ts'
import type { Context, Objective } from './context.ts'
import { createContext } from './context.ts'
import { applyEjection, newEjectionBest, searchEjections } from './ejection.ts'
import { RouteState, hasRoom, insertDelta } from './route-state.ts'
import type { Rng } from './rng.ts'
import { createRng } from './rng.ts'

export interface SearchOptions {
  readonly seed?: number
  /** Wall-clock budget; the temperature cools over it. */
  readonly timeLimitMs?: number
  /** Absolute end (Date.now() milliseconds); overrides timeLimitMs (used across threads). */
  readonly deadline?: number
  /**
   * Iteration budget (deterministic mode). Cooling restarts in cycles of doubling length that do not
   * depend on the budget, so a larger budget replays the smaller one first and is never worse.
   */
  readonly iterations?: number
  readonly objective?: Objective
  /** Weight of squared working time (workload balance); 0 = off. */
  readonly balance?: number
  /** SA temperatures as multiples of the mean edge cost of the first solution. */
  readonly startTemperature?: number
  readonly endTemperature?: number
  /** Average number of jobs removed per ruin (SISR's c̄). */
  readonly averageRemoved?: number
  /** Longest string removed (SISR's L_max). */
  readonly maxString?: number
  readonly blinkRate?: number
  /** Vehicles objective: share of the budget spent removing routes before polishing distance. */
  readonly fleetShare?: number
  /** Route minimization: most jobs ejected to make room for one (Nagata & Bräysy's k_max). */
  readonly maxEjections?: number
  /** Route minimization: random feasible moves after each ejection (Nagata & Bräysy's I_rand). */
  readonly perturbMoves?: number
  /** Route minimization: ejections lie at most this many places before the insertion. */
  readonly ejectionSpan?: number
  /**
   * Vehicles objective: 'ejection' (default; Nagata & Bräysy's ejection search, used when the first plan
   * assigns every job) or 'absences' (SISR's fleet minimization with absence counters, always used when
   * some job is left out).
   */
  readonly routeMinimizer?: 'ejection' | 'absences'
}

export interface SearchResult {
  readonly plan: Plan
  readonly cost: number
  readonly travelCost: number
  readonly vehicles: number
  readonly iterations: number
  readonly unassigned: number
}

class Solution {
  routes: RouteState[]
  routeOf: Int32Array
  unassigned: number[]
  cost = 0

  constructor(routes: RouteState[], routeOf: Int32Array, unassigned: number[]) {
    this.routes = routes
    this.routeOf = routeOf
    this.unassigned = unassigned
  }

  clone(): Solution {
    const s = new Solution(this.routes.slice(), this.routeOf.slice(), this.unassigned.slice())
    s.cost = this.cost
    return s
  }

  evaluate(ctx: Context): number {
    let c = 0
    for (const r of this.routes) c += r.obj
    for (const j of this.unassigned) c += ctx.penalty[j] ?? 0
    this.cost = c
    return c
  }

  usedVehicles(): number {
    let k = 0
    for (const r of this.routes) if (r.jobs > 0) k++
    return k
  }
}

interface Diagnosis {
  readonly reason: UnassignedReason
  readonly detail: string
}

/** Why a job cannot be served even alone in an otherwise empty plan (undefined if it can). */
function diagnose(ctx: Context, empty: readonly RouteState[], j: number): Diagnosis | undefined {
  const V = ctx.vehicleCount
  const task = ctx.problem.tasks[j]
  const skilled: number[] = []
  for (let v = 0; v < V; v++) if (ctx.compat[j * V + v]) skilled.push(v)
  if (skilled.length === 0) {
    if (task && task.vehicle >= 0)
      return {
        reason: 'pinned_worker_unavailable',
        detail: `pinned worker ${String(ctx.problem.vehicles[task.vehicle]?.id)} lacks a required skill`,
      }
    return { reason: 'no_skilled_worker', detail: 'no worker has every required skill' }
  }
  let roomy = false
  for (const v of skilled) {
    const r = empty[v]
    if (!r || !r.feasible || !hasRoom(ctx, r, j)) continue
    roomy = true
    for (let pos = 1; pos <= r.nodes.length + 1; pos++)
      if (insertDelta(ctx, r, j, pos) < Number.POSITIVE_INFINITY) return undefined
  }
  if (!roomy)
    return { reason: 'capacity_exceeded', detail: 'demand exceeds every skilled worker capacity' }
  const limited = skilled.some((v) => (ctx.maxWork[v] ?? 0) < Number.POSITIVE_INFINITY)
  return limited
    ? {
        reason: 'max_work_time_exceeded',
        detail: 'no skilled worker can reach it within its windows, shift and working-time limit',
      }
    : {
        reason: 'no_window_reachable',
        detail: 'no skilled worker can reach it inside its time windows and shift',
      }
}

export class Search {
  readonly ctx: Context
  readonly rng: Rng
  readonly options: SearchOptions
  private readonly stamp: Int32Array
  private stampValue = 0
  private readonly removable: Int32Array
  private allowEmpty = true
  private readonly blink: number
  readonly infeasible = new Map<number, Diagnosis>()
  readonly searchable: number[] = []
  iterations = 0

  constructor(problem: Problem, options: SearchOptions = {}) {
    this.options = options
    this.ctx = createContext(problem, { balance: options.balance ?? 0 })
    this.rng = createRng(options.seed ?? 1)
    this.stamp = new Int32Array(Math.max(this.ctx.vehicleCount, this.ctx.typeCount) + 1)
    this.removable = new Int32Array(this.ctx.taskCount + 1)
    this.blink = options.blinkRate ?? 0.01
  }

  private emptyRoutes(): RouteState[] {
    const ctx = this.ctx
    return ctx.problem.vehicles.map((veh, v) => new RouteState(ctx, v, veh.breaks.slice()))
  }

  /** Best insertion of job j over all routes; returns [delta, route, pos]. */
  private bestInsertion(sol: Solution, j: number, blink: number): [number, number, number] {
    const ctx = this.ctx
    const V = ctx.vehicleCount
    const stamp = ++this.stampValue
    const typeSeen = this.stamp
    let best = Number.POSITIVE_INFINITY
    let bestR = -1
    let bestP = -1
    const rng = this.rng
    for (let v = 0; v < V; v++) {
      if (!ctx.compat[j * V + v]) continue
      const r = sol.routes[v]
      if (!r) continue
      if (r.jobs === 0) {
        if (!this.allowEmpty || !r.feasible) continue
        const ty = ctx.vehicleType[v] ?? 0
        if (typeSeen[ty] === stamp) continue
        typeSeen[ty] = stamp
      }
      if (!hasRoom(ctx, r, j)) continue
      const last = r.nodes.length + 1
      const close = (ctx.wEnd[j] ?? 0) + 1e-6
      const dep = r.dep
      for (let pos = 1; pos <= last; pos++) {
        // Departures only grow along a route: once past the job's last window, stop.
        if ((dep[pos - 1] ?? 0) > close) break
        if (blink > 0 && rng() < blink) continue
        const d = insertDelta(ctx, r, j, pos)
        if (d < best) {
          best = d
          bestR = v
          bestP = pos
        }
      }
    }
    return [best, bestR, bestP]
  }

  private insert(sol: Solution, j: number, v: number, pos: number): void {
    const r = sol.routes[v]
    if (!r) return
    const nodes = r.nodes.slice()
    nodes.splice(pos - 1, 0, j)
    sol.routes[v] = new RouteState(this.ctx, v, nodes)
    sol.routeOf[j] = v
  }

  /** Regret-2 construction (pinned jobs first, in their own vehicle). */
  construct(): Solution {
    const ctx = this.ctx
    const J = ctx.jobCount
    const empty = this.emptyRoutes()
    const sol = new Solution(empty.slice(), new Int32Array(J).fill(-1), [])
    for (let j = 0; j < J; j++) {
      const why = diagnose(ctx, empty, j)
      if (why) this.infeasible.set(j, why)
      else this.searchable.push(j)
    }
    const pinned = this.searchable.filter((j) => ctx.pinned[j])
    pinned.sort((a, b) => (ctx.wStart[a] ?? 0) - (ctx.wStart[b] ?? 0))
    for (const j of pinned) {
      const [d, v, pos] = this.bestInsertion(sol, j, 0)
      if (d < Number.POSITIVE_INFINITY) this.insert(sol, j, v, pos)
      else sol.unassigned.push(j)
    }
    const rest = this.searchable.filter((j) => !ctx.pinned[j])
    this.regret(sol, rest)
    sol.evaluate(ctx)
    return sol
  }

  private regret(sol: Solution, jobs: number[]): void {
    const ctx = this.ctx
    const V = ctx.vehicleCount
    const left = jobs.slice()
    // Per (job, vehicle) best insertion delta, recomputed only for the route that changed.
    const best = new Float64Array(left.length * V)
    const bestPos = new Int32Array(left.length * V)
    const index = new Map<number, number>()
    left.forEach((j, k) => index.set(j, k))
    const evalRoute = (k: number, j: number, v: number) => {
      const r = sol.routes[v]
      let b = Number.POSITIVE_INFINITY
      let p = -1
      if (r && ctx.compat[j * V + v] && r.feasible && hasRoom(ctx, r, j)) {
        for (let pos = 1; pos <= r.nodes.length + 1; pos++) {
          const d = insertDelta(ctx, r, j, pos)
          if (d < b) {
            b = d
            p = pos
          }
        }
      }
      best[k * V + v] = b
      bestPos[k * V + v] = p
    }
    left.forEach((j, k) => {
      for (let v = 0; v < V; v++) evalRoute(k, j, v)
    })
    const alive = new Uint8Array(left.length).fill(1)
    let remaining = left.length
    const typeSeen = new Int32Array(ctx.typeCount + 1)
    let stamp = 0
    while (remaining > 0) {
      let pick = -1
      let pickRegret = Number.NEGATIVE_INFINITY
      let pickCost = Number.POSITIVE_INFINITY
      let pickV = -1
      for (let k = 0; k < left.length; k++) {
        if (!alive[k]) continue
        stamp++
        let b1 = Number.POSITIVE_INFINITY
        let b2 = Number.POSITIVE_INFINITY
        let v1 = -1
        for (let v = 0; v < V; v++) {
          const d = best[k * V + v] ?? Number.POSITIVE_INFINITY
          if (d === Number.POSITIVE_INFINITY) continue
          if (sol.routes[v]?.jobs === 0) {
            const ty = ctx.vehicleType[v] ?? 0
            if (typeSeen[ty] === stamp) continue
            typeSeen[ty] = stamp
          }
          if (d < b1) {
            b2 = b1
            b1 = d
            v1 = v
          } else if (d < b2) b2 = d
        }
        if (v1 < 0) continue
        const j = left[k] ?? 0
        const regret = (b2 === Number.POSITIVE_INFINITY ? 1e15 : b2 - b1) + (ctx.penalty[j] ?? 0)
        if (regret > pickRegret || (regret === pickRegret && b1 < pickCost)) {
          pick = k
          pickRegret = regret
          pickCost = b1
          pickV = v1
        }
      }
      if (pick < 0) break
      const j = left[pick] ?? 0
      this.insert(sol, j, pickV, bestPos[pick * V + pickV] ?? 1)
      alive[pick] = 0
      remaining--
      for (let k = 0; k < left.length; k++) if (alive[k]) evalRoute(k, left[k] ?? 0, pickV)
    }
    for (let k = 0; k < left.length; k++) if (alive[k]) sol.unassigned.push(left[k] ?? 0)
  }

  /** SISR ruin: remove strings (or split strings) from routes near a random seed job. */
  private ruin(sol: Solution): number[] {
    const ctx = this.ctx
    const rng = this.rng
    const removed: number[] = []
    let assigned = 0
    let used = 0
    for (const r of sol.routes) {
      if (r.jobs > 0) {
        used++
        assigned += r.jobs
      }
    }
    if (assigned === 0) return removed
    const cbar = this.options.averageRemoved ?? 10
    const lsmax = Math.min(this.options.maxString ?? 10, assigned / used)
    const ksmax = (4 * cbar) / (1 + lsmax) - 1
    const ks = Math.floor(rng() * ksmax) + 1
    let seed = -1
    for (let tries = 0; tries < 20 && seed < 0; tries++) {
      const c = this.searchable[Math.floor(rng() * this.searchable.length)] ?? -1
      if (c >= 0 && (sol.routeOf[c] ?? -1) >= 0 && !ctx.pinned[c]) seed = c
    }
    if (seed < 0) return removed
    const stamp = ++this.stampValue
    const ruined = this.stamp
    let count = 0
    const adj = ctx.neighbours[seed]
    if (!adj) return removed
    for (let a = 0; a < adj.length && count < ks; a++) {
      const c = adj[a] ?? 0
      const v = sol.routeOf[c] ?? -1
      if (v < 0 || ctx.pinned[c] || ruined[v] === stamp) continue
      const r = sol.routes[v]
      if (!r) continue
      // Positions (in r.nodes) of removable jobs.
      const P = this.removable
      let card = 0
      let k = -1
      r.nodes.forEach((t, i) => {
        if (!ctx.isBreak[t] && !ctx.pinned[t]) {
          if (t === c) k = card
          P[card++] = i
        }
      })
      if (k < 0) continue
      const ltmax = Math.min(card, lsmax)
      const lt = Math.floor(rng() * ltmax) + 1
      const drop = new Set<number>()
      if (lt < card && rng() < 0.5) {
        let m = 1
        while (lt + m < card && rng() < 0.5) m++
        const total = lt + m
        const lo = Math.max(0, k - total + 1)
        const hi = Math.min(k, card - total)
        const s = lo + Math.floor(rng() * (hi - lo + 1))
        const keepAt = Math.floor(rng() * (lt + 1))
        for (let i = 0; i < total; i++) {
          if (i >= keepAt && i < keepAt + m) continue
          drop.add(r.nodes[P[s + i] ?? 0] ?? 0)
        }
      } else {
        const lo = Math.max(0, k - lt + 1)
        const hi = Math.min(k, card - lt)
        const s = lo + Math.floor(rng() * (hi - lo + 1))
        for (let i = 0; i < lt; i++) drop.add(r.nodes[P[s + i] ?? 0] ?? 0)
      }
      const nodes = r.nodes.filter((t) => !drop.has(t))
      sol.routes[v] = new RouteState(ctx, v, nodes)
      for (const t of drop) {
        sol.routeOf[t] = -1
        removed.push(t)
      }
      ruined[v] = stamp
      count++
    }
    return removed
  }

  /** Greedy best insertion with blinks, in one of SISR's orders. */
  private recreate(sol: Solution, jobs: number[]): void {
    const ctx = this.ctx
    const rng = this.rng
    const u = rng() * 13
    if (u < 4) {
      for (let i = jobs.length - 1; i > 0; i--) {
        const k = Math.floor(rng() * (i + 1))
        const tmp = jobs[i] ?? 0
        jobs[i] = jobs[k] ?? 0
        jobs[k] = tmp
      }
    } else if (u < 8) {
      const dims = ctx.dims
      const dem = (j: number) => {
        let s = 0
        for (let k = 0; k < dims; k++) s += ctx.demand[j * dims + k] ?? 0
        return s
      }
      jobs.sort((a, b) => dem(b) - dem(a))
    } else if (u < 10) jobs.sort((a, b) => (ctx.depotDist[b] ?? 0) - (ctx.depotDist[a] ?? 0))
    else if (u < 11) jobs.sort((a, b) => (ctx.depotDist[a] ?? 0) - (ctx.depotDist[b] ?? 0))
    else jobs.sort((a, b) => (ctx.wEnd[a] ?? 0) - (ctx.wEnd[b] ?? 0))
    // Higher priority first whatever the order.
    jobs.sort((a, b) => (ctx.penalty[b] ?? 0) - (ctx.penalty[a] ?? 0))
    const unassigned: number[] = []
    for (const j of jobs) {
      const [d, v, pos] = this.bestInsertion(sol, j, this.blink)
      if (d < Number.POSITIVE_INFINITY) this.insert(sol, j, v, pos)
      else unassigned.push(j)
    }
    sol.unassigned = unassigned
  }

  private step(current: Solution): Solution {
    const cand = current.clone()
    const removed = this.ruin(cand)
    // Retry the unassigned too; when there are many, a random share of them (each retry scans every
    // route, and most stay unassigned on a saturated day).
    const keep: number[] = []
    const share = Math.min(1, 24 / Math.max(1, cand.unassigned.length))
    for (const j of cand.unassigned) {
      if (share >= 1 || this.rng() < share) removed.push(j)
      else keep.push(j)
    }
    this.recreate(cand, removed)
    for (const j of keep) cand.unassigned.push(j)
    cand.evaluate(this.ctx)
    this.iterations++
    return cand
  }

  private toResult(sol: Solution): SearchResult {
    const routes: Route[] = []
    let travel = 0
    for (const r of sol.routes) {
      if (r.jobs === 0) continue
      routes.push({ vehicle: r.v, tasks: r.nodes.slice() })
      travel += r.travelCost
    }
    const unassigned: Unassigned[] = []
    for (const [job, why] of this.infeasible) unassigned.push({ job, ...why })
    for (const job of sol.unassigned)
      unassigned.push({
        job,
        reason: 'no_room_in_plan',
        detail: 'feasible alone, but no worker had room for it in this plan',
      })
    unassigned.sort((a, b) => a.job - b.job)
    return {
      plan: { routes, unassigned },
      cost: sol.cost,
      travelCost: travel,
      vehicles: routes.length,
      iterations: this.iterations,
      unassigned: unassigned.length,
    }
  }

  run(): SearchResult {
    const started = performance.now()
    const opts = this.options
    const timeLimit = opts.timeLimitMs
    const maxIter = opts.iterations
    const timed = maxIter === undefined
    const limitMs = opts.deadline !== undefined ? opts.deadline - Date.now() : (timeLimit ?? 1000)
    const elapsed = () => performance.now() - started
    const initial = this.construct()
    let best = initial
    const J = this.searchable.length
    let travel = 0
    let edges = 0
    for (const r of initial.routes) {
      if (r.jobs > 0) {
        travel += r.travelCost
        edges += r.nodes.length + 1
      }
    }
    const meanEdge = edges > 0 ? travel / edges : 1
    const T0 = (opts.startTemperature ?? 10) * meanEdge
    const Tf = (opts.endTemperature ?? 0.01) * meanEdge
    if (J === 0) return this.toResult(best)
    const done = (i: number) =>
      timed ? (i & 7) === 0 && elapsed() >= limitMs : i >= (maxIter ?? 0)

    let phaseBudget = 1
    if (opts.objective === 'vehicles') {
      phaseBudget = opts.fleetShare ?? 0.7
      const stop = (i: number) =>
        timed
          ? (i & 7) === 0 && elapsed() >= limitMs * phaseBudget
          : i >= (maxIter ?? 0) * phaseBudget
      best =
        initial.unassigned.length === 0 && opts.routeMinimizer !== 'absences'
          ? this.routeMinimization(initial, stop)
          : this.fleetMinimization(initial, stop)
      // Routes were only taken away once every job fitted; if that never happened, the polish may still
      // open any route to serve more jobs (fewer unassigned comes before fewer routes).
      this.allowEmpty = best.unassigned.length > 0
    }
    // Simulated annealing on travel cost.
    let current = best
    const cycleBase = Math.max(1000, 20 * J)
    let cycleStart = this.iterations
    // A budget shorter than one cycle still ends cold: the last iterations polish instead of wandering.
    let cycleLen = timed ? cycleBase : Math.min(cycleBase, Math.max(1, (maxIter ?? 0) - cycleStart))
    const phaseStartTime = elapsed()
    for (;;) {
      if (done(this.iterations)) break
      let progress: number
      if (timed) progress = (elapsed() - phaseStartTime) / Math.max(1, limitMs - phaseStartTime)
      else {
        if (this.iterations - cycleStart >= cycleLen) {
          cycleStart = this.iterations
          cycleLen *= 2
          current = best
        }
        progress = (this.iterations - cycleStart) / cycleLen
      }
      const T = T0 * Math.pow(Tf / T0, Math.min(1, progress))
      const cand = this.step(current)
      if (cand.cost < current.cost - T * Math.log(this.rng())) current = cand
      if (cand.cost < best.cost - 1e-9) best = cand
    }
    return this.toResult(best)
  }

  /**
   * Vehicles-first when every job fits (Nagata & Bräysy 2009, without their squeeze): take a random
   * route out, put its jobs in an ejection pool and insert them one by one (last in, first out) at the
   * cheapest feasible place in the other routes; a job that fits nowhere raises its penalty counter and
   * goes in by ejecting the ≤ k_max jobs of least counter sum, which join the pool, followed by random
   * feasible moves. An empty pool means one route fewer; then the next route is taken out. Returns the
   * last plan with every job assigned.
   */
  private routeMinimization(initial: Solution, stop: (i: number) => boolean): Solution {
    const ctx = this.ctx
    const rng = this.rng
    this.allowEmpty = false
    const kmax = this.options.maxEjections ?? 2
    const span = this.options.ejectionSpan ?? 8
    const moves = this.options.perturbMoves ?? 100
    const p = new Float64Array(ctx.taskCount)
    let best = initial
    const V = ctx.vehicleCount
    for (;;) {
      const candidates: number[] = []
      for (const r of best.routes)
        if (r.jobs > 0 && !r.nodes.some((t) => ctx.pinned[t])) candidates.push(r.v)
      if (candidates.length === 0 || best.usedVehicles() <= 1) return best
      const out = candidates[Math.floor(rng() * candidates.length)] ?? 0
      const work = best.clone()
      const pool: number[] = []
      const gone = work.routes[out]
      if (!gone) return best
      for (const t of gone.nodes) {
        if (ctx.isBreak[t]) continue
        work.routeOf[t] = -1
        pool.push(t)
      }
      work.routes[out] = new RouteState(ctx, out, ctx.problem.vehicles[out]?.breaks.slice() ?? [])
      p.fill(1)
      while (pool.length > 0) {
        if (stop(this.iterations)) return best
        this.iterations++
        const vin = pool.pop() ?? 0
        // The cheapest feasible place (the paper takes a random one: 550 vs 543 vehicles on R1, RC1 and
        // R2 × 2 seeds here).
        const [d, v, pos] = this.bestInsertion(work, vin, 0)
        if (d < Number.POSITIVE_INFINITY) {
          this.insert(work, vin, v, pos)
          continue
        }
        p[vin] = (p[vin] ?? 1) + 1
        const eb = newEjectionBest(Number.POSITIVE_INFINITY)
        for (let u = 0; u < V; u++) {
          const r = work.routes[u]
          if (!r || r.jobs === 0 || !ctx.compat[vin * V + u]) continue
          searchEjections(ctx, r, vin, kmax, p, eb, rng, span)
        }
        const r = eb.route >= 0 ? work.routes[eb.route] : undefined
        const next = r ? applyEjection(r, vin, eb) : undefined
        const state = r && next ? new RouteState(ctx, r.v, next.nodes) : undefined
        if (!r || !next || !state?.feasible) {
          pool.unshift(vin)
        } else {
          work.routes[r.v] = state
          work.routeOf[vin] = r.v
          for (const t of next.ejected) {
            work.routeOf[t] = -1
            pool.push(t)
          }
        }
        this.perturb(work, moves)
      }
      work.unassigned = []
      work.evaluate(ctx)
      best = work
    }
  }

  /** Random feasible 2-opt*, relocations and swaps between neighbouring routes (diversification). */
  private perturb(sol: Solution, moves: number): void {
    const ctx = this.ctx
    const rng = this.rng
    const J = this.searchable.length
    for (let m = 0; m < moves; m++) {
      const j = this.searchable[Math.floor(rng() * J)] ?? 0
      const a = sol.routeOf[j] ?? -1
      if (a < 0 || ctx.pinned[j]) continue
      const adj = ctx.neighbours[j]
      if (!adj || adj.length < 2) continue
      const c = adj[1 + Math.floor(rng() * Math.min(10, adj.length - 1))] ?? 0
      const b = sol.routeOf[c] ?? -1
      if (b < 0 || b === a || ctx.pinned[c]) continue
      const ra = sol.routes[a]
      const rb = sol.routes[b]
      if (!ra || !rb) continue
      const V = ctx.vehicleCount
      const kind = rng() * 3
      if (kind < 1) {
        // 2-opt*: j continues with c's tail, c's predecessor with j's tail (routes without breaks or pins).
        if (ra.hasBreak || rb.hasBreak) continue
        const i = ra.nodes.indexOf(j)
        const k = rb.nodes.indexOf(c)
        const headA = ra.nodes.slice(0, i + 1)
        const tailA = ra.nodes.slice(i + 1)
        const headB = rb.nodes.slice(0, k)
        const tailB = rb.nodes.slice(k)
        if (tailA.some((t) => ctx.pinned[t] || !ctx.compat[t * V + b])) continue
        if (tailB.some((t) => ctx.pinned[t] || !ctx.compat[t * V + a])) continue
        const na = new RouteState(ctx, a, headA.concat(tailB))
        if (!na.feasible) continue
        const nb = new RouteState(ctx, b, headB.concat(tailA))
        if (!nb.feasible) continue
        sol.routes[a] = na
        sol.routes[b] = nb
        for (const t of tailB) sol.routeOf[t] = a
        for (const t of tailA) sol.routeOf[t] = b
      } else if (kind < 2) {
        // Relocate j into b at its cheapest feasible position.
        if (!ctx.compat[j * V + b] || !hasRoom(ctx, rb, j)) continue
        let bestD = Number.POSITIVE_INFINITY
        let bestP = -1
        for (let pos = 1; pos <= rb.nodes.length + 1; pos++) {
          const d = insertDelta(ctx, rb, j, pos)
          if (d < bestD) {
            bestD = d
            bestP = pos
          }
        }
        if (bestP < 0) continue
        const na = new RouteState(
          ctx,
          a,
          ra.nodes.filter((t) => t !== j),
        )
        if (!na.feasible) continue
        const nodes = rb.nodes.slice()
        nodes.splice(bestP - 1, 0, j)
        sol.routes[a] = na
        sol.routes[b] = new RouteState(ctx, b, nodes)
        sol.routeOf[j] = b
      } else {
        // Swap j and c.
        if (!ctx.compat[j * V + b] || !ctx.compat[c * V + a]) continue
        const na = new RouteState(
          ctx,
          a,
          ra.nodes.map((t) => (t === j ? c : t)),
        )
        if (!na.feasible) continue
        const nb = new RouteState(
          ctx,
          b,
          rb.nodes.map((t) => (t === c ? j : t)),
        )
        if (!nb.feasible) continue
        sol.routes[a] = na
        sol.routes[b] = nb
        sol.routeOf[j] = b
        sol.routeOf[c] = a
      }
    }
  }

  /**
   * Vehicles-first: remove a route, then ruin-and-recreate without new routes until all fit again.
   * While not every job has fitted yet (a saturated day), any route may be opened: more jobs served
   * comes before fewer routes.
   */
  private fleetMinimization(initial: Solution, stop: (i: number) => boolean): Solution {
    const ctx = this.ctx
    this.allowEmpty = initial.unassigned.length > 0
    const absence = new Float64Array(ctx.jobCount)
    let best = initial
    const removeRoute = (sol: Solution): Solution => {
      const s = sol.clone()
      let pickV = -1
      let pickSize = Number.POSITIVE_INFINITY
      for (const r of s.routes) {
        if (r.jobs === 0) continue
        let removable = 0
        for (const t of r.nodes) if (!ctx.isBreak[t] && !ctx.pinned[t]) removable++
        if (removable !== r.jobs) continue
        const size = r.jobs + this.rng() * 2
        if (size < pickSize) {
          pickSize = size
          pickV = r.v
        }
      }
      if (pickV < 0) return s
      const r = s.routes[pickV]
      if (!r) return s
      for (const t of r.nodes) {
        if (ctx.isBreak[t]) continue
        s.routeOf[t] = -1
        s.unassigned.push(t)
      }
      s.routes[pickV] = new RouteState(
        ctx,
        pickV,
        ctx.problem.vehicles[pickV]?.breaks.slice() ?? [],
      )
      s.evaluate(ctx)
      return s
    }
    const absent = (s: Solution) => {
      let a = 0
      for (const j of s.unassigned) a += absence[j] ?? 0
      return a
    }
    let current = best.unassigned.length === 0 ? removeRoute(best) : best
    while (!stop(this.iterations)) {
      const cand = this.step(current)
      if (
        cand.unassigned.length < current.unassigned.length ||
        (cand.unassigned.length === current.unassigned.length && absent(cand) < absent(current))
      )
        current = cand
      // Lexicographic: fewer left out, then fewer routes, then cost. Judged on every step, not only when
      // all fit: when some job can never fit, "all fit" never comes and the best partial plan must win.
      if (
        current.unassigned.length < best.unassigned.length ||
        (current.unassigned.length === best.unassigned.length &&
          (current.usedVehicles() < best.usedVehicles() ||
            (current.usedVehicles() === best.usedVehicles() && current.cost < best.cost - 1e-9)))
      )
        best = current
      if (current.unassigned.length === 0) {
        this.allowEmpty = false
        current = removeRoute(current)
      }
      for (const j of current.unassigned) absence[j] = (absence[j] ?? 0) + 1
    }
    return best
  }
}

export function search(problem: Problem, options: SearchOptions = {}): SearchResult {
  return new Search(problem, options).run()
}
