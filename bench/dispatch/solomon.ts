// Solomon VRPTW benchmark: solves the 56 instances, verifies every solution independently and prints
// vehicles, distance, gap to the best-known solutions and time per class and overall.
//
//   node --import tsx bench/dispatch/solomon.ts --time-limit 2 --threads 2 [--objective distance|vehicles] [--only R1]
//   npm run bench:dispatch -- 2 2   (time limit, threads)
//
// With a `vroom` binary on PATH it also runs `vroom -x 5 -t <threads>` on the same instances.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Problem } from '../../packages/dispatch/src/model.ts'
import { parseSolomon } from '../../packages/dispatch/src/formats/solomon.ts'
import {
  parseVroomSolution,
  toVroomSolution,
} from '../../packages/dispatch/src/formats/vroom-solution.ts'
import { solve, warmSolverThreads } from '../../packages/dispatch/src/solve.ts'
import { verify } from '../../packages/dispatch/src/verify.ts'

// `npm run bench:dispatch -- 2 2` reaches here as positionals (nested npm eats the flags).
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'time-limit': { type: 'string', default: '2' },
    threads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    objective: { type: 'string', default: 'distance' },
    only: { type: 'string', default: '' },
    dir: { type: 'string', default: '' },
    vroom: { type: 'string', default: 'auto' },
  },
})
const seconds = Number(positionals[0] ?? values['time-limit'])
const threads = Number(positionals[1] ?? values.threads)
const seed = Number(values.seed)
const objective = values.objective === 'vehicles' ? 'vehicles' : 'distance'
const dir = values.dir || new URL('../../../shared/bench/vrptw/solomon/', import.meta.url).pathname

function readBks(file: string): Map<string, { vehicles: number; distance: number }> {
  const map = new Map<string, { vehicles: number; distance: number }>()
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n').slice(1)) {
    const [name, vehicles, distance] = line.split(',')
    if (name && vehicles && distance)
      map.set(name, { vehicles: Number(vehicles), distance: Number(distance) })
  }
  return map
}
const bks = readBks(objective === 'vehicles' ? 'bks.csv' : 'bks_distance_only.csv')

