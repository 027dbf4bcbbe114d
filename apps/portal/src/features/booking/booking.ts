import type { OrderStatus, PriceBreakdown } from '@doorstep/domain'
import {
  addDays,
  changeFee,
  orderChangeFee as domainOrderChangeFee,
  localDate as dayIn,
  quote,
} from '@doorstep/domain'
import { formatClock, getDisplayTimeZone } from '@doorstep/ui'
import type { CatalogItem } from '../catalog/catalog.ts'

/** The quantity a booking starts at: the item's minimum (hours, m², units), at least 1 for counted items. */
export function initialQuantityMilli(item: CatalogItem): number {
  if (item.pricing.kind === 'fixed') return 0
  return Math.max(item.pricing.minQuantityMilli, 1000)
}

/**
 * The price with `quote()`, the same pure function the server books with, so the total on the confirmation
 * screen is the total of the order. The server's answer stays the authority.
 */
export function previewPrice(
  item: CatalogItem,
  quantityMilli: number,
  addons: Record<string, number>,
  asap: boolean,
): PriceBreakdown {
  return quote({
    model: item.pricing,
    itemName: item.name,
    quantityMilli,
    addons: item.addons.map((addon) => ({ addon, quantity: addons[addon.code] ?? 0 })),
    urgentFeeFen: asap ? item.urgentFeeFen : 0,
    discountFen: 0,
    deposit: item.deposit,
  })
}

export function chosenAddons(
  addons: Record<string, number>,
): Array<{ code: string; quantity: number }> {
  return Object.entries(addons)
    .filter(([, quantity]) => quantity > 0)
    .map(([code, quantity]) => ({ code, quantity }))
}

// Visits are shown in the company's time zone (packages/ui format.ts; the session sets it): a window at 10:00 in
// Shanghai reads 10:00 on a phone set to another zone too, and "today" is the company's. A calendar picker's
// cell is the phone's local midnight of its day, so a picked cell is read in the phone's zone.

const pad = (n: number) => String(n).padStart(2, '0')

/** YYYY-MM-DD of a calendar picker's cell (the phone's own date of `date`). */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** YYYY-MM-DD of a moment for the company: the day a visit falls on, or the company's today. */
export const companyDate = (moment: Date): string => dayIn(moment, getDisplayTimeZone())

/** Noon UTC of a calendar date: formatted with `timeZone: 'UTC'`, it names that date on any phone. */
export const calendarNoon = (date: string): Date => new Date(`${date}T12:00:00Z`)

/** The next `count` days from the company's today, for the date strip. */
export function nextDays(now: Date, count = 14): Array<{ date: string }> {
  const today = companyDate(now)
  return Array.from({ length: count }, (_, i) => ({ date: addDays(today, i) }))
}

/** 周二 / Tue: a calendar date's weekday. */
export const weekdayOf = (date: string, locale: string): string =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { weekday: 'short', timeZone: 'UTC' }).format(
    calendarNoon(date),
  )

/** 09:30 of a moment, in the company's time zone. */
export const hhmm = (iso: string) => formatClock(new Date(iso))

/** The fee for cancelling or rescheduling now, per the item's change policy (the server charges the same). */
export function feeNow(
  policy: CatalogItem['changePolicy'],
  windowStart: string,
  totalFen: number,
  now: Date = new Date(),
): number {
  return changeFee(policy, new Date(windowStart), now, totalFen)
}

/** What cancelling or rescheduling an order costs now: the domain's rule, the one the server applies. */
export function orderChangeFee(
  action: 'cancel' | 'reschedule',
  order: { status: string; windowStart: string; price: { totalFen: number; feesFen: number } },
  policy: CatalogItem['changePolicy'],
  now: Date = new Date(),
): number {
  return domainOrderChangeFee(
    action,
    order.status as OrderStatus,
    policy,
    new Date(order.windowStart),
    now,
    order.price.totalFen,
    order.price.feesFen,
  )
}

/** The booking form's Idempotency-Key, shared with the console (and safe on a plain-http LAN origin). */
export { createIdempotency } from '@doorstep/ui/idempotency'
