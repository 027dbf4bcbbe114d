import { computed, ref } from 'vue'

/** Where a reader is in a list: the cursors of the pages visited, the page shown, the page size. */
export interface PagerPlace {
  cursors: Array<string | null>
  index: number
  limit: number
}

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

  /** The reader's place, as plain data to keep (page 1's cursor, none, is written null). */
  function place(): PagerPlace {
    return {
      cursors: cursors.value.map((c) => c ?? null),
      index: index.value,
      limit: limit.value,
    }
  }

  /** Back to a place kept earlier; anything that is not one (an old or edited history entry) is ignored. */
  function restore(kept: unknown) {
    if (typeof kept !== 'object' || kept === null) return
    const { cursors: c, index: i, limit: l } = kept as Partial<Record<keyof PagerPlace, unknown>>
    const cursorList = Array.isArray(c) ? (c as unknown[]) : []
    if (
      cursorList.length === 0 ||
      cursorList[0] !== null ||
      !cursorList.slice(1).every((x) => typeof x === 'string') ||
      !Number.isInteger(i) ||
      (i as number) < 0 ||
      (i as number) >= cursorList.length ||
      !Number.isInteger(l) ||
      (l as number) < 1 ||
      (l as number) > 200
    )
      return
    cursors.value = cursorList.map((x) => (typeof x === 'string' ? x : undefined))
    index.value = i as number
    limit.value = l as number
  }

  return { cursor, page, hasPrev, limit, next, prev, reset, setLimit, place, restore }
}

export type CursorPager = ReturnType<typeof useCursorPager>
