import { useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export const addressesKey = ['portal', 'addresses'] as const

export function useAddresses(enabled: () => boolean = () => true) {
  return useQuery({
    queryKey: addressesKey,
    queryFn: () => api.call('portalAddresses', {}),
    enabled,
  })
}

export type AddressInput = RequestOf<'portalAddAddress'>['body']

export function useAddAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: AddressInput) => api.call('portalAddAddress', { body }),
    onSuccess: (data) => client.setQueryData(addressesKey, data),
  })
}
