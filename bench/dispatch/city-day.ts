// A realistic home-service day in a Chinese city (Shanghai-like): 1 000 jobs, 80 workers, 12 skills,
// 2-hour windows, lunch breaks, staggered shifts, a few accepted (pinned) appointments and VIP orders.
//
//   node --import tsx bench/dispatch/city-day.ts [--time-limit 10] [--threads 2] [--seed 1] [--out day.json]
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { DoorstepProblem } from '../../packages/dispatch/src/formats/doorstep.ts'
import { parseDoorstep } from '../../packages/dispatch/src/formats/doorstep.ts'
import {
  parseVroomSolution,
  toVroomSolution,
} from '../../packages/dispatch/src/formats/vroom-solution.ts'
import { createRng } from '../../packages/dispatch/src/engine/rng.ts'
import { solve, warmSolverThreads } from '../../packages/dispatch/src/solve.ts'
import { verify } from '../../packages/dispatch/src/verify.ts'

export const SKILLS = [
  'aircon', // 空调
  'plumbing', // 水管
  'electrical', // 电路
  'cleaning', // 保洁
  'appliance', // 家电
  'locksmith', // 开锁
  'doors-windows', // 门窗
  'painting', // 墙面
  'gas', // 燃气
  'water-heater', // 热水器
  'network', // 网络
  'furniture', // 家具安装
]

const H = 3600

export function generateCityDay(options: {
  jobs?: number
  workers?: number
  seed?: number
}): DoorstepProblem {
  const jobCount = options.jobs ?? 1000
  const workerCount = options.workers ?? 80
  const rng = createRng(options.seed ?? 1)
  const gauss = () => {
    const u = Math.max(1e-12, rng())
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
  }
  // District centres around People's Square; ~3 km spread each (1° lat ≈ 111 km).
  const districts = [
    [31.2304, 121.4737],
    [31.2243, 121.5446],
    [31.2707, 121.4886],
    [31.1934, 121.4367],
    [31.2586, 121.4072],
    [31.1518, 121.5045],
    [31.2983, 121.5373],
    [31.1667, 121.3953],
  ] as const
  const point = () => {
    const d = districts[Math.floor(rng() * districts.length)] ?? districts[0]
    return { lat: d[0] + (gauss() * 3) / 111, lon: d[1] + (gauss() * 3) / 95 }
  }
  const skillWeights = [14, 12, 12, 14, 10, 4, 5, 4, 6, 8, 6, 5]
  const totalW = skillWeights.reduce((a, b) => a + b, 0)
  const pickSkill = () => {
    let u = rng() * totalW
    for (let k = 0; k < skillWeights.length; k++) {
      u -= skillWeights[k] ?? 0
      if (u <= 0) return k
    }
    return 0
  }
  const locations: { lat: number; lon: number }[] = []
  const workers: DoorstepProblem['workers'] = []
  const workerSkills: number[][] = []
  for (let w = 0; w < workerCount; w++) {
    locations.push(point())
    const skills = new Set<number>([pickSkill(), pickSkill()])
    while (skills.size < 2 + Math.floor(rng() * 4)) skills.add(pickSkill())
    workerSkills.push([...skills])
    const startHour = [8, 8, 9, 9, 10][Math.floor(rng() * 5)] ?? 8
    workers.push({
      id: `W${String(w + 1).padStart(3, '0')}`,
      start: w,
      end: w,
      shift: [startHour * H, (startHour + 10) * H],
      skills: [...skills].map((s) => SKILLS[s] ?? ''),
      breaks: [{ id: `lunch-${w + 1}`, windows: [[11.5 * H, 13.5 * H]], duration: 45 * 60 }],
      maxJobs: 16,
      maxWorkingTime: 10 * H,
      rating: Math.round((4 + rng()) * 10) / 10,
    })
  }
  const jobs: DoorstepProblem['jobs'] = []
  const pinnedFor = new Set<number>()
  for (let j = 0; j < jobCount; j++) {
    locations.push(point())
    const skill = pickSkill()
    const skills = [SKILLS[skill] ?? '']
    if (rng() < 0.1) {
      const extra = SKILLS[pickSkill()] ?? ''
      if (!skills.includes(extra)) skills.push(extra)
    }
    const slot = 8 + 2 * Math.floor(rng() * 6) // 08–10 … 18–20
    const service = skill === 3 ? 60 * 60 : (15 + 5 * Math.floor(rng() * 7)) * 60 // cleaning 1 h
    const job: DoorstepProblem['jobs'][number] = {
      id: `J${String(j + 1).padStart(4, '0')}`,
      location: workerCount + j,
      service,
      timeWindows: [[slot * H, (slot + 2) * H]],
      skills,
      priority: rng() < 0.1 ? 50 : 0,
    }
    // About 4 % are already accepted appointments: pinned to a skilled worker at a fixed start.
    if (rng() < 0.04 && slot >= 10 && slot <= 14 && skills.length === 1) {
      const w = workerSkills.findIndex((ws, k) => !pinnedFor.has(k) && ws.includes(skill))
      if (w >= 0) {
        pinnedFor.add(w)
        job.pinnedWorker = workers[w]?.id
        job.fixedStart = (slot + 0.5) * H
      }
    }
    jobs.push(job)
  }
  return { skills: SKILLS, locations, travel: { roadFactor: 1.3, speedKmh: 25 }, jobs, workers }
}

