import { useQuery } from '@tanstack/vue-query'
import type { Ref } from 'vue'
import { computed } from 'vue'
import { api } from '../../api/client.ts'

export function useAvailability(
  params: Ref<{ serviceItemId: string; addressId: string | null; date: string | null; quantityMilli?: number; orderId?: string | undefined }>,
) {
  return useQuery({
    queryKey: computed(() => ['portal', 'availability', params.value]),
    queryFn: () => {
      const { serviceItemId, addressId, date, quantityMilli, orderId } = params.value
      return api.call('portalAvailability', {
        query: {
          serviceItemId,
          addressId: addressId ?? '',
          date: date ?? '',
          ...(quantityMilli ? { quantityMilli } : {}),
          ...(orderId ? { orderId } : {}),
        },
      })
    },
    enabled: computed(() => Boolean(params.value.addressId && params.value.date)),
    staleTime: 15_000,
    refetchOnWindowFocus: true,
  })
}
