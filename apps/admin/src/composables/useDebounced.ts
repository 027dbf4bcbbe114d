import type { Ref } from 'vue'
import { onScopeDispose, ref, watch } from 'vue'

/** A copy of `source` that follows it once it has been still for `delay` ms (typing in a search box). */
export function useDebounced<T>(source: Readonly<Ref<T>>, delay = 300): Ref<T> {
  const value = ref(source.value) as Ref<T>
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(source, (next) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      value.value = next
    }, delay)
  })
  onScopeDispose(() => clearTimeout(timer))
  return value
}
