import { useInfiniteQuery, useQuery } from '@tanstack/vue-query'
import type { QueryClient } from '@tanstack/vue-query'
import { computed } from 'vue'
import { api } from '../../api/client.ts'
import type { Plan } from './visits.ts'

export function usePlans() {
  return useInfiniteQuery({
    queryKey: ['portal', 'plans', 'list'],
    queryFn: ({ pageParam }) =>
      api.call('portalPlans', { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
  })
}

export function usePlan(id: () => string) {
  return useQuery({
    queryKey: computed(() => ['portal', 'plan', id()]),
    queryFn: () => api.call('portalPlan', { params: { id: id() } }),
    refetchOnWindowFocus: true,
    staleTime: 5_000,
  })
}

/** Keeps the plan the server just answered with; its visits are orders, so my orders change too. */
export function rememberPlan(queryClient: QueryClient, plan: Plan) {
  queryClient.setQueryData(['portal', 'plan', plan.id], plan)
  void queryClient.invalidateQueries({ queryKey: ['portal', 'plans'] })
  void queryClient.invalidateQueries({ queryKey: ['portal', 'orders'] })
  void queryClient.invalidateQueries({ queryKey: ['portal', 'order'] })
}
