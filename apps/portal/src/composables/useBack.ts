import { useRouter } from 'vue-router'
import type { RouteLocationRaw } from 'vue-router'

/** The nav bar's back arrow: back in history, or to `fallback` when the page was opened directly (a shared link). */
export function useBack(fallback: RouteLocationRaw = '/') {
  const router = useRouter()
  return () => {
    const state = window.history.state as { back?: string | null } | null
    if (state?.back) router.back()
    else void router.replace(fallback)
  }
}
