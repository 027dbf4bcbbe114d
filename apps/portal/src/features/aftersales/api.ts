import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { QueryClient } from '@tanstack/vue-query'
import { computed } from 'vue'
import type { ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type Complaint = ResponseOf<'portalComplain'>
/** A complaint from the list has no timeline; one the portal filed or confirmed in this visit has it. */
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

/**
 * One complaint. The portal API has no single-complaint read, so it is looked up in my complaints (newest
 * first, page by page); a complaint just filed or confirmed is already here, with its timeline.
 */
export function useComplaint(id: () => string) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: computed(() => ['portal', 'complaint', id()]),
    queryFn: async (): Promise<ComplaintView | null> => {
      const known = queryClient.getQueryData<ComplaintView | null>(['portal', 'complaint', id()])
      let cursor: string | null = null
      do {
        const page: ResponseOf<'portalComplaints'> = await api.call('portalComplaints', {
          query: { limit: 200, ...(cursor ? { cursor } : {}) },
        })
        const found = page.items.find((c) => c.id === id())
        // The timeline we were given still holds while nothing has moved.
        if (found) return known?.status === found.status ? { ...known, ...found } : found
        cursor = page.nextCursor
      } while (cursor)
      return null
    },
    refetchOnWindowFocus: true,
  })
}

/** Keeps a complaint the server just answered with (timeline included) and refreshes the lists around it. */
export function rememberComplaint(queryClient: QueryClient, complaint: Complaint) {
  queryClient.setQueryData<ComplaintView | null>(['portal', 'complaint', complaint.id], complaint)
  void queryClient.invalidateQueries({ queryKey: ['portal', 'complaints'] })
}

/**
 * The review posted from this browser. The portal order carries no review yet, so after a reload the order
 * shows as reviewed without the text.
 */
export function useOrderReview(orderId: () => string) {
  return useQuery({
    queryKey: computed(() => ['portal', 'review', orderId()]),
    queryFn: (): Review | null => null,
    enabled: false,
  })
}

export function rememberReview(queryClient: QueryClient, review: Review) {
  queryClient.setQueryData<Review | null>(['portal', 'review', review.orderId], review)
}
