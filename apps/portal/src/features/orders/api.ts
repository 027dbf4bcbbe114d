import { useInfiniteQuery, useQuery } from '@tanstack/vue-query'
import { computed } from 'vue'
import { api } from '../../api/client.ts'

/** Live status: refetched when the customer comes back to the page and every 30 s while it is open. */
const LIVE = { refetchOnWindowFocus: true, refetchInterval: 30_000, staleTime: 5_000 } as const

export function useOrders() {
  return useInfiniteQuery({
    queryKey: ['portal', 'orders', 'list'],
    queryFn: ({ pageParam }) => api.call('portalOrders', { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } }),
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
