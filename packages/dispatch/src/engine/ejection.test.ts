import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDoorstep } from '../formats/doorstep.ts'
import { tinyProblem } from '../testing/instances.ts'
import { createContext } from './context.ts'
import type { Context } from './context.ts'
import { applyEjection, isMetric, newEjectionBest, searchEjections } from './ejection.ts'
import { createRng } from './rng.ts'
import { RouteState } from './route-state.ts'
import { search } from './search.ts'

/** Every subset of ≤ k removable tasks and every insertion place, checked by rebuilding the route. */
function bruteForce(ctx: Context, r: RouteState, vin: number, k: number, p: Float64Array): number {
  const nodes = r.nodes
  const removable = nodes
    .map((t, i) => (ctx.isBreak[t] || ctx.pinned[t] ? -1 : i))
    .filter((i) => i >= 0)
  let best = Number.POSITIVE_INFINITY
  const chosen: number[] = []
  const visit = () => {
    const kept = nodes.filter((_, i) => !chosen.includes(i))
    const psum = chosen.reduce((s, i) => s + (p[nodes[i] ?? 0] ?? 0), 0)
    if (psum >= best) return
    for (let pos = 0; pos <= kept.length; pos++) {
      const trial = kept.slice()
      trial.splice(pos, 0, vin)
      if (new RouteState(ctx, r.v, trial).feasible) {
        best = psum
        return
      }
    }
  }
  const rec = (from: number) => {
    visit()
    if (chosen.length === k) return
    for (let a = from; a < removable.length; a++) {
      chosen.push(removable[a] ?? 0)
      rec(a + 1)
      chosen.pop()
    }
  }
  rec(0)
  return best
}

const spec = fc.record({
  points: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), {
    minLength: 9,
    maxLength: 9,
  }),
  jobs: fc.array(
    fc.record({
      window: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 20, max: 250 })),
      service: fc.integer({ min: 0, max: 30 }),
      demand: fc.integer({ min: 0, max: 4 }),
      skill: fc.constant(0),
    }),
    { minLength: 6, maxLength: 9 },
  ),
  workers: fc.integer({ min: 1, max: 3 }),
  capacity: fc.integer({ min: 4, max: 20 }),
  shiftEnd: fc.integer({ min: 300, max: 700 }),
  withBreak: fc.boolean(),
})

describe('searchEjections', () => {
  it('should find the least penalty sum of a brute force over ejections and insertion places', () => {
    fc.assert(
      fc.property(
        spec,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (s, seed, k, exact) => {
          const doc = tinyProblem(s)
          if (exact) {
            // Unrounded Euclidean times obey the triangle inequality: the metric pruning is on.
            const pts = [[50, 50] as const, ...s.points.slice(0, s.jobs.length)]
            doc.matrix = {
              durations: pts.map(([x1, y1]) => pts.map(([x2, y2]) => Math.hypot(x1 - x2, y1 - y2))),
            }
          }
          const problem = parseDoorstep(doc)
          const ctx = createContext(problem)
          expect(isMetric(ctx)).toBe(exact ? true : isMetric(ctx))
          const plan = search(problem, { seed, iterations: 30 }).plan
          const rng = createRng(seed)
          const p = new Float64Array(ctx.taskCount)
          for (let t = 0; t < p.length; t++) p[t] = 1 + Math.floor(rng() * 4)
          for (const route of plan.routes) {
            const r = new RouteState(ctx, route.vehicle, route.tasks)
            for (let vin = 0; vin < problem.jobCount; vin++) {
              if (route.tasks.includes(vin)) continue
              const best = newEjectionBest(Number.POSITIVE_INFINITY)
              searchEjections(ctx, r, vin, k, p, best, rng)
              expect(best.psum).toBe(bruteForce(ctx, r, vin, k, p))
              if (best.route < 0) continue
              const out = applyEjection(r, vin, best)
              expect(new RouteState(ctx, r.v, out.nodes).feasible).toBe(true)
              expect(out.ejected.reduce((a, t) => a + (p[t] ?? 0), 0)).toBe(best.psum)
              expect(out.ejected.length).toBeLessThanOrEqual(k)
            }
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})
