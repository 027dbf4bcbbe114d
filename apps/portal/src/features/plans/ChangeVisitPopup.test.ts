// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { QueryClient, VueQueryPlugin } from '@tanstack/vue-query'
import Vant from 'vant'
import { i18n } from '../../i18n/index.ts'
import type { Plan } from './visits.ts'

vi.mock('vue-router', () => ({ useRouter: () => ({ push: vi.fn(), replace: vi.fn() }) }))

const { default: ChangeVisitPopup } = await import('./ChangeVisitPopup.vue')

// The unit project runs with TZ=UTC, so a visit's hour reads as written here.
const visit = {
  date: '2099-05-04',
  windowStart: '2099-05-04T15:00:00Z',
  status: 'booked',
  orderId: '0194f0a1-0000-7000-8000-000000000011',
  orderNo: 'DS2905040001',
  orderStatus: 'pending_dispatch',
  reason: null,
  attempts: 0,
} as const
const plan: Plan = {
  id: '0194f0a1-0000-7000-8000-000000000001',
  customerId: '0194f0a1-0000-7000-8000-000000000002',
  customerName: '李女士',
  customerPhoneMasked: '139****0000',
  addressId: '0194f0a1-0000-7000-8000-000000000003',
  serviceItemId: '0194f0a1-0000-7000-8000-000000000004',
  serviceName: '日常保洁',
  quantityMilli: 2000,
  rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=12',
  startDate: '2099-04-27',
  // The plan's window is 10:00; this one visit was moved to 15:00 on its own.
  windowHour: 10,
  discountPercent: 0,
  payOnSite: true,
  status: 'active',
  preferredWorkerId: null,
  bookedUntil: '2099-05-25',
  previousPlanId: null,
  nextPlanId: null,
  visitPrice: null,
  visits: [visit],
  createdAt: '2099-04-20T00:00:00Z',
}

function open() {
  return mount(ChangeVisitPopup, {
    props: { plan, visit, show: true },
    global: { plugins: [i18n, Vant, [VueQueryPlugin, { queryClient: new QueryClient() }]] },
    attachTo: document.body,
  })
}
const activeHour = () => document.querySelector('.ds-chip.is-active[data-hour]')?.getAttribute('data-hour')
const click = async (selector: string) => {
  document.querySelector<HTMLElement>(selector)?.click()
  await new Promise((resolve) => setTimeout(resolve))
}

describe('portal ChangeVisitPopup', () => {
  it("should start this visit at its own hour and later visits at the plan's, until the customer picks one", async () => {
    const popup = open()
    await new Promise((resolve) => setTimeout(resolve))
    expect(activeHour()).toBe('15')
    await click('[data-scope=future]')
    expect(activeHour()).toBe('10')
    await click('[data-scope=this]')
    expect(activeHour()).toBe('10')

    // A window the customer chose stays chosen whichever visits it is for.
    await click('[data-hour="13"]')
    await click('[data-scope=future]')
    expect(activeHour()).toBe('13')
    await click('[data-scope=this]')
    expect(activeHour()).toBe('13')
    popup.unmount()
  })
})
