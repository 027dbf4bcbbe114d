import { useInfiniteQuery, useQuery } from '@tanstack/vue-query'
import { computed } from 'vue'
import { api } from '../../api/client.ts'
import type { OrderTab } from './status.ts'
import { tabStatuses } from './status.ts'

/** Live status: refetched when the customer comes back to the page and every 30 s while it is open. */
const LIVE = { refetchOnWindowFocus: true, refetchInterval: 30_000, staleTime: 5_000 } as const

export function useOrders(tab: () => OrderTab) {
  return useInfiniteQuery({
    queryKey: computed(() => ['portal', 'orders', 'list', tab()]),
    queryFn: ({ pageParam }) => {
      const statuses = tabStatuses(tab())
      return api.call('portalOrders', {
        query: {
          limit: 20,
          ...(statuses ? { status: statuses.join(',') } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
      })
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...LIVE,
  })
}

export function useOrder(id: () => string) {
  return useQuery({
    queryKey: computed(() => ['portal', 'order', id()]),
    queryFn: () => api.call('portalOrder', { params: { id: id() } }),
    ...LIVE,
  })
}
