import { describe, expect, it } from 'vitest'
import { parseDoorstep } from './formats/doorstep.ts'
import { createMatchPlan, rankInsertions } from './matcher.ts'

const problem = parseDoorstep({
  skills: ['aircon', 'plumbing'],
  matrix: {
    durations: [
      [0, 600, 1200, 300],
      [600, 0, 900, 500],
      [1200, 900, 0, 1000],
      [300, 500, 1000, 0],
    ],
  },
  jobs: [
    { id: 'a', location: 1, service: 3600, timeWindows: [[32400, 39600]], skills: ['aircon'] },
    { id: 'b', location: 2, service: 3600, timeWindows: [[46800, 54000]] },
    {
      id: 'new',
      location: 3,
      service: 1800,
      timeWindows: [[36000, 43200]],
      skills: ['aircon'],
      preferredWorkers: ['wang'],
    },
  ],
  workers: [
    {
      id: 'li',
      start: 0,
      end: 0,
      shift: [28800, 64800],
      skills: ['aircon', 'plumbing'],
      rating: 4.9,
    },
    { id: 'wang', start: 0, end: 0, shift: [28800, 64800], skills: ['aircon'], rating: 4.5 },
    { id: 'zhao', start: 0, end: 0, shift: [28800, 64800], skills: ['plumbing'], rating: 5 },
  ],
})
const plan = createMatchPlan(problem, {
  routes: [
    { vehicle: 0, tasks: [0, 1] },
    { vehicle: 1, tasks: [] },
  ],
  unassigned: [],
})

describe('rankInsertions', () => {
  it('should list every feasible worker and position with an explained score', () => {
    const options = rankInsertions(plan, 'new')
    // zhao lacks aircon; li has 3 positions, of which after 'b' is too late (window closes 12:00).
    expect(options.map((o) => `${String(o.worker)}@${o.position}`).sort()).toEqual([
      'li@0',
      'li@1',
      'wang@0',
    ])
    for (const o of options) {
      expect(o.score).toBeGreaterThan(0)
      expect(o.score).toBeLessThanOrEqual(100)
      expect(o.explanation.en).toContain(String(o.worker))
      expect(o.explanation['zh-CN']).toContain('绕路')
    }
    const wang = options.find((o) => o.worker === 'wang')
    expect(wang?.breakdown.customerPreference).toBe(1)
    expect(wang?.explanation.en).toContain("customer's preferred worker")
    expect(wang?.explanation['zh-CN']).toContain('客户指定师傅')
    // li after 'a': a ends 10:00 at loc 1, 500 s to loc 3 → arrives 10:08, detour 500+300-1200 < 0 → 0?
    const li1 = options.find((o) => o.worker === 'li' && o.position === 1)
    expect(li1?.costDelta).toBe(500 + 1000 - 900)
    expect(li1?.start).toBe(32400 + 3600 + 500)
  })
})
