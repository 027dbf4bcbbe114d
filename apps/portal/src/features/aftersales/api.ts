import { useInfiniteQuery, useQuery } from '@tanstack/vue-query'
import type { QueryClient } from '@tanstack/vue-query'
import { computed } from 'vue'
import type { ResponseOf } from '@doorstep/api-client'
import { api, isApiError } from '../../api/client.ts'

export type Complaint = ResponseOf<'portalComplain'>
/** A complaint from the list has no timeline; one read on its own has it. */
export type ComplaintView = Omit<Complaint, 'timeline'> & { timeline?: Complaint['timeline'] }
export type Review = ResponseOf<'portalReview'>

const LIST = ['portal', 'complaints', 'list'] as const
const PAGE = 50

export function useComplaints() {
  return useInfiniteQuery({
    queryKey: LIST,
    queryFn: ({ pageParam }) =>
      api.call('portalComplaints', {
        query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
  })
}

/** The complaint not yet closed on an order, if any: an order takes one at a time. */
export function useComplaintInProgress(orderId: () => string) {
  return useQuery({
    queryKey: computed(() => ['portal', 'complaints', 'order', orderId()]),
    queryFn: async () =>
      (
        await api.call('portalComplaints', { query: { orderId: orderId(), limit: 20 } })
      ).items.find((c) => c.status !== 'closed') ?? null,
  })
}

/** One of my complaints with its timeline (so its detail shows in full after a reload). */
export function useComplaint(id: () => string) {
  return useQuery({
    queryKey: computed(() => ['portal', 'complaint', id()]),
    queryFn: (): Promise<ComplaintView | null> =>
      api.call('portalComplaint', { params: { id: id() } }),
    refetchOnWindowFocus: true,
  })
}

/** Keeps a complaint the server just answered with (timeline included) and refreshes the lists around it. */
export function rememberComplaint(queryClient: QueryClient, complaint: Complaint) {
  queryClient.setQueryData<ComplaintView | null>(['portal', 'complaint', complaint.id], complaint)
  void queryClient.invalidateQueries({ queryKey: ['portal', 'complaints'] })
}

/** My review of an order; null while there is none (the server answers 404). */
export function useOrderReview(orderId: () => string, enabled: () => boolean = () => true) {
  return useQuery({
    queryKey: computed(() => ['portal', 'review', orderId()]),
    queryFn: async (): Promise<Review | null> => {
      try {
        return await api.call('portalOrderReview', { params: { id: orderId() } })
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null
        throw error
      }
    },
    enabled: computed(enabled),
  })
}

export function rememberReview(queryClient: QueryClient, review: Review) {
  queryClient.setQueryData<Review | null>(['portal', 'review', review.orderId], review)
}
