// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MaybeRefOrGetter } from 'vue'
import { computed, ref, toValue } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus, { ElSelect } from 'element-plus'
import type { PricingModel } from '@doorstep/domain'
import { i18n } from '../../i18n/index.ts'
import type * as CatalogApi from '../catalog/api.ts'
import type { ServiceItem } from '../catalog/api.ts'
import type * as CustomersApi from '../customers/api.ts'
import type * as OrdersApi from './api.ts'
import { serviceItem } from '../catalog/testItems.ts'

const PUDONG = '0194f0a1-0000-7000-8000-0000000000d1'
const CUSTOMER = '0194f0a1-0000-7000-8000-0000000000c1'

const perSqm = (minQuantityMilli: number): PricingModel => ({
  kind: 'per_sqm',
  unitFen: 800,
  minQuantityMilli,
})
const items = {
  // The demo's deep clean: 5 h for the first 60 m², 1.5 min for each m² more; a day holds 820 m².
  deep: serviceItem('DEEP', perSqm(60_000), 300, 90),
  // 45 min for the first cat, 15 min for each more; a day holds 94.
  cats: serviceItem(
    'CATS',
    { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
    45,
    15 * 60,
  ),
  // Priced per m², but the size does not change the visit.
  glass: serviceItem('GLASS', perSqm(10_000), 120),
  // Pudong charges from 80 m²; the visit is still the item's: 60 m² in 5 h, 20 m² more in 30 min.
  deepPudong: serviceItem('DEEP-PD', perSqm(60_000), 300, 90, [
    {
      projectId: PUDONG,
      available: true,
      pricing: { kind: 'per_sqm', unitFen: 900, minQuantityMilli: 80_000 },
    },
  ]),
}

const address = {
  id: '0194f0a1-0000-7000-8000-0000000000a1',
  label: '家',
  contactName: '周女士',
  contactPhoneMasked: '138****8000',
  city: '上海',
  district: '浦东新区',
  detailMasked: '张杨路****',
  location: { lat: 31.23, lng: 121.52 },
  projectId: PUDONG,
  projectActive: true,
  isDefault: true,
}
const customer = {
  id: CUSTOMER,
  name: '周女士',
  phoneMasked: '138****8000',
  tags: [],
  notes: '',
  addresses: [address],
}
const mutation = () => ({ mutateAsync: vi.fn(), isPending: ref(false) })

vi.mock('../catalog/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof CatalogApi>()),
  useServiceItems: () => ({
    data: ref({ items: Object.values(items), nextCursor: null }),
    isFetching: ref(false),
  }),
}))
vi.mock('../customers/api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof CustomersApi>()),
  useCustomers: () => ({
    data: ref({ items: [customer], nextCursor: null }),
    isFetching: ref(false),
  }),
  useCustomer: (id: MaybeRefOrGetter<string | null>) => ({
    data: computed(() => (toValue(id) === CUSTOMER ? customer : undefined)),
    isFetching: ref(false),
  }),
  useCreateCustomer: mutation,
  useAddAddress: mutation,
}))
vi.mock('./api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof OrdersApi>()),
  useCreateOrder: mutation,
}))
vi.mock('../../stores/session.ts', () => ({
  useSessionStore: () => ({
    can: () => true,
    canIn: () => true,
    currentProjectId: null,
    projects: [],
  }),
}))

const { default: PhoneOrderPage } = await import('./PhoneOrderPage.vue')

/** The page with the caller found by phone, their address chosen and `item` picked as the service. */
async function orderFor(item: ServiceItem) {
  const router = createRouter({
    history: createMemoryHistory('/admin/'),
    routes: [{ path: '/phone-order', component: PhoneOrderPage }],
  })
  await router.push('/phone-order')
  const page = mount(PhoneOrderPage, {
    global: { plugins: [i18n, ElementPlus, router], stubs: { WindowPicker: true } },
  })
  await page.find('input[data-testid=phone-search]').setValue('13800138000')
  await vi.waitFor(() => expect(page.find('[data-testid=pick-customer]').exists()).toBe(true))
  await page.find('[data-testid=pick-customer]').trigger('click')
  await flushPromises()
  expect(page.find('[data-testid=address-choice].is-checked').exists()).toBe(true)
  const select = page
    .findAllComponents(ElSelect)
    .find((s) => s.attributes('data-testid') === 'service-select')
  expect(select).toBeDefined()
  select?.vm.$emit('update:modelValue', item.id)
  await flushPromises()
  return page
}

const visitLength = (page: VueWrapper) => page.find('[data-testid=visit-length]').text()

/** Types an amount into the quantity box and leaves it, as an agent does; returns what the box then shows. */
async function enterQuantity(page: VueWrapper, amount: string) {
  const input = page.find('[data-testid=quantity] input')
  await input.setValue(amount)
  await input.trigger('change')
  await flushPromises()
  return (input.element as HTMLInputElement).value
}

describe('PhoneOrderPage visit length', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('should show the visit for the amount chosen, in hours and minutes, when a per-m² item adds time per m²', async () => {
    const page = await orderFor(items.deep)
    // Starts at the minimum, 60 m²: the item's estimate.
    expect((page.find('[data-testid=quantity] input').element as HTMLInputElement).value).toBe(
      '60.0',
    )
    expect(visitLength(page)).toBe('5 小时')
    await enterQuantity(page, '100')
    expect(visitLength(page)).toBe('6 小时')
    // 50 m² more take 75 min.
    await enterQuantity(page, '110')
    expect(visitLength(page)).toBe('6 小时 15 分钟')
    // Rounded up to 5 minutes: 1 m² more (1.5 min) is 5 min more.
    await enterQuantity(page, '61')
    expect(visitLength(page)).toBe('5 小时 5 分钟')
  })

  it('should cap the amount at what one day holds, when a per-m² item adds time per m²', async () => {
    const page = await orderFor(items.deep)
    expect(await enterQuantity(page, '5000')).toBe('820.0')
    expect(visitLength(page)).toBe('24 小时')
    expect(await enterQuantity(page, '821')).toBe('820.0')
  })

  it('should measure a per-unit item by the units chosen and cap it at a day', async () => {
    const page = await orderFor(items.cats)
    expect(visitLength(page)).toBe('45 分钟')
    expect(await enterQuantity(page, '3')).toBe('3')
    expect(visitLength(page)).toBe('1 小时 15 分钟')
    expect(await enterQuantity(page, '95')).toBe('94')
    expect(visitLength(page)).toBe('24 小时')
  })

  it('should neither lengthen nor cap the visit when the size does not matter', async () => {
    const page = await orderFor(items.glass)
    expect(await enterQuantity(page, '5000')).toBe('5000.0')
    expect(visitLength(page)).toBe('2 小时')
  })

  it("should measure the visit by the item's own minimum where the project charges from more", async () => {
    const page = await orderFor(items.deepPudong)
    // The project's minimum, 80 m², is 20 m² beyond the item's 60.
    expect((page.find('[data-testid=quantity] input').element as HTMLInputElement).value).toBe(
      '80.0',
    )
    expect(visitLength(page)).toBe('5 小时 30 分钟')
  })

  it('should say the visit in English', async () => {
    i18n.global.locale.value = 'en'
    const page = await orderFor(items.deep)
    await enterQuantity(page, '110')
    expect(visitLength(page)).toBe('6 h 15 min')
  })
})
