import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type ApiToken = ResponseOf<'listApiTokens'>['items'][number]
export type CreatedApiToken = ResponseOf<'createApiToken'>
export type ApiTokenQuery = NonNullable<RequestOf<'listApiTokens'>['query']>

export function useApiTokens(query: MaybeRefOrGetter<ApiTokenQuery>) {
  return useQuery({
    queryKey: computed(() => ['api-tokens', 'list', toValue(query)]),
    queryFn: () => api.call('listApiTokens', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}

export function useCreateApiToken() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: RequestOf<'createApiToken'>['body']) => api.call('createApiToken', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  })
}

export function useRevokeApiToken() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.call('revokeApiToken', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  })
}
