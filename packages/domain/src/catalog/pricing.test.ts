import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { DepositRule, PricingModel } from './pricing.ts'
import { DEFAULT_UNIT_WORD, UNIT_WORDS, inItemsUnit, quote, readPricing } from './pricing.ts'
import { changeFee } from './policy.ts'

const fen = fc.integer({ min: 0, max: 5_000_000 })
const model: fc.Arbitrary<PricingModel> = fc.oneof(
  fen.map((priceFen) => ({ kind: 'fixed' as const, priceFen })),
  fc
    .record({
      kind: fc.constantFrom('per_hour' as const, 'per_sqm' as const, 'per_unit' as const),
      unitFen: fen,
      minQuantityMilli: fc.integer({ min: 0, max: 10_000 }),
    })
    .map(readPricing),
)
const deposit: fc.Arbitrary<DepositRule> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fen.map((amountFen) => ({ kind: 'fixed' as const, amountFen })),
  fc
    .integer({ min: 0, max: 10_000 })
    .map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
)
const input = fc.record({
  model,
  itemName: fc.constant('日常保洁'),
  quantityMilli: fc.integer({ min: 0, max: 200_000 }),
  addons: fc.array(
    fc.record({
      addon: fc.record({
        code: fc.string({ minLength: 1, maxLength: 5 }),
        name: fc.constant('x'),
        unit: fc.constantFrom(...UNIT_WORDS),
        unitFen: fen,
      }),
      quantity: fc.integer({ min: 0, max: 10 }),
    }),
    { maxLength: 4 },
  ),
  urgentFeeFen: fen,
  discountFen: fc.integer({ min: -1000, max: 10_000_000 }),
  deposit,
})

describe('quote', () => {
  it('should always add up: lines = total, deposit + balance = total, nothing negative or fractional', () => {
    fc.assert(
      fc.property(input, (i) => {
        const q = quote(i)
        expect(q.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(q.totalFen)
        expect(q.depositFen + q.balanceFen).toBe(q.totalFen)
        expect(q.subtotalFen - q.discountFen).toBe(q.totalFen)
        for (const v of [q.totalFen, q.depositFen, q.balanceFen, q.discountFen, q.subtotalFen]) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true)
        }
      }),
    )
  })

  it('should charge the minimum quantity for short jobs and round half up to the fen', () => {
    const q = quote({
      model: { kind: 'per_hour', unitFen: 4_999, minQuantityMilli: 3_000 },
      itemName: '日常保洁',
      quantityMilli: 2_000,
      addons: [],
      urgentFeeFen: 0,
      discountFen: 0,
      deposit: { kind: 'percent', basisPoints: 3_000 },
    })
    expect(q.lines[0]).toMatchObject({ quantityMilli: 3_000, amountFen: 14_997 })
    expect(q.depositFen).toBe(4_499) // 30 % of 149.97 = 44.991 → 44.99
    const half = quote({
      model: { kind: 'per_sqm', unitFen: 5, minQuantityMilli: 0 },
      itemName: 'x',
      quantityMilli: 1_100,
      addons: [],
      urgentFeeFen: 0,
      discountFen: 0,
      deposit: { kind: 'none' },
    })
    expect(half.totalFen).toBe(6) // 5.5 fen rounds up
  })
})

describe('changeFee', () => {
  const policy = { freeUntilHours: 24, fee: { kind: 'percent' as const, basisPoints: 2_000 } }
  const start = new Date('2026-12-01T02:00:00Z')
  it('should be free until the free period and a share of the total after it', () => {
    expect(changeFee(policy, start, new Date('2026-11-30T02:00:00Z'), 20_000)).toBe(0)
    expect(changeFee(policy, start, new Date('2026-11-30T02:00:01Z'), 20_000)).toBe(4_000)
    expect(
      changeFee(
        { freeUntilHours: 2, fee: { kind: 'fixed', amountFen: 99_999 } },
        start,
        start,
        5_000,
      ),
    ).toBe(5_000)
  })
})

describe('unit words', () => {
  it('should read a per-unit price kept without a word as items, in one key order', () => {
    const read = readPricing({ minQuantityMilli: 1000, unitFen: 4000, kind: 'per_unit' })
    expect(read).toEqual({ kind: 'per_unit', unit: 'item', unitFen: 4000, minQuantityMilli: 1000 })
    expect(Object.keys(read)).toEqual(['kind', 'unit', 'unitFen', 'minQuantityMilli'])
    const pets = { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 } as const
    expect(readPricing(pets)).toEqual(pets)
    // Hours and m² have no word.
    expect(readPricing({ kind: 'per_sqm', unitFen: 800, minQuantityMilli: 0 })).toEqual({
      kind: 'per_sqm',
      unitFen: 800,
      minQuantityMilli: 0,
    })
  })

  it("should count a project's own per-unit price in the item's word, whatever it was kept with", () => {
    const item = {
      kind: 'per_unit',
      unit: 'seat',
      unitFen: 15_000,
      minQuantityMilli: 1000,
    } as const
    const own = { kind: 'per_unit', unit: 'pet', unitFen: 12_000, minQuantityMilli: 1000 } as const
    expect(inItemsUnit(own, item)).toEqual({ ...own, unit: 'seat' })
    expect(
      inItemsUnit({ kind: 'per_unit', unitFen: 12_000, minQuantityMilli: 1000 }, item),
    ).toEqual({ ...own, unit: 'seat' })
    // An item kept without a word counts in items, and so does its project's price.
    expect(inItemsUnit(own, { kind: 'per_unit', unitFen: 1, minQuantityMilli: 0 })).toEqual({
      ...own,
      unit: 'item',
    })
    expect(inItemsUnit({ kind: 'fixed', priceFen: 1 }, item)).toEqual({
      kind: 'fixed',
      priceFen: 1,
    })
    expect(inItemsUnit(null, item)).toBeNull()
    expect(UNIT_WORDS).toContain(DEFAULT_UNIT_WORD)
  })
})
