import { computed, ref } from 'vue'

/**
 * Page-by-page navigation over cursor-paged lists. The server gives only "the next cursor", so the pager
 * remembers the cursor of every page visited: Previous goes back one step without asking the server for it.
 */
export function useCursorPager(initialLimit = 20) {
  const cursors = ref<Array<string | undefined>>([undefined])
  const index = ref(0)
  const limit = ref(initialLimit)

  const cursor = computed(() => cursors.value[index.value])
  const page = computed(() => index.value + 1)
  const hasPrev = computed(() => index.value > 0)

  /** Go to the page after the current one; `nextCursor` is what the current page's answer carried. */
  function next(nextCursor: string | null | undefined) {
    if (!nextCursor) return
    cursors.value = [...cursors.value.slice(0, index.value + 1), nextCursor]
    index.value += 1
  }

  function prev() {
    if (index.value > 0) index.value -= 1
  }

  /** Back to page 1: after the filters or the page size changed, older cursors mean nothing. */
  function reset() {
    cursors.value = [undefined]
    index.value = 0
  }

  function setLimit(value: number) {
    limit.value = value
    reset()
  }

  return { cursor, page, hasPrev, limit, next, prev, reset, setLimit }
}

export type CursorPager = ReturnType<typeof useCursorPager>
