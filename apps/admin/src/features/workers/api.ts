import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'
import { StaleEditError } from '../users/api.ts'

export type Worker = ResponseOf<'getWorker'>
export type WorkerQuery = NonNullable<RequestOf<'listWorkers'>['query']>
export type CreateWorkerBody = RequestOf<'createWorker'>['body']

export function useWorkers(query: MaybeRefOrGetter<WorkerQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: computed(() => ['workers', 'list', toValue(query)]),
    queryFn: () => api.call('listWorkers', { query: toValue(query) }),
    placeholderData: keepPreviousData,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useSaveWorker() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: { id: string | null; body: CreateWorkerBody; expectedVersion?: number }) => {
      if (!input.id) return api.call('createWorker', { body: input.body })
      const current = await api.send('getWorker', { params: { id: input.id } })
      if (input.expectedVersion !== undefined && current.data.version !== input.expectedVersion) {
        throw new StaleEditError()
      }
      const body: RequestOf<'updateWorker'>['body'] = { ...input.body }
      // The phone is only sent when it was typed again (the list shows it masked).
      if (!input.body.phone) delete body.phone
      return api.call('updateWorker', {
        params: { id: input.id },
        body,
        ...(current.etag ? { ifMatch: current.etag } : {}),
      })
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['workers'] }),
  })
}
