import type { PricingModel } from './pricing.ts'

/** How long an item's visit is estimated to take, as the catalog keeps it. */
export interface DurationRule {
  /** The whole visit for a fixed price; for a per-m² or per-unit item, the visit at its minimum quantity. */
  durationMinutes: number
  /** Per-m² and per-unit items: what each m² or unit beyond the minimum adds (0: the size does not matter). */
  durationPerUnitSeconds: number
}

/** The longest one visit may take: it has to fit in a day (a longer job is booked as several visits). */
export const MAX_VISIT_HOURS = 24

/** Estimates are rounded up to this, so a 287 m² clean reads "about 4 h 35 min", not "4 h 33 min". */
const ROUND_MINUTES = 5

/** Whether an item's duration can grow with the amount booked: per-hour items are as long as the hours booked. */
export const scalesBySize = (
  pricing: PricingModel,
): pricing is Extract<PricingModel, { kind: 'per_sqm' | 'per_unit' }> =>
  pricing.kind === 'per_sqm' || pricing.kind === 'per_unit'

/**
 * The minutes one visit of `quantityMilli` (thousandths, as priced) takes: the hours booked for per-hour items
 * (never less than the estimate), the estimate plus the per-unit time beyond the minimum for per-m² and per-unit
 * items, the estimate for fixed prices. A quantity below the minimum is charged, and served, as the minimum.
 */
export function visitMinutes(
  rule: DurationRule,
  pricing: PricingModel,
  quantityMilli: number,
): number {
  if (pricing.kind === 'fixed') return rule.durationMinutes
  const quantity = Math.max(quantityMilli, pricing.minQuantityMilli)
  if (pricing.kind === 'per_hour')
    return Math.max(rule.durationMinutes, Math.round((quantity / 1000) * 60))
  const extraSeconds = ((quantity - pricing.minQuantityMilli) / 1000) * rule.durationPerUnitSeconds
  if (extraSeconds <= 0) return rule.durationMinutes
  return rule.durationMinutes + Math.ceil(extraSeconds / 60 / ROUND_MINUTES) * ROUND_MINUTES
}

/**
 * The most of an item one visit can hold within `MAX_VISIT_HOURS` (thousandths, whole units), for a form's
 * upper bound; null when the amount does not lengthen the visit beyond its estimate.
 */
export function largestVisitQuantityMilli(
  rule: DurationRule,
  pricing: PricingModel,
): number | null {
  if (pricing.kind === 'per_hour') return MAX_VISIT_HOURS * 1000
  if (!scalesBySize(pricing) || rule.durationPerUnitSeconds <= 0) return null
  const spareMinutes =
    Math.floor((MAX_VISIT_HOURS * 60 - rule.durationMinutes) / ROUND_MINUTES) * ROUND_MINUTES
  const units = Math.floor((Math.max(0, spareMinutes) * 60) / rule.durationPerUnitSeconds)
  return Math.ceil(pricing.minQuantityMilli / 1000) * 1000 + units * 1000
}
