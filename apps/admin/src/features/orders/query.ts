import type { OrderStatus } from '@doorstep/domain'

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
  const q = filters.q.replace(/\s+/g, '')
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

/** An 11-digit mainland mobile number, typed with or without spaces/dashes → the digits; else null. */
export function exactPhone(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}
