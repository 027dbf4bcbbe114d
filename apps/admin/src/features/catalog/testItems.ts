import type { PricingModel } from '@doorstep/domain'
import type { ServiceItem } from './api.ts'

let made = 0

/** A published service item for component tests: its price, estimate and time per unit; the rest plain. */
export function serviceItem(
  code: string,
  pricing: PricingModel,
  durationMinutes: number,
  durationPerUnitSeconds = 0,
  projectOverrides: ServiceItem['projectOverrides'] = [],
): ServiceItem {
  return {
    id: `0194f0a1-0000-7000-8000-${String(++made).padStart(12, '0')}`,
    categoryId: '0194f0a1-0000-7000-8000-0000000000bb',
    code,
    name: code,
    description: '',
    photos: [],
    pricing,
    addons: [],
    durationMinutes,
    durationPerUnitSeconds,
    skills: [],
    tools: [],
    deposit: { kind: 'none' },
    changePolicy: { freeUntilHours: 24, fee: { kind: 'percent', basisPoints: 2000 } },
    urgentFeeFen: 0,
    warrantyDays: 0,
    status: 'published',
    projectOverrides,
    priceVersion: 1,
    version: 1,
    updatedAt: '2025-03-01T00:00:00Z',
  }
}
