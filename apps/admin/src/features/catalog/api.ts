import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'
import { StaleEditError } from '../users/api.ts'

export type Category = ResponseOf<'listCategories'>['items'][number]
export type ServiceItem = ResponseOf<'getServiceItem'>
export type ServiceItemQuery = NonNullable<RequestOf<'listServiceItems'>['query']>
export type CreateItemBody = RequestOf<'createServiceItem'>['body']
export type UpdateItemBody = RequestOf<'updateServiceItem'>['body']

export function useCategories(enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: () => api.call('listCategories', {}),
    staleTime: 5 * 60_000,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useCreateCategory() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: RequestOf<'createCategory'>['body']) => api.call('createCategory', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['catalog', 'categories'] }),
  })
}

export function useUpdateCategory() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; body: RequestOf<'updateCategory'>['body'] }) =>
      api.call('updateCategory', { params: { id: input.id }, body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['catalog', 'categories'] }),
  })
}

export function useDeleteCategory() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.call('deleteCategory', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['catalog', 'categories'] }),
  })
}

export function useServiceItems(query: MaybeRefOrGetter<ServiceItemQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: computed(() => ['catalog', 'items', toValue(query)]),
    queryFn: () => api.call('listServiceItems', { query: toValue(query) }),
    placeholderData: keepPreviousData,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useServiceItem(id: MaybeRefOrGetter<string | null>) {
  return useQuery({
    queryKey: computed(() => ['catalog', 'item', toValue(id)]),
    queryFn: () => api.call('getServiceItem', { params: { id: toValue(id) ?? '' } }),
    enabled: computed(() => Boolean(toValue(id))),
  })
}

export function useSaveServiceItem() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: { id: string | null; body: CreateItemBody; expectedVersion?: number }) => {
      if (!input.id) return api.call('createServiceItem', { body: input.body })
      const current = await api.send('getServiceItem', { params: { id: input.id } })
      if (input.expectedVersion !== undefined && current.data.version !== input.expectedVersion) {
        throw new StaleEditError()
      }
      return api.call('updateServiceItem', {
        params: { id: input.id },
        body: input.body,
        ...(current.etag ? { ifMatch: current.etag } : {}),
      })
    },
    onSuccess: (item) => client.setQueryData(['catalog', 'item', item.id], item),
    onSettled: () => client.invalidateQueries({ queryKey: ['catalog', 'items'] }),
  })
}
