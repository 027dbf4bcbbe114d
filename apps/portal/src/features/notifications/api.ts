import type { InfiniteData } from '@tanstack/vue-query'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/vue-query'
import { computed } from 'vue'
import type { ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'
import { useSessionStore } from '../../stores/session.ts'
import { newestShownNotice } from './notices.ts'

export type Notice = ResponseOf<'portalNotices'>['items'][number]
export type NoticePreferences = ResponseOf<'portalNotificationPreferences'>

/** Notices arrive a few seconds after their event; the live stream asks again, this is the fallback. */
const POLL = { refetchOnWindowFocus: true, refetchInterval: 60_000, staleTime: 5_000 } as const

/** The notices list: all of them, or only the unread (its own cache entry, so tabs do not mix pages). */
export const noticesKey = (onlyUnread: boolean) => ['portal', 'notices', 'list', onlyUnread ? 'unread' : 'all'] as const

export function useNotices(onlyUnread: () => boolean) {
  const queryClient = useQueryClient()
  return useInfiniteQuery({
    queryKey: computed(() => noticesKey(onlyUnread())),
    queryFn: async ({ pageParam, queryKey }) => {
      const page = await api.call('portalNotices', {
        query: {
          limit: 20,
          ...(queryKey[3] === 'unread' ? { unread: 'true' as const } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
      })
      // Every page says how many are unread: keep the badges in step with the list.
      queryClient.setQueryData<ResponseOf<'portalNotices'>>(['portal', 'notices', 'unread'], (old) =>
        old ? { ...old, unread: page.unread } : old,
      )
      return page
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...POLL,
  })
}

/** How many notices are unread (for the badges); nothing is asked for a guest. */
export function useUnreadCount() {
  const session = useSessionStore()
  const query = useQuery({
    queryKey: ['portal', 'notices', 'unread'],
    queryFn: () => api.call('portalNotices', { query: { limit: 1, unread: 'true' } }),
    enabled: computed(() => session.signedIn),
    ...POLL,
  })
  return computed(() => (session.signedIn ? (query.data.value?.unread ?? 0) : 0))
}

/** Marks a notice read (no wait for the answer: the badge and the list update at once). */
export function useReadNotice() {
  const queryClient = useQueryClient()
  return async (notice: Notice) => {
    if (notice.readAt) return
    queryClient.setQueryData<ResponseOf<'portalNotices'>>(['portal', 'notices', 'unread'], (old) =>
      old ? { ...old, unread: Math.max(0, old.unread - 1) } : old,
    )
    try {
      await api.call('portalReadNotice', { params: { id: notice.id } })
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['portal', 'notices'] })
    }
  }
}

/**
 * Marks read every notice the list shows — up to the newest one, so one that arrived since stays unread: the
 * badges and both lists clear at once, the server's count follows.
 */
export function useReadAllNotices(onlyUnread: () => boolean) {
  const queryClient = useQueryClient()
  return async () => {
    const upTo = newestShownNotice(
      queryClient.getQueryData<InfiniteData<ResponseOf<'portalNotices'>>>(noticesKey(onlyUnread())),
    )
    // Nothing shown yet: nothing the customer could mean.
    if (upTo === undefined) return { count: 0 }
    const now = new Date().toISOString()
    queryClient.setQueryData<ResponseOf<'portalNotices'>>(['portal', 'notices', 'unread'], (old) =>
      old ? { ...old, unread: 0 } : old,
    )
    queryClient.setQueriesData<InfiniteData<ResponseOf<'portalNotices'>>>({ queryKey: ['portal', 'notices', 'list'] }, (old) =>
      old
        ? {
            ...old,
            pages: old.pages.map((p) => ({
              ...p,
              unread: 0,
              items: p.items.map((n) => (n.readAt ? n : { ...n, readAt: now })),
            })),
          }
        : old,
    )
    try {
      return await api.call('portalReadAllNotices', { body: { upTo } })
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['portal', 'notices'] })
    }
  }
}

export function useNoticePreferences() {
  return useQuery({
    queryKey: ['portal', 'notice-preferences'],
    queryFn: () => api.call('portalNotificationPreferences', {}),
  })
}
