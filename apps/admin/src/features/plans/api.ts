import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'
import type { Plan } from './visits.ts'

export type PlanQuery = NonNullable<RequestOf<'listPlans'>['query']>
export type CreatePlanBody = RequestOf<'createPlan'>['body']
export type PlanActionBody = RequestOf<'planAction'>['body']
export type PlanSkipBody = RequestOf<'skipPlanVisit'>['body']
export type PlanChangeBody = RequestOf<'changePlanVisit'>['body']
export type PlanRetryBody = RequestOf<'retryPlanVisit'>['body']

export function usePlans(query: MaybeRefOrGetter<PlanQuery>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    queryKey: computed(() => ['plans', 'list', toValue(query)]),
    queryFn: () => api.call('listPlans', { query: toValue(query) }),
    placeholderData: keepPreviousData,
    enabled: computed(() => toValue(enabled)),
  })
}

export function usePlan(id: MaybeRefOrGetter<string>) {
  return useQuery({
    queryKey: computed(() => ['plans', 'one', toValue(id)]),
    queryFn: () => api.call('getPlan', { params: { id: toValue(id) } }),
    staleTime: 0,
  })
}

/** A plan's visits are orders: every change to a plan changes the orders lists too. */
function useSettle() {
  const client = useQueryClient()
  return {
    onSuccess: (plan: Plan) => client.setQueryData(['plans', 'one', plan.id], plan),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['plans'] })
      await client.invalidateQueries({ queryKey: ['orders'] })
    },
  }
}

export function useCreatePlan() {
  return useMutation({
    mutationFn: (input: { body: CreatePlanBody; idempotencyKey: string }) =>
      api.call('createPlan', { body: input.body, idempotencyKey: input.idempotencyKey }),
    ...useSettle(),
  })
}

export function usePlanAction(id: MaybeRefOrGetter<string>) {
  return useMutation({
    mutationFn: (body: PlanActionBody) => api.call('planAction', { params: { id: toValue(id) }, body }),
    ...useSettle(),
  })
}

export function useSkipVisit(id: MaybeRefOrGetter<string>) {
  return useMutation({
    mutationFn: (body: PlanSkipBody) => api.call('skipPlanVisit', { params: { id: toValue(id) }, body }),
    ...useSettle(),
  })
}

/** Staff try again to book a visit no worker could take. */
export function useRetryVisit(id: MaybeRefOrGetter<string>) {
  return useMutation({
    mutationFn: (body: PlanRetryBody) => api.call('retryPlanVisit', { params: { id: toValue(id) }, body }),
    ...useSettle(),
  })
}

export function useChangeVisit(id: MaybeRefOrGetter<string>) {
  return useMutation({
    mutationFn: (body: PlanChangeBody) => api.call('changePlanVisit', { params: { id: toValue(id) }, body }),
    ...useSettle(),
  })
}
