import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dampedRating } from './rating.ts'

describe('dampedRating', () => {
  it('should start at the prior and not let one bad review swing it', () => {
    expect(dampedRating(0, 0)).toBe(4.6)
    expect(dampedRating(1, 1)).toBe(4)
  })
  it('should stay between the worst and best score and approach the true average', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 200 }), (scores) => {
        const r = dampedRating(
          scores.reduce((a, b) => a + b, 0),
          scores.length,
        )
        expect(r).toBeGreaterThanOrEqual(1)
        expect(r).toBeLessThanOrEqual(5)
      }),
    )
    expect(dampedRating(5 * 1000, 1000)).toBeCloseTo(5, 1)
  })
})
