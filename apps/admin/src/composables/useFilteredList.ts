import type { Ref } from 'vue'
import { computed, reactive, watch } from 'vue'
import { useSessionStore } from '../stores/session.ts'
import { useCursorPager } from './useCursorPager.ts'

/** What a list screen reads of its query: one page of rows, whether it is loading or failed, and a reload. */
export interface PagedQuery<Row> {
  data: Readonly<Ref<{ items: Row[]; nextCursor: string | null } | undefined>>
  isFetching: Readonly<Ref<boolean>>
  isError: Readonly<Ref<boolean>>
  error: Readonly<Ref<unknown>>
  refetch: () => unknown
}

export interface PageRequest {
  limit: number
  cursor: string | undefined
}

/**
 * A console list filtered by project, a page at a time: the project filter follows the header's project
 * switcher, other filters change here, and any change of the query goes back to page 1 (older cursors mean
 * nothing then). `filtered` tells an empty result of a search from an empty list.
 */
export function useFilteredList<
  Filters extends { projectId: string },
  Query extends object,
  List extends PagedQuery<unknown>,
>(options: {
  /** The filters a screen opens with, for the header's current project. */
  initial?: (projectId: string) => Filters
  /** Nothing filtered but the project. */
  empty: (projectId: string) => Filters
  query: (filters: Filters) => Query
  fetch: (request: () => Query & PageRequest) => List
}) {
  const session = useSessionStore()
  const pager = useCursorPager(20)
  const currentProject = () => session.currentProjectId ?? ''
  // The filters hold plain values only, for which the reactive proxy has the same type.
  const filters = reactive((options.initial ?? options.empty)(currentProject())) as Filters
  watch(
    () => session.currentProjectId,
    (id) => {
      filters.projectId = id ?? ''
    },
  )
  const query = computed(() => options.query(filters))
  watch(query, () => pager.reset(), { deep: true })
  const list = options.fetch(() => ({
    ...query.value,
    limit: pager.limit.value,
    cursor: pager.cursor.value,
  }))
  const filtered = computed(() => Object.values(query.value).some((v) => v !== undefined))

  /** Back to the screen's defaults: the header's project, nothing else. */
  function reset() {
    Object.assign(filters, options.empty(currentProject()))
  }
  /** Every filter off, the project too: what "clear filters" on an empty result offers. */
  function clear() {
    Object.assign(filters, options.empty(''))
  }

  return { filters, pager, list, filtered, reset, clear }
}
