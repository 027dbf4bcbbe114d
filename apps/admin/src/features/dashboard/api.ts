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

export function useRecentActivity(enabled: Ref<boolean>) {
  return useQuery({
    queryKey: ['audit', 'recent'],
    queryFn: () => api.call('listAudit', { query: { limit: 8 } }),
    enabled,
  })
}
