import type { PricingModel } from './pricing.ts'

/**
 * How long an item's visit is estimated to take, as the catalog keeps it. Measured by the item's own pricing, also
 * in a project that prices it otherwise: the estimate is the item's, for the item's minimum.
 */
export interface DurationRule {
  /** The whole visit for a fixed price; for a per-m² or per-unit item, the visit at its minimum quantity. */
  durationMinutes: number
  /** Per-m² and per-unit items: what each m² or unit beyond the minimum adds (0: the size does not matter). */
  durationPerUnitSeconds: number
  pricing: PricingModel
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

/** Seconds in the rounding step. */
const ROUND_SECONDS = ROUND_MINUTES * 60

/**
 * The minutes one visit of `quantityMilli` (thousandths, as priced) takes: the hours booked for per-hour items
 * (never less than the estimate), the estimate plus the per-unit time beyond the minimum for per-m² and per-unit
 * items, the estimate for fixed prices. A quantity below the minimum is charged, and served, as the minimum.
 * In integers: thousandths times seconds stay exact (a float's 130.8 m² is not 130.8).
 */
export function visitMinutes(rule: DurationRule, quantityMilli: number): number {
  const { pricing } = rule
  if (pricing.kind === 'fixed') return rule.durationMinutes
  const quantity = Math.max(quantityMilli, pricing.minQuantityMilli)
  if (pricing.kind === 'per_hour')
    return Math.max(rule.durationMinutes, Math.round((quantity * 60) / 1000))
  const extraMilliSeconds = (quantity - pricing.minQuantityMilli) * rule.durationPerUnitSeconds
  if (extraMilliSeconds <= 0) return rule.durationMinutes
  return (
    rule.durationMinutes + Math.ceil(extraMilliSeconds / (ROUND_SECONDS * 1000)) * ROUND_MINUTES
  )
}

/**
 * The most of an item one visit can hold within `MAX_VISIT_HOURS` (thousandths, in whole units, never below the
 * minimum), for a form's upper bound; null when the amount does not lengthen the visit beyond its estimate.
 */
export function largestVisitQuantityMilli(rule: DurationRule): number | null {
  const { pricing } = rule
  if (pricing.kind === 'per_hour') return MAX_VISIT_HOURS * 1000
  if (!scalesBySize(pricing) || rule.durationPerUnitSeconds <= 0) return null
  const spareSteps = Math.max(
    0,
    Math.floor((MAX_VISIT_HOURS * 60 - rule.durationMinutes) / ROUND_MINUTES),
  )
  // The most beyond the minimum (thousandths) whose time fits in the whole rounding steps to spare.
  const extraMilli = Math.floor((spareSteps * ROUND_SECONDS * 1000) / rule.durationPerUnitSeconds)
  const largest = Math.floor((pricing.minQuantityMilli + extraMilli) / 1000) * 1000
  return Math.max(largest, pricing.minQuantityMilli)
}
