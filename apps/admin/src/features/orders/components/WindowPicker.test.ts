// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '../../../i18n/index.ts'
import type { Availability } from '../api.ts'

const availability: Availability = {
  date: '2030-05-06',
  timeZone: 'UTC',
  projectId: '0194f0a1-0000-7000-8000-000000000001',
  windows: [
    { start: '2030-05-06T08:00:00Z', end: '2030-05-06T10:00:00Z', available: true, capacity: 2 },
    { start: '2030-05-06T10:00:00Z', end: '2030-05-06T12:00:00Z', available: false, capacity: 0 },
  ],
  asap: { available: false, earliestArrival: null },
}

vi.mock('../api.ts', () => ({
  useAvailability: () => ({ data: ref(availability), isError: ref(false), isFetching: ref(false), error: ref(null) }),
}))

const { default: WindowPicker } = await import('./WindowPicker.vue')

function mountPicker(alternatives: Availability['windows'] | null = null) {
  return mount(WindowPicker, {
    props: {
      serviceItemId: 'item',
      addressId: 'address',
      allowAsap: true,
      alternatives,
      date: '2030-05-06',
      modelValue: null,
    },
    global: { plugins: [i18n, ElementPlus] },
  })
}

describe('WindowPicker', () => {
  it('should show full windows disabled with capacity as a hint, and ASAP disabled when nobody can come', async () => {
    const picker = mountPicker()
    const windows = picker.findAll('[data-testid=window]')
    expect(windows.map((w) => w.attributes('data-available'))).toEqual(['true', 'false'])
    expect(windows[0]?.text()).toContain('2 位师傅可接')
    expect(windows[1]?.attributes('disabled')).toBeDefined()
    expect(picker.find('[data-testid=window-asap]').attributes('disabled')).toBeDefined()
    await windows[0]?.trigger('click')
    expect(picker.emitted('update:modelValue')?.at(-1)).toEqual(['2030-05-06T08:00:00Z'])
    await windows[1]?.trigger('click')
    expect(picker.emitted('update:modelValue')).toHaveLength(1)
  })

  it('should offer the alternatives of a taken slot for picking', async () => {
    const picker = mountPicker([{ start: '2030-05-06T14:00:00Z', end: '2030-05-06T16:00:00Z', available: true, capacity: 1 }])
    expect(picker.find('[data-testid=slot-alternatives]').text()).toContain('该时间刚被约满')
    await picker.find('[data-testid=alternative]').trigger('click')
    expect(picker.emitted('update:modelValue')?.at(-1)).toEqual(['2030-05-06T14:00:00Z'])
  })

  it('should say so when a taken slot has no alternatives left', () => {
    expect(mountPicker([]).find('[data-testid=slot-alternatives]').text()).toContain('当天已无其他可选时间')
  })
})
