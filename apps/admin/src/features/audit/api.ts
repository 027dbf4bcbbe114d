import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useQuery } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type AuditEntry = ResponseOf<'listAudit'>['items'][number]
export type AuditQuery = NonNullable<RequestOf<'listAudit'>['query']>

export function useAudit(query: MaybeRefOrGetter<AuditQuery>) {
  return useQuery({
    queryKey: computed(() => ['audit', 'list', toValue(query)]),
    queryFn: () => api.call('listAudit', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}

/** Staff for the "who" filter, searched as the user types (needs users:read; else the filter takes an id). */
export function useActorSearch(q: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean>) {
  return useQuery({
    queryKey: computed(() => ['users', 'actor-search', toValue(q)]),
    queryFn: () => api.call('listUsers', { query: { q: toValue(q) || undefined, limit: 20 } }),
    enabled: () => toValue(enabled),
    placeholderData: keepPreviousData,
  })
}
