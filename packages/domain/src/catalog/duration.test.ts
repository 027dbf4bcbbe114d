import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PricingModel } from './pricing.ts'
import { MAX_VISIT_HOURS, largestVisitQuantityMilli, visitMinutes } from './duration.ts'

const sqm = (minQuantityMilli: number): PricingModel => ({
  kind: 'per_sqm',
  unitFen: 800,
  minQuantityMilli,
})

describe('visitMinutes', () => {
  it('adds the per-unit time beyond the minimum, rounded up to 5 minutes', () => {
    // Deep cleaning: 4 h for the first 60 m², 90 s for each m² more.
    const rule = { durationMinutes: 240, durationPerUnitSeconds: 90 }
    expect(visitMinutes(rule, sqm(60_000), 60_000)).toBe(240)
    expect(visitMinutes(rule, sqm(60_000), 30_000)).toBe(240)
    expect(visitMinutes(rule, sqm(60_000), 100_000)).toBe(300)
    expect(visitMinutes(rule, sqm(60_000), 61_000)).toBe(245)
    expect(visitMinutes(rule, sqm(60_000), 287_000)).toBe(240 + 345)
  })

  it('counts from zero when the item has no minimum; whole units for per-unit items', () => {
    const rule = { durationMinutes: 30, durationPerUnitSeconds: 45 * 60 }
    const perUnit: PricingModel = { kind: 'per_unit', unitFen: 9_000, minQuantityMilli: 0 }
    expect(visitMinutes(rule, perUnit, 3_000)).toBe(30 + 135)
  })

  it('keeps the estimate when the size does not matter, and the hours booked for per-hour items', () => {
    expect(visitMinutes({ durationMinutes: 120, durationPerUnitSeconds: 0 }, sqm(0), 500_000)).toBe(
      120,
    )
    const fixed: PricingModel = { kind: 'fixed', priceFen: 10_000 }
    expect(visitMinutes({ durationMinutes: 90, durationPerUnitSeconds: 60 }, fixed, 9_000)).toBe(90)
    const hourly: PricingModel = { kind: 'per_hour', unitFen: 5_000, minQuantityMilli: 2_000 }
    const rule = { durationMinutes: 120, durationPerUnitSeconds: 0 }
    expect(visitMinutes(rule, hourly, 3_500)).toBe(210)
    expect(visitMinutes(rule, hourly, 1_000)).toBe(120)
  })

  it('never takes less than the estimate and never less for more (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 1440 }),
        fc.integer({ min: 0, max: 14_400 }),
        fc.constantFrom('per_sqm' as const, 'per_unit' as const, 'per_hour' as const),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (durationMinutes, durationPerUnitSeconds, kind, minQuantityMilli, a, b) => {
          const rule = { durationMinutes, durationPerUnitSeconds }
          const pricing: PricingModel = { kind, unitFen: 100, minQuantityMilli }
          const [less, more] = a <= b ? [a, b] : [b, a]
          const shorter = visitMinutes(rule, pricing, less)
          expect(Number.isInteger(shorter)).toBe(true)
          expect(shorter).toBeGreaterThanOrEqual(durationMinutes)
          expect(visitMinutes(rule, pricing, more)).toBeGreaterThanOrEqual(shorter)
        },
      ),
    )
  })
})

describe('largestVisitQuantityMilli', () => {
  it('is the most a visit of at most a day holds, and one more does not fit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 1440 }),
        fc.integer({ min: 1, max: 14_400 }),
        fc.constantFrom('per_sqm' as const, 'per_unit' as const),
        fc.integer({ min: 0, max: 100 }),
        (durationMinutes, durationPerUnitSeconds, kind, minUnits) => {
          const rule = { durationMinutes, durationPerUnitSeconds }
          const pricing = { kind, unitFen: 100, minQuantityMilli: minUnits * 1000 }
          const largest = largestVisitQuantityMilli(rule, pricing)!
          expect(visitMinutes(rule, pricing, largest)).toBeLessThanOrEqual(MAX_VISIT_HOURS * 60)
          if (visitMinutes(rule, pricing, pricing.minQuantityMilli) < MAX_VISIT_HOURS * 60 - 5)
            expect(visitMinutes(rule, pricing, largest + 1000)).toBeGreaterThan(
              MAX_VISIT_HOURS * 60,
            )
        },
      ),
    )
  })

  it('leaves items whose size does not matter unbounded by time', () => {
    const rule = { durationMinutes: 120, durationPerUnitSeconds: 0 }
    expect(largestVisitQuantityMilli(rule, sqm(0))).toBeNull()
    expect(largestVisitQuantityMilli(rule, { kind: 'fixed', priceFen: 1 })).toBeNull()
  })
})
