import { afterAll, describe, expect, it } from 'vitest'
import { parseDoorstep } from './formats/doorstep.ts'
import { parseVroomSolution, toVroomSolution } from './formats/vroom-solution.ts'
import { closeSolverThreads, solve } from './solve.ts'
import { tinyProblem } from './testing/instances.ts'
import { verify } from './verify.ts'

afterAll(() => closeSolverThreads())

const problem = parseDoorstep(
  tinyProblem({
    points: Array.from({ length: 12 }, (_, k) => [(k * 37) % 100, (k * 61) % 100] as const),
    jobs: Array.from({ length: 12 }, (_, k) => ({
      window: [(k * 23) % 200, 150] as const,
      service: 10,
      demand: 1 + (k % 3),
      skill: k % 3,
    })),
    workers: 3,
    capacity: 10,
    shiftEnd: 600,
    withBreak: true,
  }),
)

describe('solve on threads', () => {
  it('should give the same verified plan for the same (seed, threads, iterations)', async () => {
    const a = await solve(problem, { threads: 2, seed: 3, iterations: 400 })
    const b = await solve(problem, { threads: 2, seed: 3, iterations: 400 })
    expect(b.plan).toEqual(a.plan)
    expect(
      verify(problem, parseVroomSolution(toVroomSolution(problem, a.plan))).violations,
    ).toEqual([])
  })

  it('should be at least as good as its own first thread', async () => {
    const one = await solve(problem, { threads: 1, seed: 3, iterations: 400 })
    const two = await solve(problem, { threads: 2, seed: 3, iterations: 400 })
    expect(two.cost).toBeLessThanOrEqual(one.cost)
  })
})
