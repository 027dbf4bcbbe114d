import { useQuery } from '@tanstack/vue-query'
import { api } from '../../api/client.ts'

export function useCatalog() {
  return useQuery({
    queryKey: ['portal', 'catalog'],
    queryFn: () => api.call('portalCatalog', {}),
    staleTime: 5 * 60_000,
  })
}
