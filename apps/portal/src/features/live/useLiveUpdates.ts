import { onBeforeUnmount, ref, watch } from 'vue'
import { useQueryClient } from '@tanstack/vue-query'
import { useSessionStore } from '../../stores/session.ts'
import type { LiveMessage } from './stream.ts'
import { RECONNECT_KEYS, createLiveStream, staleKeys, streamUrl } from './stream.ts'

/** The server relays notices from events every 5 s: look again a little after that. */
const NOTICE_RELAY_MS = 6_000

/**
 * Keeps the signed-in customer's screens current: opens the live stream while signed in (reconnecting with
 * back-off, closed at sign-out) and marks the cached orders, complaints, plans and notices stale as their
 * events arrive, so vue-query refetches what is on screen. Call once, in App.vue.
 */
export function useLiveUpdates() {
  const session = useSessionStore()
  const queryClient = useQueryClient()
  const state = ref<'connecting' | 'open' | 'closed'>('closed')
  let noticeTimer: ReturnType<typeof setTimeout> | undefined

  const invalidate = (keys: ReadonlyArray<readonly unknown[]>) => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey })
  }
  const noticesLater = () => {
    clearTimeout(noticeTimer)
    noticeTimer = setTimeout(() => invalidate([['portal', 'notices']]), NOTICE_RELAY_MS)
  }

  const stream = createLiveStream({
    url: streamUrl(window.location),
    onMessage: (message: LiveMessage) => {
      const keys = staleKeys(message)
      if (!keys.length) return
      invalidate(keys)
      noticesLater()
    },
    onReady: (reconnected) => {
      if (reconnected) invalidate(RECONNECT_KEYS)
    },
    onStateChange: (next) => (state.value = next),
  })

  watch(
    () => session.signedIn,
    (signedIn) => {
      if (signedIn) stream.start()
      else stream.close()
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    clearTimeout(noticeTimer)
    stream.close()
  })
  return { state }
}
