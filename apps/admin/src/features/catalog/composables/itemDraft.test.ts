import { describe, expect, it } from 'vitest'
import type { ServiceItem } from '@doorstep/contracts'
import { CreateServiceItemRequest } from '@doorstep/contracts'
import { toDraft, toRequest } from './itemDraft.ts'

const P = '0194f0a1-0000-7000-8000-000000000001'
const item: ServiceItem = {
  id: '0194f0a1-0000-7000-8000-0000000000aa',
  categoryId: '0194f0a1-0000-7000-8000-0000000000bb',
  code: 'DEEP',
  name: '深度保洁',
  description: '全屋',
  photos: [],
  pricing: { kind: 'per_sqm', unitFen: 850, minQuantityMilli: 60_000 },
  addons: [{ code: 'OVEN', name: '烤箱', unit: 'appliance', unitFen: 4990 }],
  durationMinutes: 240,
  durationPerUnitSeconds: 90,
  skills: ['保洁'],
  tools: ['吸尘器'],
  deposit: { kind: 'percent', basisPoints: 3000 },
  changePolicy: { freeUntilHours: 12, fee: { kind: 'fixed', amountFen: 2000 } },
  urgentFeeFen: 3000,
  warrantyDays: 7,
  status: 'published',
  projectOverrides: [
    { projectId: P, available: true, pricing: { kind: 'per_sqm', unitFen: 990, minQuantityMilli: 50_000 } },
  ],
  priceVersion: 2,
  version: 5,
  updatedAt: '2025-03-01T00:00:00Z',
}

describe('service item editor draft', () => {
  it('should show money in yuan, shares in percent and quantities in units', () => {
    const draft = toDraft(item)
    expect(draft.pricing).toEqual({ kind: 'per_sqm', yuan: 8.5, minQuantity: 60, unit: 'item' })
    expect(draft.minutesPerUnit).toBe(1.5)
    expect(draft.addons[0]?.yuan).toBe(49.9)
    expect(draft.deposit).toMatchObject({ kind: 'percent', percent: 30 })
    expect(draft.changePolicy).toMatchObject({ kind: 'fixed', yuan: 20, freeUntilHours: 12 })
    expect(draft.overrides[0]).toMatchObject({ ownPrice: true, pricing: { yuan: 9.9, minQuantity: 50 } })
  })

  it('should round-trip an item exactly and satisfy the contract', () => {
    const { id: _id, priceVersion: _p, version: _v, updatedAt: _u, photos: _ph, ...fields } = item
    const request = toRequest(toDraft(item))
    expect(request).toEqual(fields)
    expect(CreateServiceItemRequest.safeParse(request).success).toBe(true)
  })

  it('should send no price for a project that keeps the default, and drop rows without a project', () => {
    const draft = toDraft(item)
    draft.overrides = [
      { projectId: P, available: false, ownPrice: false, pricing: draft.pricing },
      { projectId: '', available: true, ownPrice: true, pricing: draft.pricing },
    ]
    expect(toRequest(draft).projectOverrides).toEqual([{ projectId: P, available: false, pricing: null }])
  })

  it('should keep time per m² or unit only for items priced so', () => {
    const draft = toDraft(item)
    draft.pricing = { ...draft.pricing, kind: 'per_hour' }
    expect(toRequest(draft).durationPerUnitSeconds).toBe(0)
    draft.pricing = { ...draft.pricing, kind: 'per_unit' }
    draft.minutesPerUnit = 12.5
    expect(toRequest(draft).durationPerUnitSeconds).toBe(750)
  })

  it("should keep a per-unit item's word, give a project's own price the item's, and start new ones with 件", () => {
    const cats: ServiceItem = {
      ...item,
      pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
      durationPerUnitSeconds: 900,
      projectOverrides: [{ projectId: P, available: true, pricing: { kind: 'per_unit', unit: 'pet', unitFen: 3000, minQuantityMilli: 1000 } }],
    }
    const { id: _id, priceVersion: _p, version: _v, updatedAt: _u, photos: _ph, ...fields } = cats
    const draft = toDraft(cats)
    expect(draft.pricing.unit).toBe('pet')
    expect(toRequest(draft)).toEqual(fields)
    draft.pricing.unit = 'seat'
    expect(toRequest(draft).pricing).toEqual({ kind: 'per_unit', unit: 'seat', unitFen: 4000, minQuantityMilli: 1000 })
    expect(toRequest(draft).projectOverrides?.[0]?.pricing).toMatchObject({ unit: 'seat', unitFen: 3000 })
    const fresh = toDraft(null)
    fresh.pricing.kind = 'per_unit'
    expect(toRequest(fresh).pricing).toMatchObject({ kind: 'per_unit', unit: 'item' })
  })

  it('should start a new item as a draft that the contract rejects until named', () => {
    const request = toRequest(toDraft(null, item.categoryId))
    expect(request.status).toBe('draft')
    expect(CreateServiceItemRequest.safeParse(request).success).toBe(false)
    expect(CreateServiceItemRequest.safeParse({ ...request, code: 'NEW', name: '新服务' }).success).toBe(true)
  })
})
