// Real-time matcher latency: 100 workers with 10 jobs each, rank every (worker, position) for a new order.
//   node --import tsx bench/dispatch/matcher.ts [--workers 100] [--per-worker 10] [--calls 500]
import { parseArgs } from 'node:util'
import type { DoorstepProblem } from '../../packages/dispatch/src/formats/doorstep.ts'
import { parseDoorstep } from '../../packages/dispatch/src/formats/doorstep.ts'
import { createRng } from '../../packages/dispatch/src/engine/rng.ts'
import { createMatchPlan, rankInsertions } from '../../packages/dispatch/src/matcher.ts'
import { SKILLS } from './city-day.ts'

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '100' },
    'per-worker': { type: 'string', default: '10' },
    calls: { type: 'string', default: '500' },
  },
})
const W = Number(values.workers)
const K = Number(values['per-worker'])
const calls = Number(values.calls)
const H = 3600
const rng = createRng(42)
const locations: { lat: number; lon: number }[] = []
const workers: DoorstepProblem['workers'] = []
const jobs: DoorstepProblem['jobs'] = []
const routes: { vehicle: number; tasks: number[] }[] = []
for (let w = 0; w < W; w++) {
  const home = { lat: 31.1 + rng() * 0.25, lon: 121.3 + rng() * 0.3 }
  locations.push(home)
  const skills = [
    SKILLS[w % 12] ?? '',
    SKILLS[(w * 7 + 3) % 12] ?? '',
    SKILLS[(w * 5 + 1) % 12] ?? '',
  ]
  workers.push({
    id: `W${w + 1}`,
    start: locations.length - 1,
    end: locations.length - 1,
    shift: [8 * H, 20 * H],
    skills: [...new Set(skills)],
    rating: 4 + Math.round(rng() * 10) / 10,
  })
  const tasks: number[] = []
  for (let k = 0; k < K; k++) {
    // Jobs near home, every 50 minutes, 30 minutes of work, 2-hour windows.
    locations.push({ lat: home.lat + (rng() - 0.5) * 0.02, lon: home.lon + (rng() - 0.5) * 0.02 })
    const t = 8 * H + k * 50 * 60
    jobs.push({
      id: `J${w + 1}-${k + 1}`,
      location: locations.length - 1,
      service: 30 * 60,
      timeWindows: [[t, t + 2 * H]],
      skills: [skills[0] ?? ''],
    })
    tasks.push(jobs.length - 1)
  }
  routes.push({ vehicle: w, tasks })
}
// The new orders: different skills, places and times.
const fresh: number[] = []
for (let n = 0; n < 20; n++) {
  locations.push({ lat: 31.1 + rng() * 0.25, lon: 121.3 + rng() * 0.3 })
  const slot = 8 + 2 * Math.floor(rng() * 5)
  jobs.push({
    id: `NEW${n + 1}`,
    location: locations.length - 1,
    service: 45 * 60,
    timeWindows: [[slot * H, (slot + 2) * H]],
    skills: [SKILLS[n % 12] ?? ''],
    preferredWorkers: [`W${1 + ((n * 13) % W)}`],
  })
  fresh.push(jobs.length - 1)
}
const problem = parseDoorstep({
  skills: SKILLS,
  locations,
  travel: { roadFactor: 1.3, speedKmh: 25 },
  jobs,
  workers,
})
const t0 = performance.now()
const plan = createMatchPlan(problem, { routes, unassigned: [] })
const prepMs = performance.now() - t0
const infeasible = plan.routes.filter((r) => !r.feasible).length
const times: number[] = []
let options = 0
for (let c = 0; c < calls; c++) {
  const job = fresh[c % fresh.length] ?? 0
  const s = performance.now()
  const ranked = rankInsertions(plan, job)
  times.push(performance.now() - s)
  options += ranked.length
  if (c === 0 && ranked[0])
    console.log(
      `best for ${String(problem.tasks[job]?.id)}: ${ranked[0].explanation.en} | ${ranked[0].explanation['zh-CN']}`,
    )
}
times.sort((a, b) => a - b)
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
console.log(
  `${W} workers × ${K} jobs (${infeasible} infeasible base routes), plan prep ${prepMs.toFixed(1)} ms; ` +
    `rankInsertions over ${calls} calls: median ${q(0.5).toFixed(3)} ms, p95 ${q(0.95).toFixed(3)} ms, ` +
    `max ${q(1).toFixed(3)} ms; ${(options / calls).toFixed(0)} feasible options per call`,
)
