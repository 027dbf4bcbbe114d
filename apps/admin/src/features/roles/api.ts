import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type Role = ResponseOf<'getRole'>
export type PermissionInfo = ResponseOf<'permissionCatalog'>['items'][number]
export type RoleQuery = NonNullable<RequestOf<'listRoles'>['query']>
export type RoleBody = NonNullable<RequestOf<'createRole'>['body']>

export function useRoles(query: MaybeRefOrGetter<RoleQuery>) {
  return useQuery({
    queryKey: computed(() => ['roles', 'list', toValue(query)]),
    queryFn: () => api.call('listRoles', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}

/** Every role (up to 200): the editor resolves inheritance over them, pickers list them. */
export function useRoleLookup(enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: ['roles', 'lookup'],
    queryFn: () => api.call('listRoles', { query: { limit: 200 } }),
    enabled: () => toValue(enabled),
  })
}

export function usePermissionCatalog() {
  return useQuery({
    queryKey: ['permissions'],
    queryFn: () => api.call('permissionCatalog', {}),
    staleTime: Infinity,
  })
}

/** One role and its ETag (sent back as If-Match when saving). */
export function useRole(id: MaybeRefOrGetter<string | undefined>) {
  return useQuery({
    queryKey: computed(() => ['roles', 'one', toValue(id)]),
    queryFn: () => api.send('getRole', { params: { id: toValue(id) ?? '' } }),
    enabled: () => Boolean(toValue(id)),
  })
}

export function useSaveRole() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id?: string; etag?: string | null; body: RoleBody }) =>
      input.id
        ? api.call('updateRole', {
            params: { id: input.id },
            body: input.body,
            ...(input.etag ? { ifMatch: input.etag } : {}),
          })
        : api.call('createRole', { body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['roles'] }),
  })
}

export function useDeleteRole() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.call('deleteRole', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['roles'] }),
  })
}
