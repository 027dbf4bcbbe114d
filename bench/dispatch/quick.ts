// Quick single-instance run: node --import tsx bench/dispatch/quick.ts R101 2 [threads] [objective]
import { readFileSync } from 'node:fs'
import { parseSolomon } from '../../packages/dispatch/src/formats/solomon.ts'
import { solve } from '../../packages/dispatch/src/solve.ts'
import {
  toVroomSolution,
  parseVroomSolution,
} from '../../packages/dispatch/src/formats/vroom-solution.ts'
import { verify } from '../../packages/dispatch/src/verify.ts'

const [name = 'R101', seconds = '2', threads = '1', objective = 'distance'] = process.argv.slice(2)
const dir = new URL('../../../shared/bench/vrptw/solomon/', import.meta.url)
const problem = parseSolomon(readFileSync(new URL(`${name}.txt`, dir), 'utf8'))
const t0 = performance.now()
const result = await solve(problem, {
  timeLimitMs: Number(seconds) * 1000,
  threads: Number(threads),
  objective: objective === 'vehicles' ? 'vehicles' : 'distance',
})
const ms = performance.now() - t0
const report = verify(problem, parseVroomSolution(toVroomSolution(problem, result.plan, ms)))
console.log(
  `${name} vehicles=${result.vehicles} distance=${result.travelCost.toFixed(2)} unassigned=${result.unassigned} iterations=${result.iterations} ms=${ms.toFixed(0)} ok=${report.ok}`,
)
if (!report.ok) console.log(report.violations.slice(0, 10))
