import type { Measure, UnitWord } from '@doorstep/domain'

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string
/** What an amount counts: a sized item's pricing, or an order line's measure as it was booked. */
type Sized = Measure

/**
 * A per-unit item's own word for what it counts (ADR 0057): 只 / pet(s) for cats fed, 位 / seat(s) for a sofa.
 * Hours and m² are their own words. `n` chooses the English plural, as vue-i18n's 'pet | pets' does.
 */
export const unitWord = (t: Translate, unit: UnitWord, n = 1): string =>
  t(`unitWords.${unit}`, {}, n)

const named = (t: Translate, pricing: Sized, n: number) =>
  pricing.kind === 'per_unit' ? { unit: unitWord(t, pricing.unit, n) } : {}

/** After a unit price: "/小时", "/㎡", "/只" ("/h", "/m²", "/pet"). */
export const perUnitText = (t: Translate, pricing: Sized): string =>
  t(`catalog.perUnit.${pricing.kind}`, named(t, pricing, 1))

/** After an add-on's price: "/台", "/扇" ("/appliance", "/window"). */
export const addonUnitText = (t: Translate, addon: { unit: UnitWord }): string =>
  perUnitText(t, { kind: 'per_unit', unit: addon.unit })

/** Beside an amount to type: "小时", "平方米", "只" ("hours", "m²", "pets"). */
export const unitsText = (t: Translate, pricing: Sized, n = 2): string =>
  t(`orders.units.${pricing.kind}`, named(t, pricing, n))

/**
 * A quantity in thousandths in what it counts: "3 小时", "2 只" ("2 pets"); the number alone when it counts nothing
 * named (an add-on, a fixed price's one).
 */
export const amountIn = (t: Translate, quantityMilli: number, measure?: Sized): string => {
  const n = quantityMilli / 1000
  return measure ? `${n} ${unitsText(t, measure, n)}` : String(n)
}

/**
 * What an order's price line counted when booked; the item line of an order booked before lines said so counts
 * in `itemMeasure` (the item's word now), an add-on's then counts nothing named.
 */
export const lineMeasure = (
  line: { kind: string; measure?: Sized | undefined },
  itemMeasure: Sized | undefined,
): Sized | undefined => line.measure ?? (line.kind === 'item' ? itemMeasure : undefined)

type BySize = Extract<Sized, { kind: 'per_sqm' | 'per_unit' }>

/** An amount in the item's unit: "60 平方米", "2 只" ("1 pet", "2 pets"). */
export const amountText = (t: Translate, pricing: BySize, n: number): string =>
  t(`catalog.amountOf.${pricing.kind}`, { n, ...named(t, pricing, n) })

/** The editor's label for the time each m² or unit adds: "每只加时（分钟）" ("Minutes per pet"). */
export const minutesPerUnitLabel = (t: Translate, pricing: BySize): string =>
  t(`catalog.minutesPerUnit.${pricing.kind}`, named(t, pricing, 1))

/** The catalog list's note of that time: "每多 1 只加 15 分钟" ("+15 min per pet more"). */
export const minutesPerUnitShort = (t: Translate, pricing: BySize, minutes: number): string =>
  t(`catalog.minutesPerUnitShort.${pricing.kind}`, { n: minutes, ...named(t, pricing, 1) })
