// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { mount } from '@vue/test-utils'
import Vant from 'vant'
import type { ResponseOf } from '@doorstep/api-client'
import { i18n } from '../../i18n/index.ts'
import { addDays } from '@doorstep/domain'
import { localDate } from './booking.ts'

type Availability = ResponseOf<'portalAvailability'>
const past = '2020-05-06T08:00:00Z'
const future = (h: number) => `2099-05-06T${String(h).padStart(2, '0')}:00:00Z`
const availability: Availability = {
  date: '2099-05-06',
  timeZone: 'UTC',
  projectId: '0194f0a1-0000-7000-8000-000000000001',
  windows: [
    { start: past, end: '2020-05-06T10:00:00Z', available: false, capacity: 0 },
    { start: future(8), end: future(10), available: true, capacity: 1 },
    { start: future(10), end: future(12), available: false, capacity: 0 },
    { start: future(12), end: future(14), available: true, capacity: 5 },
  ],
  asap: { available: true, earliestArrival: future(7) },
}

vi.mock('./api.ts', () => ({
  useAvailability: () => ({ data: ref(availability), isError: ref(false), isFetching: ref(false), error: ref(null), refetch: vi.fn() }),
}))

const { default: WindowPicker } = await import('./WindowPicker.vue')

function mountPicker(allowAsap: boolean, date = localDate(new Date())) {
  return mount(WindowPicker, {
    props: { serviceItemId: 'item', addressId: 'address', allowAsap, urgentFeeFen: 3000, date, modelValue: null },
    global: { plugins: [i18n, Vant] },
  })
}

describe('portal WindowPicker', () => {
  it('should disable full and past windows, saying which, and hint at the last places', () => {
    const windows = mountPicker(false).findAll('[data-testid=window]')
    expect(windows.map((w) => w.attributes('data-available'))).toEqual(['false', 'true', 'false', 'true'])
    expect(windows[0]?.text()).toContain('已过时')
    expect(windows[1]?.text()).toContain('余 1')
    expect(windows[2]?.text()).toContain('已约满')
    expect(windows[3]?.text()).not.toContain('余')
    expect(windows[2]?.attributes('disabled')).toBeDefined()
  })

  it('should choose a free window and ignore taps on a full one', async () => {
    const picker = mountPicker(false)
    const windows = picker.findAll('[data-testid=window]')
    await windows[1]?.trigger('click')
    expect(picker.emitted('update:modelValue')?.at(-1)).toEqual([{ start: future(8), end: future(10), asap: false }])
    await windows[2]?.trigger('click')
    expect(picker.emitted('update:modelValue')).toHaveLength(1)
  })

  it('should offer ASAP with its surcharge only when asked to', async () => {
    expect(mountPicker(false).find('[data-testid=asap]').exists()).toBe(false)
    const picker = mountPicker(true)
    const asap = picker.find('[data-testid=asap]')
    expect(asap.text()).toContain('尽快上门')
    expect(asap.text()).toContain('+¥30')
    await asap.trigger('click')
    expect(picker.emitted('update:modelValue')?.at(-1)).toEqual([{ start: future(7), end: future(7), asap: true }])
  })

  it('should list 14 days starting today', () => {
    const days = mountPicker(false).findAll('.picker__day')
    expect(days).toHaveLength(14)
    expect(days[0]?.text()).toContain('今天')
    expect(days[1]?.text()).toContain('明天')
    expect(mountPicker(false).find('[data-testid=more-dates]').text()).toContain('更多日期')
  })

  it('should show a later day (from the calendar) at the end of the strip, within the booking horizon only', () => {
    const today = localDate(new Date())
    const later = addDays(today, 40)
    const days = mountPicker(false, later).findAll('.picker__day')
    expect(days).toHaveLength(15)
    expect(days[14]?.attributes('data-date')).toBe(later)
    expect(days[14]?.classes()).toContain('is-active')
    expect(mountPicker(false, addDays(today, 400)).emitted('update:date')?.at(-1)).toEqual([today])
  })
})
