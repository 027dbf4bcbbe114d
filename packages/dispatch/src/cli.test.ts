import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/doorstep-dispatch.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'dispatch-cli-'))
const solomon = join(dir, 'T1.txt')
writeFileSync(
  solomon,
  `T1

VEHICLE
NUMBER     CAPACITY
  3         20

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      50        50          0          0       500          0
    1      60        50         10          0        100         10
    2      60        60         10         50        150         10
    3      40        40         10          0        200         10
    4      30        50         10        100        250         10
    5      50        80          5          0        300         10
`,
)

describe('doorstep-dispatch', () => {
  it('should solve a Solomon file to VROOM JSON that verify accepts, and reject a broken one', () => {
    const out = execFileSync(process.execPath, [
      bin,
      'solve',
      solomon,
      '--format',
      'solomon',
      '--iterations',
      '300',
    ])
    const solution = JSON.parse(out.toString()) as {
      summary: { cost: number; unassigned: number; distance: number }
      routes: { steps: { type: string; id?: number; arrival: number }[] }[]
    }
    expect(solution.summary.unassigned).toBe(0)
    const ids = solution.routes.flatMap((r) =>
      r.steps.filter((s) => s.type === 'job').map((s) => s.id),
    )
    expect(ids.sort()).toEqual([1, 2, 3, 4, 5])
    const file = join(dir, 'solution.json')
    writeFileSync(file, out)
    const ok = spawnSync(process.execPath, [bin, 'verify', solomon, file])
    expect(ok.status).toBe(0)
    expect(ok.stdout.toString()).toContain('ok: ')
    // Drop a job: verify must list it and exit non-zero.
    const first = solution.routes[0]
    if (first)
      first.steps = first.steps.filter((s) => s.type !== 'job' || s.id !== first.steps[1]?.id)
    writeFileSync(file, JSON.stringify(solution))
    const bad = spawnSync(process.execPath, [bin, 'verify', solomon, file])
    expect(bad.status).toBe(1)
    expect(bad.stderr.toString()).toMatch(/neither routed nor listed unassigned/)
  })

  it('should explain bad input naming the field and exit 2', () => {
    const file = join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        skills: [],
        matrix: { durations: [[0, 1]] },
        jobs: [{ id: 'a', location: 1, service: -1 }],
        workers: [{ id: 'w', shift: [10, 5] }],
      }),
    )
    const run = spawnSync(process.execPath, [bin, 'solve', file, '--format', 'doorstep'])
    expect(run.status).toBe(2)
    const err = run.stderr.toString()
    expect(err).toContain('jobs.0.service: service duration must not be negative')
    expect(err).toContain('workers.0.shift: time window ends before it starts')
  })
})
