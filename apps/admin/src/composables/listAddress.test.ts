import { describe, expect, it } from 'vitest'
import { ALL_PROJECTS, projectInAddress, projectOfRoute } from './listAddress.ts'

const P1 = '0190b5a0-0000-7000-8000-000000000001'
const P2 = '0190b5a0-0000-7000-8000-000000000002'

describe("a list's project in its address", () => {
  it('should write nothing for the header’s project and `all` for every project while the header has one', () => {
    expect(projectInAddress(P1, P1)).toBeUndefined()
    expect(projectInAddress('', '')).toBeUndefined()
    expect(projectInAddress(P2, P1)).toBe(P2)
    expect(projectInAddress('', P1)).toBe(ALL_PROJECTS)
    expect(projectInAddress(P2, '')).toBe(P2)
  })

  it('should read back what it wrote', () => {
    for (const [chosen, header] of [
      [P1, P1],
      [P2, P1],
      ['', P1],
      [P2, ''],
      ['', ''],
    ] as const)
      expect(projectOfRoute(projectInAddress(chosen, header) ?? '', header)).toBe(chosen)
  })
})