const isMain = import.meta.url === `file://${process.argv[1]}`
if (isMain) {
  const { values } = parseArgs({
    options: {
      'time-limit': { type: 'string', default: '10' },
      threads: { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
      jobs: { type: 'string', default: '1000' },
      workers: { type: 'string', default: '80' },
      out: { type: 'string' },
    },
  })
  const json = generateCityDay({
    jobs: Number(values.jobs),
    workers: Number(values.workers),
    seed: Number(values.seed),
  })
  if (values.out) writeFileSync(values.out, JSON.stringify(json))
  warmSolverThreads(Number(values.threads))
  const t0 = performance.now()
  const problem = parseDoorstep(json)
  const loadMs = performance.now() - t0
  const result = await solve(problem, {
    timeLimitMs: Number(values['time-limit']) * 1000,
    threads: Number(values.threads),
    seed: Number(values.seed),
  })
  const ms = performance.now() - t0
  const solution = toVroomSolution(problem, result.plan, ms)
  const report = verify(problem, parseVroomSolution(solution))
  const reasons = new Map<string, number>()
  for (const u of result.plan.unassigned) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1)
  const vip = result.plan.unassigned.filter((u) => (problem.tasks[u.job]?.priority ?? 0) > 0).length
  const work = solution.routes.map((r) => {
    const first = r.steps[0]?.arrival ?? 0
    const last = r.steps[r.steps.length - 1]?.arrival ?? 0
    return (last - first) / H
  })
  console.log(
    `# city day: ${problem.jobCount} jobs, ${problem.vehicles.length} workers, ${SKILLS.length} skills`,
  )
  console.log(
    `load + matrix ${loadMs.toFixed(0)} ms; total ${(ms / 1000).toFixed(2)} s (limit ${values['time-limit']} s, ${values.threads} threads), ${result.iterations} iterations`,
  )
  console.log(
    `assigned ${report.assigned}, unassigned ${report.unassigned} (VIP unassigned ${vip}): ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`,
  )
  console.log(
    `workers used ${report.vehicles}; travel ${(report.duration / H).toFixed(1)} h, ${(report.distance / 1000).toFixed(0)} km; service ${(solution.summary.service / H).toFixed(1)} h; waiting ${(solution.summary.waiting_time / H).toFixed(1)} h`,
  )
  console.log(
    `working hours per worker: min ${Math.min(...work).toFixed(1)}, mean ${(work.reduce((a, b) => a + b, 0) / Math.max(1, work.length)).toFixed(1)}, max ${Math.max(...work).toFixed(1)}`,
  )
  console.log(report.ok ? 'verified' : `INVALID:\n  ${report.violations.slice(0, 10).join('\n  ')}`)
  if (!report.ok) process.exitCode = 1
}
