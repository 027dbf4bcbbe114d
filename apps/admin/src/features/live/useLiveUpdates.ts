import { onBeforeUnmount, ref, watch } from 'vue'
import { useQueryClient } from '@tanstack/vue-query'
import { useSessionStore } from '../../stores/session.ts'
import type { LiveMessage } from './stream.ts'
import { RECONNECT_KEYS, createLiveStream, staleKeys, streamUrl } from './stream.ts'

/**
 * Keeps the console current without reloading: opens the live stream while someone is signed in (reconnecting
 * with back-off, closed at sign-out) and marks the cached orders, complaints and plans stale as their events
 * arrive, so the order list and the order page on screen refetch. Call once, in App.vue.
 */
export function useLiveUpdates() {
  const session = useSessionStore()
  const queryClient = useQueryClient()
  const state = ref<'connecting' | 'open' | 'closed'>('closed')

  const invalidate = (keys: ReadonlyArray<readonly unknown[]>) => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey })
  }

  const stream = createLiveStream({
    url: streamUrl(window.location),
    onMessage: (message: LiveMessage) => invalidate(staleKeys(message)),
    onReady: (reconnected) => {
      if (reconnected) invalidate(RECONNECT_KEYS)
    },
    onStateChange: (next) => (state.value = next),
  })

  // A user who must change their password first has no data screens open yet; the stream waits for them.
  watch(
    () => Boolean(session.user) && !session.user?.mustChangePassword,
    (signedIn) => {
      if (signedIn) stream.start()
      else stream.close()
    },
    { immediate: true },
  )
  onBeforeUnmount(() => stream.close())
  return { state }
}
