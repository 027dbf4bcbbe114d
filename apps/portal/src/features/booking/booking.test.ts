import { describe, expect, it } from 'vitest'
import type { CatalogItem } from '../catalog/catalog.ts'
import { setDisplayTimeZone } from '@doorstep/ui'
import { chosenAddons, companyDate, feeNow, hhmm, orderChangeFee, initialQuantityMilli, localDate, nextDays, previewPrice, weekdayOf } from './booking.ts'

const item: CatalogItem = {
  id: '00000000-0000-4000-8000-000000000001',
  categoryId: '00000000-0000-4000-8000-000000000002',
  code: 'CLEAN',
  name: '日常保洁',
  description: '',
  photos: [],
  pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 },
  addons: [{ code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 }],
  durationMinutes: 180,
  durationPerUnitSeconds: 0,
  deposit: { kind: 'percent', basisPoints: 2000 },
  changePolicy: { freeUntilHours: 24, fee: { kind: 'percent', basisPoints: 2000 } },
  urgentFeeFen: 3000,
  warrantyDays: 7,
  projectPrices: [],
  notOfferedIn: [],
}

describe('booking price', () => {
  it('should start at the minimum quantity', () => {
    expect(initialQuantityMilli(item)).toBe(3000)
    expect(initialQuantityMilli({ ...item, pricing: { kind: 'fixed', priceFen: 100 } })).toBe(0)
  })
  it('should add extras and the ASAP fee and split the deposit', () => {
    const p = previewPrice(item, 4000, { FRIDGE: 1 }, true)
    expect(p.totalFen).toBe(20000 + 6000 + 3000)
    expect(p.depositFen).toBe(5800)
    expect(p.depositFen + p.balanceFen).toBe(p.totalFen)
  })
  it('should never price below the minimum quantity', () => {
    expect(previewPrice(item, 1000, {}, false).totalFen).toBe(15000)
  })
  it('should send only chosen extras', () => {
    expect(chosenAddons({ A: 0, B: 2 })).toEqual([{ code: 'B', quantity: 2 }])
  })
})

describe('dates', () => {
  it('should list 14 days from today', () => {
    const days = nextDays(new Date(2026, 0, 30, 23, 0))
    expect(days).toHaveLength(14)
    expect(days[0]!.date).toBe('2026-01-30')
    expect(days[2]!.date).toBe('2026-02-01')
    expect(localDate(new Date(2026, 11, 5))).toBe('2026-12-05')
  })

  it("should count days and read times in the company's zone, wherever the phone is", () => {
    setDisplayTimeZone('Asia/Shanghai')
    try {
      // 20:00 UTC on 6 December is 04:00 on the 7th in Shanghai: the company's today is the 7th.
      expect(nextDays(new Date('2026-12-06T20:00:00Z'), 2).map((d) => d.date)).toEqual([
        '2026-12-07',
        '2026-12-08',
      ])
      expect(hhmm('2026-12-07T00:00:00Z')).toBe('08:00')
      expect(companyDate(new Date('2026-12-06T16:00:00Z'))).toBe('2026-12-07')
    } finally {
      setDisplayTimeZone(undefined)
    }
    expect(weekdayOf('2026-12-07', 'zh-CN')).toBe('周一')
    expect(weekdayOf('2026-12-07', 'en')).toBe('Mon')
  })
})

describe('change fee', () => {
  const start = '2026-03-10T10:00:00.000Z'
  it('should be free before the free period ends', () => {
    expect(feeNow(item.changePolicy, start, 10000, new Date('2026-03-09T09:00:00.000Z'))).toBe(0)
  })
  it('should charge the policy fee inside it', () => {
    expect(feeNow(item.changePolicy, start, 10000, new Date('2026-03-09T11:00:00.000Z'))).toBe(2000)
  })
})

describe('order change fee', () => {
  const order = (status: string, feesFen = 0) => ({ status, windowStart: '2026-03-10T10:00:00.000Z', price: { totalFen: 10000, feesFen } })
  const late = new Date('2026-03-10T08:00:00.000Z')
  it('should not charge for cancelling an unpaid order, as the server does', () => {
    expect(orderChangeFee('cancel', order('pending_payment'), item.changePolicy, late)).toBe(0)
    expect(orderChangeFee('cancel', order('pending_dispatch'), item.changePolicy, late)).toBe(2000)
  })
  it('should charge for a late reschedule whatever the status', () => {
    expect(orderChangeFee('reschedule', order('pending_payment'), item.changePolicy, late)).toBe(2000)
  })
  it('should never charge more in fees, all changes together, than the order costs', () => {
    expect(orderChangeFee('reschedule', order('pending_dispatch', 9000), item.changePolicy, late)).toBe(1000)
    expect(orderChangeFee('cancel', order('pending_dispatch', 10000), item.changePolicy, late)).toBe(0)
  })
})
