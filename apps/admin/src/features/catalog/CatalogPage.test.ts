// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '../../i18n/index.ts'
import type * as CatalogApi from './api.ts'
import type { ServiceItem } from './api.ts'
import { serviceItem } from './testItems.ts'

const items: ServiceItem[] = [
  // The demo's deep clean: 5 h for the first 60 m², 1.5 min for each m² more.
  serviceItem('DEEP', { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 60_000 }, 300, 90),
  // Priced per m², but the size does not change the visit.
  serviceItem('GLASS', { kind: 'per_sqm', unitFen: 500, minQuantityMilli: 10_000 }, 120),
  serviceItem(
    'CATS',
    { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
    45,
    15 * 60,
  ),
  serviceItem('HOURLY', { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 }, 180),
  // Estimated at 1 h, but booked for 2 h at least: the shortest visit is 2 h, as the portal says.
  serviceItem('SITTER', { kind: 'per_hour', unitFen: 6000, minQuantityMilli: 2000 }, 60),
  serviceItem('AC', { kind: 'fixed', priceFen: 8000 }, 90),
]

vi.mock('./api.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof CatalogApi>()),
  useCategories: () => ({ data: ref({ items: [] }) }),
  useDeleteCategory: () => ({ mutateAsync: vi.fn() }),
  useServiceItems: () => ({
    data: ref({ items, nextCursor: null }),
    isFetching: ref(false),
    isError: ref(false),
    error: ref(null),
    refetch: vi.fn(),
  }),
}))
vi.mock('../../stores/session.ts', () => ({
  useSessionStore: () => ({
    can: () => true,
    canIn: () => true,
    currentProjectId: null,
    projects: [],
  }),
}))

const { default: CatalogPage } = await import('./CatalogPage.vue')

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory('/admin/'),
    routes: [
      { path: '/catalog', name: 'catalog', component: CatalogPage },
      { path: '/catalog/items/:id', name: 'catalog-item', component: CatalogPage },
      { path: '/catalog/items/new', name: 'catalog-item-new', component: CatalogPage },
    ],
  })
  await router.push('/catalog')
  const page = mount(CatalogPage, {
    global: { plugins: [i18n, ElementPlus, router], stubs: { CategoryDialog: true } },
  })
  await flushPromises()
  return page
}

/** The duration column's text and hover hint of each row, by the item's code. */
async function durations() {
  const page = await mountPage()
  const rows = page.findAll('[data-testid=items-table] .el-table__body tr.el-table__row')
  return Object.fromEntries(
    rows.map((row) => {
      const cell = row.find('[data-testid=item-duration]')
      return [row.find('.ds-mono').text(), { text: cell.text(), hint: cell.attributes('title') }]
    }),
  )
}

describe('CatalogPage duration column', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('should show a duration that grows with the amount as a minimum, with the time per m² or unit as its hint', async () => {
    expect(await durations()).toEqual({
      DEEP: { text: '300 分钟起', hint: '每多 1 平方米加 1.5 分钟' },
      GLASS: { text: '120 分钟', hint: undefined },
      CATS: { text: '45 分钟起', hint: '每多 1 只加 15 分钟' },
      HOURLY: { text: '180 分钟起', hint: undefined },
      SITTER: { text: '120 分钟起', hint: undefined },
      AC: { text: '90 分钟', hint: undefined },
    })
  })

  it('should say "from" in English', async () => {
    i18n.global.locale.value = 'en'
    const shown = await durations()
    expect(shown.DEEP).toEqual({ text: 'from 300 min', hint: '+1.5 min per m² more' })
    expect(shown.GLASS).toEqual({ text: '120 min', hint: undefined })
  })
})
