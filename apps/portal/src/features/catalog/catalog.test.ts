import { describe, expect, it } from 'vitest'
import type { PortalCatalog } from './catalog.ts'
import {
  browsedAt,
  durationParts,
  filterItems,
  fromPriceFen,
  offeredIn,
  pricedIn,
  samePricing,
  topCategories,
} from './catalog.ts'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const item = (n: number, categoryId: string, name: string, description = '') =>
  ({
    id: id(100 + n),
    categoryId,
    code: `I${n}`,
    name,
    description,
    photos: [],
    pricing: { kind: 'fixed', priceFen: 10000 },
    addons: [],
    durationMinutes: 60,
    durationPerUnitSeconds: 0,
    deposit: { kind: 'none' },
    changePolicy: { freeUntilHours: 24, fee: { kind: 'percent', basisPoints: 2000 } },
    urgentFeeFen: 0,
    warrantyDays: 0,
    projectPrices: [],
    notOfferedIn: [],
  }) satisfies PortalCatalog['items'][number]

const catalog: PortalCatalog = {
  company: { name: '家安到家' },
  categories: [
    { id: id(2), parentId: null, name: '维修', sort: 2 },
    { id: id(1), parentId: null, name: '保洁', sort: 1 },
    { id: id(3), parentId: id(1), name: '深度保洁', sort: 0 },
  ],
  items: [
    item(1, id(3), '深度保洁（按面积）', '厨房油污'),
    item(2, id(2), '空调维修'),
    item(3, id(1), '日常保洁'),
  ],
}

describe('catalog browsing', () => {
  it('should list top categories in order, each covering its sub-categories', () => {
    const tops = topCategories(catalog.categories)
    expect(tops.map((c) => c.name)).toEqual(['保洁', '维修'])
    expect([...tops[0]!.ids]).toEqual([id(1), id(3)])
  })
  it('should filter by a top category including its sub-categories', () => {
    const cleaning = topCategories(catalog.categories)[0]!.ids
    expect(filterItems(catalog, cleaning, '').map((i) => i.code)).toEqual(['I1', 'I3'])
  })
  it('should search names, descriptions and category names', () => {
    expect(filterItems(catalog, null, '油污').map((i) => i.code)).toEqual(['I1'])
    expect(filterItems(catalog, null, '维修').map((i) => i.code)).toEqual(['I2'])
    expect(filterItems(catalog, null, '  ')).toHaveLength(3)
  })
  it('should find Chinese-named services by common English words', () => {
    expect(filterItems(catalog, null, 'cleaning').map((i) => i.code)).toEqual(['I1', 'I3'])
    // Every word must match: a deep clean is not any clean.
    expect(filterItems(catalog, null, 'Deep clean').map((i) => i.code)).toEqual(['I1'])
    expect(filterItems(catalog, null, 'air con repair').map((i) => i.code)).toEqual(['I2'])
    // Whole words: "category" is not a cat.
    expect(filterItems(catalog, null, 'category')).toEqual([])
    expect(filterItems(catalog, null, 'xylophone')).toEqual([])
  })
  it('should start a per-hour price at the minimum quantity', () => {
    expect(fromPriceFen({ kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 })).toBe(15000)
    expect(fromPriceFen({ kind: 'per_sqm', unitFen: 800, minQuantityMilli: 0 })).toBe(800)
    expect(fromPriceFen({ kind: 'fixed', priceFen: 9900 })).toBe(9900)
  })
  it('should split minutes into hours and minutes', () => {
    expect(durationParts(150)).toEqual({ h: 2, m: 30 })
  })
  it("should price an item by the address's project where that project has its own price", () => {
    const pudong = id(901)
    const own = { kind: 'per_unit', unit: 'pet', unitFen: 5000, minQuantityMilli: 2000 } as const
    const cats = {
      ...item(9, id(1), '上门喂猫'),
      projectPrices: [{ projectId: pudong, pricing: own }],
    }
    expect(pricedIn(cats, pudong).pricing).toEqual(own)
    expect(pricedIn(cats, id(902)).pricing).toEqual({ kind: 'fixed', priceFen: 10000 })
    expect(pricedIn(cats, null)).toBe(cats)
  })
})

describe('browsing as a signed-in customer', () => {
  const pudong = id(901)
  const minhang = id(902)
  const jingan = id(903)
  const own = { kind: 'per_unit', unit: 'pet', unitFen: 5000, minQuantityMilli: 2000 } as const
  const cats = {
    ...item(9, id(1), '上门喂猫'),
    pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
    projectPrices: [
      { projectId: pudong, pricing: own },
      // Jing'an keeps the item's price, written out again: nothing to point out.
      {
        projectId: jingan,
        pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
      },
    ],
    notOfferedIn: [minhang],
  } satisfies PortalCatalog['items'][number]
  const at = (projectId: string, projectActive = true) => ({ projectId, projectActive })

  it("should price by the address's project and say when that differs from the item's own price", () => {
    expect(browsedAt(cats, at(pudong))).toEqual({
      item: { ...cats, pricing: own },
      projectPrice: true,
      refused: null,
    })
    expect(browsedAt(cats, at(jingan))).toMatchObject({ projectPrice: false, refused: null })
    expect(browsedAt(cats, at(id(904)))).toEqual({ item: cats, projectPrice: false, refused: null })
  })
  it("should show a guest, or a customer without an address, the item's own price", () => {
    expect(browsedAt(cats, null)).toEqual({ item: cats, projectPrice: false, refused: null })
  })
  it('should say it cannot be booked where the project does not offer it or takes no bookings', () => {
    expect(offeredIn(cats, minhang)).toBe(false)
    expect(offeredIn(cats, pudong)).toBe(true)
    expect(browsedAt(cats, at(minhang))).toEqual({
      item: cats,
      projectPrice: false,
      refused: 'not_offered',
    })
    expect(browsedAt(cats, at(pudong, false))).toMatchObject({
      item: { pricing: own },
      refused: 'closed',
    })
  })
  it('should tell prices apart by kind, amount, minimum and word', () => {
    expect(samePricing(own, { ...own })).toBe(true)
    expect(samePricing(own, { ...own, minQuantityMilli: 1000 })).toBe(false)
    expect(samePricing(own, { ...own, unitFen: 4000 })).toBe(false)
    expect(samePricing(own, { ...own, unit: 'seat' })).toBe(false)
    expect(samePricing(own, { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 2000 })).toBe(
      false,
    )
    expect(samePricing({ kind: 'fixed', priceFen: 100 }, { kind: 'fixed', priceFen: 100 })).toBe(
      true,
    )
    expect(samePricing({ kind: 'fixed', priceFen: 100 }, { kind: 'fixed', priceFen: 200 })).toBe(
      false,
    )
    expect(samePricing({ kind: 'fixed', priceFen: 10_000 }, own)).toBe(false)
  })
})
