import { useInfiniteQuery, useQuery } from '@tanstack/vue-query'
import { computed } from 'vue'
import { api } from '../../api/client.ts'
import type { OrderTab } from './status.ts'
import { tabStatuses } from './status.ts'

/** Live status: refetched when the customer comes back to the page and every 30 s while it is open. */
const LIVE = { refetchOnWindowFocus: true, refetchInterval: 30_000, staleTime: 5_000 } as const

/** What My orders narrows by besides its tab: one service, and service days from a day on (both optional). */
export interface OrderFilters {
  serviceItemId: string
  from: string
}

export function useOrders(tab: () => OrderTab, filters: () => OrderFilters) {
  return useInfiniteQuery({
    queryKey: computed(() => ['portal', 'orders', 'list', tab(), filters()]),
    queryFn: ({ pageParam }) => {
      const statuses = tabStatuses(tab())
      const { serviceItemId, from } = filters()
      return api.call('portalOrders', {
        query: {
          limit: 20,
          ...(statuses ? { status: statuses.join(',') } : {}),
          ...(serviceItemId ? { serviceItemId } : {}),
          ...(from ? { from } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
      })
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...LIVE,
  })
}

/** The services the customer's orders were for: My orders' service filter offers these, not today's catalog. */
export function useOrderedServices() {
  return useQuery({
    queryKey: ['portal', 'orders', 'services'],
    queryFn: () => api.call('portalOrderServices', {}),
    staleTime: 60_000,
  })
}

export function useOrder(id: () => string) {
  return useQuery({
    queryKey: computed(() => ['portal', 'order', id()]),
    queryFn: () => api.call('portalOrder', { params: { id: id() } }),
    ...LIVE,
  })
}
