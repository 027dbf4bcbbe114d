// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { mount } from '@vue/test-utils'
import { i18n } from '../i18n/index.ts'
import type { Pricing } from '../features/catalog/catalog.ts'
import { useFormat } from './format.ts'

/** The portal's words, as a page would have them, in one language. */
function formatIn(locale: 'zh-CN' | 'en') {
  i18n.global.locale.value = locale
  let f!: ReturnType<typeof useFormat>
  mount(
    defineComponent({
      setup() {
        f = useFormat()
        return () => null
      },
    }),
    { global: { plugins: [i18n] } },
  )
  return f
}
const cats: Pricing = { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 }
const sofa: Pricing = { kind: 'per_unit', unit: 'seat', unitFen: 15_000, minQuantityMilli: 2000 }
const hourly: Pricing = { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 }
const line = (quantityMilli: number) => ({ kind: 'item', quantityMilli })

describe('per-unit words', () => {
  it('should price and count a per-unit item in its own word in Chinese', () => {
    const f = formatIn('zh-CN')
    expect(`${f.priceMain(cats)}${f.priceUnit(cats)}`).toBe('¥40/只')
    expect(f.priceMinimum(cats)).toBe('1只起')
    expect(f.quantity(line(2000), cats)).toBe('× 2只')
    expect(f.priceUnit(sofa)).toBe('/位')
    expect(f.priceMinimum(sofa)).toBe('2位起')
    expect(f.amount(3000, hourly)).toBe('3小时')
  })

  it('should say it in English, one or more', () => {
    const f = formatIn('en')
    expect(`${f.priceMain(cats)}${f.priceUnit(cats)}`).toBe('¥40/pet')
    expect(f.priceMinimum(cats)).toBe('min. 1 pet')
    expect(f.quantity(line(2000), cats)).toBe('× 2 pets')
    expect(f.quantity(line(1000), cats)).toBe('× 1 pet')
    expect(f.priceMinimum(sofa)).toBe('min. 2 seats')
    expect(f.priceUnit(hourly)).toBe('/hour')
  })

  it("should count an order's item line as it was booked, whatever the item counts now", () => {
    const f = formatIn('zh-CN')
    const booked = { ...line(2000), measure: { kind: 'per_unit', unit: 'pet' } as const }
    // The item has since turned to seats, or to a fixed price: the order still fed two cats.
    expect(f.quantity(booked, sofa)).toBe('× 2只')
    expect(f.quantity(booked, { kind: 'fixed', priceFen: 100 })).toBe('× 2只')
    expect(f.quantity({ ...line(3000), measure: { kind: 'per_hour' } }, undefined)).toBe('× 3小时')
    // Booked before lines said so: the item's word now.
    expect(f.quantity(line(2000), sofa)).toBe('× 2位')
  })

  it("should count an add-on in its word, and an older order's add-on line as a number", () => {
    const zh = formatIn('zh-CN')
    const windows = {
      kind: 'addon',
      quantityMilli: 3000,
      measure: { kind: 'per_unit', unit: 'window' } as const,
    }
    expect(zh.quantity(windows)).toBe('× 3扇')
    expect(zh.addonUnit({ unit: 'appliance' })).toBe('/台')
    expect(zh.quantity({ kind: 'addon', quantityMilli: 3000 })).toBe('× 3')
    const en = formatIn('en')
    expect(en.quantity(windows)).toBe('× 3 windows')
    expect(en.addonUnit({ unit: 'window' })).toBe('/window')
  })
})

describe('an item browsed at a project with its own price', () => {
  it("should measure the visit at the project's minimum by the item's own rule", () => {
    const f = formatIn('zh-CN')
    // 45 minutes for one cat, 15 more a cat: a project that charges from 2 cats starts at an hour.
    const feeding = {
      pricing: cats,
      durationMinutes: 45,
      durationPerUnitSeconds: 900,
    } as Parameters<typeof f.itemDuration>[0]
    expect(f.itemDuration(feeding)).toBe('约 45 分钟起')
    expect(f.itemDuration(feeding, { ...cats, unitFen: 5000, minQuantityMilli: 2000 })).toBe(
      '约 1 小时起',
    )
    // A fixed price there books the item's minimum, and no more.
    expect(f.itemDuration(feeding, { kind: 'fixed', priceFen: 9900 })).toBe('约 45 分钟')
  })
})
