import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQueryClient, useQuery } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type User = ResponseOf<'getUser'>
export type UserQuery = NonNullable<RequestOf<'listUsers'>['query']>
export type CreateUserBody = RequestOf<'createUser'>['body']
export type UpdateUserBody = RequestOf<'updateUser'>['body']

export function useUsers(query: MaybeRefOrGetter<UserQuery>) {
  return useQuery({
    queryKey: computed(() => ['users', 'list', toValue(query)]),
    queryFn: () => api.call('listUsers', { query: toValue(query) }),
    placeholderData: keepPreviousData,
  })
}

export function useCreateUser() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.call('createUser', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  })
}

/**
 * Changes a user with optimistic concurrency: fetch the current ETag, then PATCH with If-Match. The row's
 * `version` is the list's view; the fresh GET makes sure we never overwrite a change we have not seen.
 */
export function useUpdateUser() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: { id: string; body: UpdateUserBody; expectedVersion?: number }) => {
      const current = await api.send('getUser', { params: { id: input.id } })
      if (input.expectedVersion !== undefined && current.data.version !== input.expectedVersion) {
        throw new StaleEditError()
      }
      return api.call('updateUser', {
        params: { id: input.id },
        body: input.body,
        ...(current.etag ? { ifMatch: current.etag } : {}),
      })
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  })
}

/** The record changed after the form was opened (someone else saved first). */
export class StaleEditError extends Error {
  readonly code = 'VERSION_MISMATCH'
  readonly status = 412
  readonly problem = null
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { id: string; newPassword: string }) =>
      api.call('resetUserPassword', { params: { id: input.id }, body: { newPassword: input.newPassword } }),
  })
}

export function revealPhone(id: string) {
  return api.call('revealUserPhone', { params: { id } })
}
