import type { Fen } from '../money/money.ts'
import { share, sum, times } from '../money/money.ts'

/**
 * What a per-unit item counts (ADR 0057): a cat fed is a pet, a sofa cleaned by the seat, an air conditioner an
 * appliance. Words, not text: each app says them in its language (件, 次, 台, 间, 扇, 位, 只, 个, 套).
 */
export const UNIT_WORDS = [
  'item',
  'visit',
  'appliance',
  'room',
  'window',
  'seat',
  'pet',
  'piece',
  'set',
] as const
export type UnitWord = (typeof UNIT_WORDS)[number]
/** The word of a per-unit price kept before units had words: 件 / item, as every app called them then. */
export const DEFAULT_UNIT_WORD: UnitWord = 'item'

/** How an item is charged. Quantities are in thousandths (1.5 h = 1500) so they stay integers. */
export type PricingModel =
  | { kind: 'fixed'; priceFen: Fen }
  | { kind: 'per_hour'; unitFen: Fen; minQuantityMilli: number }
  | { kind: 'per_sqm'; unitFen: Fen; minQuantityMilli: number }
  | { kind: 'per_unit'; unit: UnitWord; unitFen: Fen; minQuantityMilli: number }

/** A pricing as kept: one saved before units had words has none (ADR 0057). */
export type KeptPricingModel =
  | Exclude<PricingModel, { kind: 'per_unit' }>
  | (Omit<Extract<PricingModel, { kind: 'per_unit' }>, 'unit'> & { unit?: UnitWord | undefined })

/**
 * A kept pricing as read: a per-unit one without its word counts in items. Always in one key order (kind, unit,
 * unitFen, minQuantityMilli), so two readings of one price compare equal as JSON.
 */
export function readPricing(p: KeptPricingModel): PricingModel {
  switch (p.kind) {
    case 'fixed':
      return { kind: 'fixed', priceFen: p.priceFen }
    case 'per_hour':
    case 'per_sqm':
      return { kind: p.kind, unitFen: p.unitFen, minQuantityMilli: p.minQuantityMilli }
    case 'per_unit':
      return {
        kind: 'per_unit',
        unit: p.unit ?? DEFAULT_UNIT_WORD,
        unitFen: p.unitFen,
        minQuantityMilli: p.minQuantityMilli,
      }
  }
}

/**
 * A project's own price as read and saved: a per-unit one counts in the item's word, whatever it was sent or kept
 * with, as it keeps the item's kind (ADR 0053): the word a project shows is always the item's.
 */
export function inItemsUnit(
  own: KeptPricingModel | null,
  item: KeptPricingModel,
): PricingModel | null {
  if (!own) return null
  const read = readPricing(own)
  const itemRead = readPricing(item)
  return read.kind === 'per_unit' && itemRead.kind === 'per_unit'
    ? { ...read, unit: itemRead.unit }
    : read
}

/**
 * What an amount counts — hours, m², or a per-unit item's or an add-on's word — kept on the order's item and add-on
 * lines as they were booked, so the order reads "3 小时" or "2 只" after the item's pricing changes. A fixed price
 * counts nothing.
 */
export type Measure =
  { kind: 'per_hour' } | { kind: 'per_sqm' } | { kind: 'per_unit'; unit: UnitWord }

export function measureOf(model: PricingModel): Measure | undefined {
  switch (model.kind) {
    case 'fixed':
      return undefined
    case 'per_hour':
    case 'per_sqm':
      return { kind: model.kind }
    case 'per_unit':
      return { kind: 'per_unit', unit: model.unit }
  }
}

export type DepositRule =
  { kind: 'none' } | { kind: 'fixed'; amountFen: Fen } | { kind: 'percent'; basisPoints: number }

export interface AddonPrice {
  code: string
  name: string
  /** What one of it is: a window (扇) cleaned, an appliance (台) … (ADR 0057). */
  unit: UnitWord
  /** Per unit of the add-on (e.g. per window, per appliance). */
  unitFen: Fen
}