function hasVroom(): boolean {
  if (values.vroom === 'off') return false
  try {
    execFileSync('vroom', ['--help'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** VROOM needs integer matrices: scale by 1000 (as vroom-scripts does), recompute distance exactly. */
function runVroom(
  problem: Problem,
  name: string,
): { distance: number; vehicles: number; ms: number; ok: boolean } {
  const S = 1000
  const n = problem.size
  const matrix = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => Math.round((problem.durations[i * n + j] ?? 0) * S)),
  )
  const input = {
    vehicles: problem.vehicles.map((v, k) => ({
      id: k + 1,
      start_index: v.start,
      end_index: v.end,
      capacity: v.capacity.map((c) => Math.round(c)),
      time_window: [Math.round(v.shift[0] * S), Math.round(v.shift[1] * S)],
    })),
    jobs: problem.tasks.slice(0, problem.jobCount).map((t) => ({
      id: Number(t.id),
      location_index: t.location,
      service: Math.round(t.service * S),
      delivery: t.demand.map((q) => Math.round(q)),
      time_windows: t.windows.map(([a, b]) => [Math.round(a * S), Math.round(b * S)]),
    })),
    matrices: { car: { durations: matrix } },
  }
  const tmp = mkdtempSync(join(tmpdir(), 'vroom-'))
  const file = join(tmp, `${name}.json`)
  writeFileSync(file, JSON.stringify(input))
  const t0 = performance.now()
  const out = execFileSync('vroom', ['-i', file, '-x', '5', '-t', String(threads)], {
    maxBuffer: 1 << 26,
  }).toString()
  const ms = performance.now() - t0
  const parsed = parseVroomSolution(JSON.parse(out))
  // Verify on the exact (unscaled) problem; VROOM's own summary is in scaled units, so drop it.
  const report = verify(problem, { ...parsed, reportedDistance: undefined })
  return { distance: report.distance, vehicles: report.vehicles, ms, ok: report.ok }
}

interface Row {
  name: string
  cls: string
  vehicles: number
  distance: number
  gap: number
  ms: number
  ok: boolean
  bksVehicles: number
  vroom?: { distance: number; vehicles: number; gap: number; ms: number; ok: boolean }
}

const files = readdirSync(dir)
  .filter((f) => /^(C|R|RC)\d+\.txt$/.test(f))
  .map((f) => f.replace('.txt', ''))
  .filter((f) => !values.only || new RegExp(`^(${values.only})`).test(f))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
const withVroom = hasVroom()
const rows: Row[] = []
console.log(
  `# Solomon ${files.length} instances, ${seconds} s, ${threads} thread(s), seed ${seed}, objective ${objective}, ` +
    `${cpus().length}× ${cpus()[0]?.model ?? '?'}, Node ${process.version}${withVroom ? ', with VROOM' : ''}`,
)
// Solver threads are started once and reused, as a server would.
warmSolverThreads(threads)
await new Promise((resolve) => setTimeout(resolve, 500))
for (const name of files) {
  const problem = parseSolomon(readFileSync(join(dir, `${name}.txt`), 'utf8'))
  const t0 = performance.now()
  const result = await solve(problem, { timeLimitMs: seconds * 1000, threads, seed, objective })
  const ms = performance.now() - t0
  const report = verify(problem, parseVroomSolution(toVroomSolution(problem, result.plan, ms)))
  const ref = bks.get(name)
  const gap = ref ? (100 * (report.distance - ref.distance)) / ref.distance : Number.NaN
  const row: Row = {
    name,
    cls: name.replace(/\d\d$/, ''),
    vehicles: report.vehicles,
    distance: report.distance,
    gap,
    ms,
    ok: report.ok && report.unassigned === 0,
    bksVehicles: ref?.vehicles ?? Number.NaN,
  }
  if (withVroom) {
    const v = runVroom(problem, name)
    row.vroom = { ...v, gap: ref ? (100 * (v.distance - ref.distance)) / ref.distance : Number.NaN }
  }
  rows.push(row)
  console.log(
    `${name.padEnd(6)} veh ${String(row.vehicles).padStart(2)} (bks ${row.bksVehicles})  dist ${row.distance.toFixed(2).padStart(8)}  ` +
      `gap ${row.gap.toFixed(2).padStart(6)} %  ${(ms / 1000).toFixed(2)} s  it ${result.iterations}  ${row.ok ? 'verified' : 'INVALID ' + report.violations.slice(0, 3).join('; ')}` +
      (row.vroom
        ? `  | vroom veh ${row.vroom.vehicles} dist ${row.vroom.distance.toFixed(2)} gap ${row.vroom.gap.toFixed(2)} % ${(row.vroom.ms / 1000).toFixed(2)} s${row.vroom.ok ? '' : ' INVALID'}`
        : ''),
  )
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const classes = ['C1', 'C2', 'R1', 'R2', 'RC1', 'RC2']
console.log(
  '\nclass  n  vehicles (bks)  distance    gap %   mean s' +
    (withVroom ? '  | vroom gap %  vroom s' : ''),
)
for (const cls of [...classes, 'all']) {
  const rs = cls === 'all' ? rows : rows.filter((r) => r.cls === cls)
  if (rs.length === 0) continue
  const line =
    `${cls.padEnd(5)} ${String(rs.length).padStart(2)}  ${String(sum(rs.map((r) => r.vehicles))).padStart(4)} (${sum(rs.map((r) => r.bksVehicles))})` +
    `  ${sum(rs.map((r) => r.distance))
      .toFixed(1)
      .padStart(9)}  ${mean(rs.map((r) => r.gap))
      .toFixed(2)
      .padStart(6)}  ${(mean(rs.map((r) => r.ms)) / 1000).toFixed(2).padStart(6)}` +
    (withVroom
      ? `  | ${mean(rs.map((r) => r.vroom?.gap ?? Number.NaN))
          .toFixed(2)
          .padStart(6)}  ${(mean(rs.map((r) => r.vroom?.ms ?? 0)) / 1000).toFixed(2)}`
      : '')
  console.log(line)
}
const invalid = rows.filter((r) => !r.ok)
console.log(
  invalid.length === 0
    ? 'all solutions verified'
    : `INVALID: ${invalid.map((r) => r.name).join(', ')}`,
)
if (invalid.length > 0) process.exitCode = 1
