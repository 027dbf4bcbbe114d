import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type Review = ResponseOf<'listReviews'>['items'][number]
export type ReviewQuery = NonNullable<RequestOf<'listReviews'>['query']>

export function useReviews(query: MaybeRefOrGetter<ReviewQuery>) {
  return useQuery({
    queryKey: computed(() => ['reviews', 'list', toValue(query)]),
    queryFn: () => api.call('listReviews', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}

export function useReplyReview() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; reply: string }) =>
      api.call('replyReview', { params: { id: input.id }, body: { reply: input.reply } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['reviews'] }),
  })
}

export function useModerateReview() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; hidden: boolean; reason: string }) =>
      api.call('moderateReview', {
        params: { id: input.id },
        body: { hidden: input.hidden, reason: input.reason },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['reviews'] }),
  })
}