/** An add-on as kept: one saved before add-ons had words has none. */
export type KeptAddon = Omit<AddonPrice, 'unit'> & { unit?: UnitWord | undefined }

/** A kept add-on as read: without its word it counts items (件), in one key order, as `readPricing`. */
export const readAddon = (a: KeptAddon): AddonPrice => ({
  code: a.code,
  name: a.name,
  unit: a.unit ?? DEFAULT_UNIT_WORD,
  unitFen: a.unitFen,
})

export interface PriceInput {
  model: PricingModel
  itemName: string
  /** Hours, m² or units ×1000; ignored for fixed prices. */
  quantityMilli: number
  addons: ReadonlyArray<{ addon: AddonPrice; quantity: number }>
  /** Extra charge for "as soon as possible" service, when chosen. */
  urgentFeeFen: Fen
  /** A discount (coupon or staff goodwill); never more than the subtotal. */
  discountFen: Fen
  deposit: DepositRule
}

export interface PriceLine {
  kind: 'item' | 'addon' | 'fee' | 'discount'
  code: string
  label: string
  quantityMilli: number
  unitFen: Fen
  amountFen: Fen
  /** What the quantity of an item or add-on line counts (absent on orders booked before lines said so). */
  measure?: Measure
}

export interface PriceBreakdown {
  lines: PriceLine[]
  subtotalFen: Fen
  discountFen: Fen
  totalFen: Fen
  depositFen: Fen
  balanceFen: Fen
}

/**
 * The whole price of an order. Invariants (property-tested): every amount is a whole non-negative number of
 * fen; the lines add up to the total; deposit + balance = total; the deposit never exceeds the total.
 */
export function quote(input: PriceInput): PriceBreakdown {
  const lines: PriceLine[] = []
  const m = input.model
  if (m.kind === 'fixed') {
    lines.push({
      kind: 'item',
      code: 'item',
      label: input.itemName,
      quantityMilli: 1000,
      unitFen: m.priceFen,
      amountFen: m.priceFen,
    })
  } else {
    const q = Math.max(input.quantityMilli, m.minQuantityMilli)
    lines.push({
      kind: 'item',
      code: 'item',
      label: input.itemName,
      quantityMilli: q,
      unitFen: m.unitFen,
      amountFen: times(m.unitFen, q),
      measure: measureOf(m),
    })
  }
  for (const { addon, quantity } of input.addons) {
    if (quantity <= 0) continue
    lines.push({
      kind: 'addon',
      code: addon.code,
      label: addon.name,
      quantityMilli: quantity * 1000,
      unitFen: addon.unitFen,
      amountFen: addon.unitFen * quantity,
      measure: { kind: 'per_unit', unit: addon.unit },
    })
  }
  if (input.urgentFeeFen > 0) {
    lines.push({
      kind: 'fee',
      code: 'urgent',
      label: 'urgent',
      quantityMilli: 1000,
      unitFen: input.urgentFeeFen,
      amountFen: input.urgentFeeFen,
    })
  }
  const subtotalFen = sum(lines.map((l) => l.amountFen))
  const discountFen = Math.min(Math.max(0, input.discountFen), subtotalFen)
  if (discountFen > 0) {
    lines.push({
      kind: 'discount',
      code: 'discount',
      label: 'discount',
      quantityMilli: 1000,
      unitFen: -discountFen,
      amountFen: -discountFen,
    })
  }
  const totalFen = subtotalFen - discountFen
  const depositFen = Math.min(totalFen, depositOf(input.deposit, totalFen))
  return {
    lines,
    subtotalFen,
    discountFen,
    totalFen,
    depositFen,
    balanceFen: totalFen - depositFen,
  }
}

function depositOf(rule: DepositRule, total: Fen): Fen {
  switch (rule.kind) {
    case 'none':
      return 0
    case 'fixed':
      return rule.amountFen
    case 'percent':
      return share(total, rule.basisPoints)
  }
}
