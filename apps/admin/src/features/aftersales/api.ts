import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export type Complaint = ResponseOf<'getComplaint'>
export type ComplaintSummary = ResponseOf<'listComplaints'>['items'][number]
export type ComplaintQuery = NonNullable<RequestOf<'listComplaints'>['query']>
export type ComplaintEventBody = RequestOf<'complaintEvent'>['body']
export type CreateComplaintBody = RequestOf<'createComplaint'>['body']
export type ComplaintReportRow = ResponseOf<'complaintReport'>['rows'][number]

export function useComplaints(
  query: MaybeRefOrGetter<ComplaintQuery>,
  enabled: MaybeRefOrGetter<boolean> = true,
) {
  return useQuery({
    queryKey: computed(() => ['complaints', 'list', toValue(query)]),
    queryFn: () => api.call('listComplaints', { query: toValue(query) }),
    placeholderData: keepPreviousData,
    enabled: computed(() => toValue(enabled)),
  })
}

export function useComplaint(id: MaybeRefOrGetter<string>) {
  return useQuery({
    queryKey: computed(() => ['complaints', 'one', toValue(id)]),
    queryFn: () => api.call('getComplaint', { params: { id: toValue(id) } }),
    staleTime: 0,
  })
}

export function useComplaintEvent(id: MaybeRefOrGetter<string>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: ComplaintEventBody) =>
      api.call('complaintEvent', { params: { id: toValue(id) }, body }),
    onSuccess: (complaint) => client.setQueryData(['complaints', 'one', complaint.id], complaint),
    onSettled: () => client.invalidateQueries({ queryKey: ['complaints'] }),
  })
}

export function useCreateComplaint() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateComplaintBody) => api.call('createComplaint', { body }),
    onSuccess: (complaint) => {
      client.setQueryData(['complaints', 'one', complaint.id], complaint)
      void client.invalidateQueries({ queryKey: ['complaints', 'list'] })
      void client.invalidateQueries({ queryKey: ['complaints', 'report'] })
    },
  })
}

export function useComplaintReport(
  range: MaybeRefOrGetter<{ from: string; to: string; projectId?: string | undefined }>,
) {
  return useQuery({
    queryKey: computed(() => ['complaints', 'report', toValue(range)]),
    queryFn: () => api.call('complaintReport', { query: toValue(range) }),
    placeholderData: keepPreviousData,
  })
}
