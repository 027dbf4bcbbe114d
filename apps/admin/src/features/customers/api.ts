import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'
import { StaleEditError } from '../users/api.ts'

export type Customer = ResponseOf<'getCustomer'>
export type CustomerRow = ResponseOf<'listCustomers'>['items'][number]
export type Address = Customer['addresses'][number]
export type CustomerQuery = NonNullable<RequestOf<'listCustomers'>['query']>
export type CreateCustomerBody = RequestOf<'createCustomer'>['body']
export type UpdateCustomerBody = RequestOf<'updateCustomer'>['body']
export type AddressBody = RequestOf<'addCustomerAddress'>['body']
export type AddressChanges = RequestOf<'updateCustomerAddress'>['body']
export type RevealedCustomer = ResponseOf<'revealCustomer'>

export function useCustomers(query: MaybeRefOrGetter<CustomerQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: computed(() => ['customers', 'list', toValue(query)]),
    queryFn: () => api.call('listCustomers', { query: toValue(query) }),
    placeholderData: keepPreviousData,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useCustomer(id: MaybeRefOrGetter<string | null>) {
  return useQuery({
    queryKey: computed(() => ['customers', 'one', toValue(id)]),
    queryFn: () => api.call('getCustomer', { params: { id: toValue(id) ?? '' } }),
    enabled: computed(() => Boolean(toValue(id))),
  })
}

export function useCreateCustomer() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateCustomerBody) => api.call('createCustomer', { body }),
    onSuccess: (customer) => {
      client.setQueryData(['customers', 'one', customer.id], customer)
      void client.invalidateQueries({ queryKey: ['customers', 'list'] })
    },
  })
}

/** PATCH with If-Match from a fresh GET; a version that moved since the form opened is a stale edit. */
export function useUpdateCustomer() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: { id: string; body: UpdateCustomerBody; expectedVersion?: number }) => {
      const current = await api.send('getCustomer', { params: { id: input.id } })
      if (input.expectedVersion !== undefined && current.data.version !== input.expectedVersion) {
        throw new StaleEditError()
      }
      return api.call('updateCustomer', {
        params: { id: input.id },
        body: input.body,
        ...(current.etag ? { ifMatch: current.etag } : {}),
      })
    },
    onSuccess: (customer) => client.setQueryData(['customers', 'one', customer.id], customer),
    onSettled: () => client.invalidateQueries({ queryKey: ['customers'] }),
  })
}

export function useAddAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; body: AddressBody }) =>
      api.call('addCustomerAddress', { params: { id: input.id }, body: input.body }),
    onSuccess: (customer) => {
      client.setQueryData(['customers', 'one', customer.id], customer)
      void client.invalidateQueries({ queryKey: ['customers', 'list'] })
    },
  })
}

export function useUpdateAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; addressId: string; body: AddressChanges }) =>
      api.call('updateCustomerAddress', { params: { id: input.id, addressId: input.addressId }, body: input.body }),
    onSuccess: (customer) => client.setQueryData(['customers', 'one', customer.id], customer),
  })
}

export function useRemoveAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; addressId: string }) =>
      api.call('removeCustomerAddress', { params: { id: input.id, addressId: input.addressId } }),
    onSuccess: (customer) => client.setQueryData(['customers', 'one', customer.id], customer),
  })
}

/** Full phone and addresses; the server records who looked. */
export function revealCustomer(id: string) {
  return api.call('revealCustomer', { params: { id } })
}
