import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { SlotTakenAlternatives } from '@doorstep/contracts'
import { ApiError, api } from '../../api/client.ts'

export type Order = ResponseOf<'getOrder'>
export type OrderSummary = ResponseOf<'listOrders'>['items'][number]
export type OrderQuery = NonNullable<RequestOf<'listOrders'>['query']>
export type CreateOrderBody = RequestOf<'createOrder'>['body']
export type OrderEventBody = RequestOf<'orderEvent'>['body']
export type Availability = ResponseOf<'availability'>
export type ArrivalWindow = Availability['windows'][number]

export function useOrders(
  query: MaybeRefOrGetter<OrderQuery>,
  enabled: MaybeRefOrGetter<boolean> = true,
) {
  return useQuery({
    queryKey: computed(() => ['orders', 'list', toValue(query)]),
    queryFn: () => api.call('listOrders', { query: toValue(query) }),
    placeholderData: keepPreviousData,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useOrder(id: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: computed(() => ['orders', 'one', toValue(id)]),
    queryFn: () => api.call('getOrder', { params: { id: toValue(id) } }),
    staleTime: 0,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useOrderEvent(id: MaybeRefOrGetter<string>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: OrderEventBody) =>
      api.call('orderEvent', { params: { id: toValue(id) }, body }),
    onSuccess: (order) => client.setQueryData(['orders', 'one', order.id], order),
    onSettled: () => client.invalidateQueries({ queryKey: ['orders'] }),
  })
}

export function useCreateOrder() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { body: CreateOrderBody; idempotencyKey: string }) =>
      api.call('createOrder', { body: input.body, idempotencyKey: input.idempotencyKey }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['orders'] }),
  })
}

export interface AvailabilityInput {
  serviceItemId: string
  addressId: string
  date: string
  quantityMilli?: number
  /** Moving this order: windows for the length it was booked with. */
  orderId?: string
}

export function useAvailability(input: MaybeRefOrGetter<AvailabilityInput | null>) {
  return useQuery({
    queryKey: computed(() => ['availability', toValue(input)]),
    queryFn: () => {
      const query = toValue(input)
      if (!query) throw new Error('availability without input')
      return api.call('availability', { query })
    },
    enabled: computed(() => toValue(input) !== null),
    staleTime: 10_000,
  })
}

/** The other windows a 409 SLOT_TAKEN offers, or null when the failure is something else. */
export function slotTakenAlternatives(error: unknown): ArrivalWindow[] | null {
  if (!(error instanceof ApiError) || error.code !== 'SLOT_TAKEN') return null
  const parsed = SlotTakenAlternatives.safeParse(error.problem)
  return parsed.success ? parsed.data.alternatives : []
}

/** The existing customer a 409 DUPLICATE_CUSTOMER names, or null. */
export function duplicateCustomerId(error: unknown): string | null {
  return error instanceof ApiError && error.code === 'DUPLICATE_CUSTOMER'
    ? error.member('customerId')
    : null
}
