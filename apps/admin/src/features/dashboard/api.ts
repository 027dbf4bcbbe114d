import { useQuery } from '@tanstack/vue-query'
import type { Ref } from 'vue'
import { api } from '../../api/client.ts'

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: () => api.call('health', {}),
    refetchInterval: 60_000,
  })
}

/** Today's orders and the complaints waiting on the office, in the header's project; each only where readable. */
export function useOverview(projectId: Ref<string | null>, canOrders: Ref<boolean>, canComplaints: Ref<boolean>) {
  const query = () => (projectId.value ? { projectId: projectId.value } : {})
  return {
    orders: useQuery({
      queryKey: ['overview', 'orders', projectId],
      queryFn: () => api.call('ordersOverview', { query: query() }),
      enabled: canOrders,
      refetchInterval: 60_000,
    }),
    complaints: useQuery({
      queryKey: ['overview', 'complaints', projectId],
      queryFn: () => api.call('complaintsOverview', { query: query() }),
      enabled: canComplaints,
      refetchInterval: 60_000,
    }),
  }
}

export function useRecentActivity(enabled: Ref<boolean>) {
  return useQuery({
    queryKey: ['audit', 'recent'],
    queryFn: () => api.call('listAudit', { query: { limit: 8 } }),
    enabled,
  })
}
