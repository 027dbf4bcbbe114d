import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PricingModel } from './pricing.ts'
import { readPricing } from './pricing.ts'
import { MAX_VISIT_HOURS, largestVisitQuantityMilli, visitMinutes } from './duration.ts'

const sqm = (minQuantityMilli: number): PricingModel => ({
  kind: 'per_sqm',
  unitFen: 800,
  minQuantityMilli,
})

describe('visitMinutes', () => {
  it('adds the per-unit time beyond the minimum, rounded up to 5 minutes', () => {
    // Deep cleaning: 4 h for the first 60 m², 90 s for each m² more.
    const rule = { durationMinutes: 240, durationPerUnitSeconds: 90, pricing: sqm(60_000) }
    expect(visitMinutes(rule, 60_000)).toBe(240)
    expect(visitMinutes(rule, 30_000)).toBe(240)
    expect(visitMinutes(rule, 100_000)).toBe(300)
    expect(visitMinutes(rule, 61_000)).toBe(245)
    expect(visitMinutes(rule, 287_000)).toBe(240 + 345)
  })

  it('counts exactly where floating point would not (130.8 m² at 250 s is 545 min, not 550)', () => {
    expect(
      visitMinutes({ durationMinutes: 0, durationPerUnitSeconds: 250, pricing: sqm(0) }, 130_800),
    ).toBe(545)
  })

  it('counts from zero when the item has no minimum; whole units for per-unit items', () => {
    const pricing: PricingModel = {
      kind: 'per_unit',
      unit: 'pet',
      unitFen: 9_000,
      minQuantityMilli: 0,
    }
    expect(
      visitMinutes({ durationMinutes: 30, durationPerUnitSeconds: 45 * 60, pricing }, 3_000),
    ).toBe(30 + 135)
  })

  it('keeps the estimate when the size does not matter, and the hours booked for per-hour items', () => {
    expect(
      visitMinutes({ durationMinutes: 120, durationPerUnitSeconds: 0, pricing: sqm(0) }, 500_000),
    ).toBe(120)
    const fixed: PricingModel = { kind: 'fixed', priceFen: 10_000 }
    expect(
      visitMinutes({ durationMinutes: 90, durationPerUnitSeconds: 60, pricing: fixed }, 9_000),
    ).toBe(90)
    const hourly: PricingModel = { kind: 'per_hour', unitFen: 5_000, minQuantityMilli: 2_000 }
    const rule = { durationMinutes: 120, durationPerUnitSeconds: 0, pricing: hourly }
    expect(visitMinutes(rule, 3_500)).toBe(210)
    expect(visitMinutes(rule, 1_000)).toBe(120)
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
          const rule = {
            durationMinutes,
            durationPerUnitSeconds,
            pricing: readPricing({ kind, unitFen: 100, minQuantityMilli }),
          }
          const [less, more] = a <= b ? [a, b] : [b, a]
          const shorter = visitMinutes(rule, less)
          expect(Number.isInteger(shorter)).toBe(true)
          expect(shorter).toBeGreaterThanOrEqual(durationMinutes)
          expect(visitMinutes(rule, more)).toBeGreaterThanOrEqual(shorter)
        },
      ),
    )
  })
})

describe('largestVisitQuantityMilli', () => {
  it('is the most a visit of at most a day holds, in whole units, and one more does not fit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 1440 }),
        fc.integer({ min: 1, max: 14_400 }),
        fc.constantFrom('per_sqm' as const, 'per_unit' as const),
        // Fractional minimums too (60.5 m²).
        fc.integer({ min: 0, max: 100_000 }),
        (durationMinutes, durationPerUnitSeconds, kind, minQuantityMilli) => {
          const rule = {
            durationMinutes,
            durationPerUnitSeconds,
            pricing: readPricing({ kind, unitFen: 100, minQuantityMilli }),
          }
          const largest = largestVisitQuantityMilli(rule)!
          expect(largest).toBeGreaterThanOrEqual(minQuantityMilli)
          expect(visitMinutes(rule, largest)).toBeLessThanOrEqual(MAX_VISIT_HOURS * 60)
          const next = Math.floor(largest / 1000) * 1000 + 1000
          if (largest % 1000 === 0 && visitMinutes(rule, minQuantityMilli) <= MAX_VISIT_HOURS * 60)
            expect(visitMinutes(rule, next)).toBeGreaterThan(MAX_VISIT_HOURS * 60)
        },
      ),
    )
  })

  it('caps a fractional minimum where the next whole unit would not fit (60.5 m², 1435 min, 300 s/m²)', () => {
    const rule = { durationMinutes: 1435, durationPerUnitSeconds: 300, pricing: sqm(60_500) }
    const largest = largestVisitQuantityMilli(rule)!
    expect(visitMinutes(rule, largest)).toBeLessThanOrEqual(1440)
    expect(largest).toBe(61_000)
  })

  it('leaves items whose size does not matter unbounded by time', () => {
    expect(
      largestVisitQuantityMilli({
        durationMinutes: 120,
        durationPerUnitSeconds: 0,
        pricing: sqm(0),
      }),
    ).toBeNull()
    expect(
      largestVisitQuantityMilli({
        durationMinutes: 120,
        durationPerUnitSeconds: 60,
        pricing: { kind: 'fixed', priceFen: 1 },
      }),
    ).toBeNull()
  })
})
