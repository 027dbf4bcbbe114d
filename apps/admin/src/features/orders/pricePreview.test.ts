import { describe, expect, it } from 'vitest'
import type { ServiceItem } from '@doorstep/contracts'
import { chosenAddons, offeredIn, previewPrice, pricingIn } from './pricePreview.ts'

const P1 = '0194f0a1-0000-7000-8000-000000000001'
const P2 = '0194f0a1-0000-7000-8000-000000000002'
const item: ServiceItem = {
  id: '0194f0a1-0000-7000-8000-0000000000aa',
  categoryId: '0194f0a1-0000-7000-8000-0000000000bb',
  code: 'CLEAN',
  name: '日常保洁',
  description: '',
  photos: [],
  pricing: { kind: 'per_hour', unitFen: 4500, minQuantityMilli: 2000 },
  addons: [{ code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 3000 }],
  durationMinutes: 120,
  durationPerUnitSeconds: 0,
  skills: [],
  tools: [],
  deposit: { kind: 'percent', basisPoints: 3000 },
  changePolicy: { freeUntilHours: 24, fee: { kind: 'percent', basisPoints: 2000 } },
  urgentFeeFen: 2000,
  warrantyDays: 0,
  status: 'published',
  projectOverrides: [
    { projectId: P2, available: true, pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 } },
  ],
  priceVersion: 1,
  version: 1,
  updatedAt: '2025-03-01T00:00:00Z',
}

describe('phone order price preview', () => {
  it('should charge the minimum, add-ons, the urgent fee and take the deposit share', () => {
    const price = previewPrice({ item, projectId: P1, quantityMilli: 1500, addons: { FRIDGE: 2 }, asap: true, discountFen: 1000 })
    // 2 h minimum × ¥45 + 2 × ¥30 + ¥20 urgent − ¥10
    expect(price.subtotalFen).toBe(9000 + 6000 + 2000)
    expect(price.totalFen).toBe(16000)
    expect(price.depositFen).toBe(4800)
    expect(price.depositFen + price.balanceFen).toBe(price.totalFen)
    expect(price.lines.map((l) => l.kind)).toEqual(['item', 'addon', 'fee', 'discount'])
  })

  it("should use a project's own price", () => {
    expect(pricingIn(item, P2)).toMatchObject({ unitFen: 5000 })
    expect(pricingIn(item, P1)).toBe(item.pricing)
    expect(previewPrice({ item, projectId: P2, quantityMilli: 0, addons: {}, asap: false, discountFen: 0 }).totalFen).toBe(15000)
    expect(offeredIn({ ...item, projectOverrides: [{ projectId: P1, available: false, pricing: null }] }, P1)).toBe(false)
  })

  it('should send only add-ons chosen at least once', () => {
    expect(chosenAddons({ A: 0, B: 2 })).toEqual([{ code: 'B', quantity: 2 }])
  })
})
