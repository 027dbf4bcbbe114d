import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useQuery } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type Delivery = ResponseOf<'listDeliveries'>['items'][number]
export type DeliveryQuery = NonNullable<RequestOf<'listDeliveries'>['query']>

export function useDeliveries(query: MaybeRefOrGetter<DeliveryQuery>) {
  return useQuery({
    queryKey: computed(() => ['deliveries', 'list', toValue(query)]),
    queryFn: () => api.call('listDeliveries', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}
