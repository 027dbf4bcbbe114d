import type { PriceBreakdown, PricingModel } from '@doorstep/domain'
import { inItemsUnit, quote } from '@doorstep/domain'
import type { ServiceItem } from '@doorstep/contracts'

/** The pricing that applies in a project: the project's own price when it has one, else the item's. */
export function pricingIn(item: ServiceItem, projectId: string | null): PricingModel {
  const override = projectId ? item.projectOverrides.find((o) => o.projectId === projectId) : undefined
  // A project's per-unit price counts in the item's word (ADR 0057), as the server keeps it.
  return inItemsUnit(override?.pricing ?? null, item.pricing) ?? item.pricing
}

/** False when the item is switched off in that project. */
export function offeredIn(item: ServiceItem, projectId: string | null): boolean {
  const override = projectId ? item.projectOverrides.find((o) => o.projectId === projectId) : undefined
  return override ? override.available : true
}

export interface PreviewInput {
  item: ServiceItem
  projectId: string | null
  quantityMilli: number
  /** Add-on code → how many. */
  addons: Record<string, number>
  asap: boolean
  discountFen: number
}

/**
 * What the order will cost, computed with `quote()` — the same pure function the server books with — so the
 * agent can read the price to the caller before submitting. The server's answer stays the authority.
 */
export function previewPrice(input: PreviewInput): PriceBreakdown {
  return quote({
    model: pricingIn(input.item, input.projectId),
    itemName: input.item.name,
    quantityMilli: input.quantityMilli,
    addons: input.item.addons.map((addon) => ({ addon, quantity: input.addons[addon.code] ?? 0 })),
    urgentFeeFen: input.asap ? input.item.urgentFeeFen : 0,
    discountFen: input.discountFen,
    deposit: input.item.deposit,
  })
}

/** The order's add-ons as the API takes them: only those chosen at least once. */
export function chosenAddons(addons: Record<string, number>): Array<{ code: string; quantity: number }> {
  return Object.entries(addons)
    .filter(([, quantity]) => quantity > 0)
    .map(([code, quantity]) => ({ code, quantity }))
}

/** The booking form's Idempotency-Key, shared with the console (and safe on a plain-http LAN origin). */
export { createIdempotency } from '@doorstep/ui/idempotency'
