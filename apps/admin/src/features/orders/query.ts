import type { OrderStatus } from '@doorstep/domain'
import { ORDER_STATUSES } from '@doorstep/domain'
import { asciiDigits } from '@doorstep/contracts'
import { addressReader, projectOfRoute } from '../../composables/listAddress.ts'

/** The orders list's filters as the form holds them (empty string = not filtered). */
export interface OrderFilters {
  statuses: OrderStatus[]
  /** [from, to] as YYYY-MM-DD, or null. */
  range: [string, string] | null
  projectId: string
  serviceItemId: string
  workerId: string
  channel: '' | 'portal' | 'phone' | 'api'
  q: string
  customerId?: string
}

export const emptyOrderFilters = (projectId = ''): OrderFilters => ({
  statuses: [],
  range: null,
  projectId,
  serviceItemId: '',
  workerId: '',
  channel: '',
  q: '',
})

/** The filters as `GET /orders` reads them: statuses comma-separated, empty values left out. */
export function orderQuery(filters: OrderFilters) {
  // Full-width letters and digits (an IME in full-width mode) are the order number and phone they look like.
  const q = filters.q.normalize('NFKC').replace(/\s+/g, '')
  return {
    status: filters.statuses.length ? filters.statuses.join(',') : undefined,
    from: filters.range?.[0] || undefined,
    to: filters.range?.[1] || undefined,
    projectId: filters.projectId || undefined,
    serviceItemId: filters.serviceItemId || undefined,
    workerId: filters.workerId || undefined,
    customerId: filters.customerId || undefined,
    channel: filters.channel || undefined,
    q: q || undefined,
  }
}

const CHANNELS = ['portal', 'phone', 'api'] as const

/**
 * The filters of an address (`/orders?status=pending_dispatch&from=…`, as `orderQuery` writes it): a link, or the
 * list as it was left. Unknown values are dropped; the project is `projectId`'s when the address names none.
 */
export function orderFiltersFromRoute(
  query: Record<string, unknown>,
  projectId = '',
): OrderFilters {
  const { text, id, range } = addressReader(query)
  const channel = text('channel')
  return {
    ...emptyOrderFilters(projectOfRoute(text('projectId'), projectId)),
    statuses: text('status')
      .split(',')
      .filter((s): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s)),
    range: range(),
    serviceItemId: id('serviceItemId'),
    workerId: id('workerId'),
    channel: (CHANNELS as readonly string[]).includes(channel)
      ? (channel as OrderFilters['channel'])
      : '',
    q: text('q').slice(0, 60),
  }
}

/** An 11-digit mainland mobile number, typed with or without spaces/dashes → the digits; else null. */
export function exactPhone(text: string): string | null {
  const digits = asciiDigits(text).replace(/[\s-]/g, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}
