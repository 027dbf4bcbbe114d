import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import type { PricingModel } from '@doorstep/domain'
import { UNIT_WORDS } from '@doorstep/domain'
import { messages } from '../../../i18n/messages.ts'
import {
  addonUnitText,
  amountIn,
  lineMeasure,
  amountText,
  minutesPerUnitLabel,
  minutesPerUnitShort,
  perUnitText,
  unitWord,
  unitsText,
} from './unitWords.ts'

const tIn = (locale: 'zh-CN' | 'en') => {
  const i18n = createI18n({ legacy: false, locale, messages, missingWarn: false })
  return (key: string, params: Record<string, unknown> = {}, plural?: number) =>
    plural === undefined ? i18n.global.t(key, params) : i18n.global.t(key, params, plural)
}
const cats: PricingModel = { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 }
const sofa: PricingModel = {
  kind: 'per_unit',
  unit: 'seat',
  unitFen: 15_000,
  minQuantityMilli: 1000,
}
const deep: PricingModel = { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 60_000 }

describe('unit words', () => {
  it("should say a per-unit item's own word in Chinese", () => {
    const t = tIn('zh-CN')
    expect(perUnitText(t, cats)).toBe('/只')
    expect(perUnitText(t, sofa)).toBe('/位')
    expect(unitsText(t, cats)).toBe('只')
    expect(amountText(t, cats, 2)).toBe('2 只')
    expect(minutesPerUnitLabel(t, cats)).toBe('每只加时（分钟）')
    expect(minutesPerUnitShort(t, sofa, 45)).toBe('每多 1 位加 45 分钟')
    // m² keep theirs.
    expect(perUnitText(t, deep)).toBe('/㎡')
    expect(amountText(t, deep, 60)).toBe('60 平方米')
  })

  it('should say it in English, one or more', () => {
    const t = tIn('en')
    expect(perUnitText(t, cats)).toBe('/pet')
    expect(unitsText(t, cats)).toBe('pets')
    expect(amountText(t, cats, 1)).toBe('1 pet')
    expect(amountText(t, cats, 3)).toBe('3 pets')
    expect(minutesPerUnitLabel(t, sofa)).toBe('Minutes per seat')
    expect(minutesPerUnitShort(t, cats, 15)).toBe('+15 min per pet more')
    expect(unitsText(t, { kind: 'per_hour' })).toBe('hours')
  })

  it('should say an amount in what it counts, or the number alone', () => {
    expect(amountIn(tIn('zh-CN'), 2000, { kind: 'per_unit', unit: 'pet' })).toBe('2 只')
    expect(amountIn(tIn('zh-CN'), 3500, { kind: 'per_hour' })).toBe('3.5 小时')
    expect(amountIn(tIn('en'), 1000, { kind: 'per_unit', unit: 'seat' })).toBe('1 seat')
    expect(amountIn(tIn('en'), 2000)).toBe('2')
    expect(addonUnitText(tIn('zh-CN'), { unit: 'window' })).toBe('/扇')
    expect(addonUnitText(tIn('en'), { unit: 'appliance' })).toBe('/appliance')
  })

  it("should count an order's line as booked, an older order's item line by the item's word now", () => {
    const pets = { kind: 'per_unit', unit: 'pet' } as const
    const hours = { kind: 'per_hour' } as const
    expect(lineMeasure({ kind: 'item', measure: pets }, hours)).toEqual(pets)
    expect(lineMeasure({ kind: 'item' }, hours)).toEqual(hours)
    expect(lineMeasure({ kind: 'addon' }, hours)).toBeUndefined()
    expect(lineMeasure({ kind: 'fee' }, hours)).toBeUndefined()
  })

  it('should have a word for every unit in both languages', () => {
    for (const unit of UNIT_WORDS) {
      expect(unitWord(tIn('zh-CN'), unit)).toMatch(/^[\u4e00-\u9fff]$/)
      expect(unitWord(tIn('en'), unit, 2)).toMatch(/^[a-z]+s$/)
    }
  })
})
