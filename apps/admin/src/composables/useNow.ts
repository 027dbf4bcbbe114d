import type { Ref } from 'vue'
import { onScopeDispose, ref } from 'vue'

/** The current time, ticking every `intervalMs`, for countdowns that must move while the page stays open. */
export function useNow(intervalMs = 30_000): Readonly<Ref<Date>> {
  const now = ref(new Date())
  const timer = setInterval(() => {
    now.value = new Date()
  }, intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
