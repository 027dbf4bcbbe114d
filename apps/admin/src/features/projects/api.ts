import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type ProjectQuery = NonNullable<RequestOf<'listProjects'>['query']>
export type CreateProjectBody = RequestOf<'createProject'>['body']
export type Project = ResponseOf<'listProjects'>['items'][number]

export function useProjects(query: MaybeRefOrGetter<ProjectQuery>) {
  return useQuery({
    queryKey: computed(() => ['projects', 'list', toValue(query)]),
    queryFn: () => api.call('listProjects', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}

/** Every project (up to 200), for pickers and for showing names next to ids. */
export function useProjectLookup(enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: ['projects', 'lookup'],
    queryFn: () => api.call('listProjects', { query: { limit: 200 } }),
    enabled: () => toValue(enabled),
    staleTime: 5 * 60_000,
  })
}

export function useCreateProject() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateProjectBody) => api.call('createProject', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects'] }),
  })
}

export function useUpdateProject() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; body: RequestOf<'updateProject'>['body'] }) =>
      api.call('updateProject', { params: { id: input.id }, body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects'] }),
  })
}
