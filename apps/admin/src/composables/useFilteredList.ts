import type { Ref } from 'vue'
import { computed, reactive, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useSessionStore } from '../stores/session.ts'
import type { CursorPager } from './useCursorPager.ts'
import { useCursorPager } from './useCursorPager.ts'
import type { LocationQuery } from 'vue-router'
import { projectInAddress, projectOfRoute } from './listAddress.ts'
import { useDebounced } from './useDebounced.ts'

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
 * The filters a list's address gives back (`inUrl`): each text or yes/no filter its query names under the same
 * key, over what the screen starts with; anything else (a date range, a list) the screen reads itself.
 */
export function fromAddress<F extends object>(
  start: F,
  query: LocationQuery,
  headerProject: string,
): F {
  const out: Record<string, unknown> = { ...(start as Record<string, unknown>) }
  for (const [key, value] of Object.entries(start)) {
    const named = query[key]
    if (typeof named !== 'string') continue
    if (key === 'projectId') out[key] = projectOfRoute(named, headerProject)
    else if (typeof value === 'string') out[key] = named.slice(0, 200)
    else if (typeof value === 'boolean') out[key] = named === 'true'
  }
  return out as F
}

/** The key of the list's place in its history entry's state (vue-router keeps its own keys beside it). */
const LIST_PLACE = 'doorstepListPlace'

/**
 * Keeps the page a list shows in its history entry (`history.state`, not the address: cursors are long and mean
 * nothing in a shared link), so Back from a row or a reload opens page 3 again, with Previous still working. The
 * place is keyed by the list's path and its address as written, and taken back only for the same: a link with
 * other filters starts at page 1. A query the address leaves something out of (a phone number searched for)
 * keeps no place, since the state is part of the browser's history too.
 */
function keepPageInHistory(pager: CursorPager, key: () => string | null) {
  const kept = (window.history.state as Record<string, unknown> | null)?.[LIST_PLACE] as
    { key?: unknown; place?: unknown } | undefined
  const now = key()
  if (now !== null && kept?.key === now) pager.restore(kept.place)
  watch([pager.page, pager.cursor, pager.limit, key], () => {
    const at = key()
    const state = {
      ...(window.history.state as object | null),
      [LIST_PLACE]: at === null ? null : { key: at, place: pager.place() },
    }
    window.history.replaceState(state, '')
  })
}

/**
 * A console list filtered a page at a time: a project filter (when the filters have one) follows the header's
 * project switcher, other filters change here, and any change of the query goes back to page 1 (older cursors
 * mean nothing then). Text typed into a filter reaches the query once typing pauses. `filtered` tells an empty
 * result of a search from an empty list.
 */
export function useFilteredList<
  Filters extends object,
  Query extends object,
  List extends PagedQuery<unknown>,
>(options: {
  /** The filters a screen opens with (e.g. those a link gave), for the header's current project. */
  initial?: (projectId: string) => Filters
  /** The screen's defaults: nothing filtered but the project, unless the screen narrows by default. */
  empty: (projectId: string) => Filters
  query: (filters: Filters) => Query
  fetch: (request: () => Query & PageRequest) => List
  /** Filters typed into a text box: the query takes their value once it has been still for `delay` ms. */
  debounce?: { keys: ReadonlyArray<keyof Filters>; delay?: number }
  /** Whether `projectId` follows the header's project switcher (default true); false keeps it the screen's own. */
  followProject?: boolean
  /** Rows per page to start with (20). */
  pageSize?: number
  /**
   * Keep the query in the address (`?status=…`, as the API reads it), so that Back from a row, a reload or a
   * shared link opens the list as it was left; `initial` reads it back. Not for a list embedded in a page.
   * `keep` leaves a value out (a phone number searched for has no place in the browser's history). The project
   * is written only when it is not the header's (`all` for every project), so a header changed meanwhile wins.
   */
  inUrl?: boolean | { keep: (key: string, value: string) => boolean }
}) {
  const session = useSessionStore()
  const pager = useCursorPager(options.pageSize ?? 20)
  const currentProject = () => session.currentProjectId ?? ''
  const route = options.inUrl ? useRoute() : null
  // A screen with its own `initial` reads its address itself (checking what it reads); others get theirs back
  // through `fromAddress`.
  const start = options.initial
    ? options.initial(currentProject())
    : route
      ? fromAddress(options.empty(currentProject()), route.query, currentProject())
      : options.empty(currentProject())
  // The filters hold plain values only, for which the reactive proxy has the same type.
  const filters = reactive(start) as Filters
  if (options.followProject !== false && 'projectId' in filters) {
    watch(
      () => session.currentProjectId,
      (id) => {
        Object.assign(filters, { projectId: id ?? '' })
      },
    )
  }

  // Debounced filters are read from their settled copy only, so typing does not touch the query until it pauses.
  const debounced = new Set<keyof Filters>(options.debounce?.keys ?? [])
  const settled = useDebounced(
    computed(() => {
      const typed: Partial<Filters> = {}
      for (const key of debounced) typed[key] = filters[key]
      return typed
    }),
    options.debounce?.delay ?? 300,
  )
  /** The filters as the query sees them: typed text once it has settled, everything else at once. */
  const applied = computed(() => {
    const out = {} as Filters
    for (const key of Object.keys(filters) as Array<keyof Filters>) {
      out[key] = debounced.has(key) ? (settled.value[key] as Filters[keyof Filters]) : filters[key]
    }
    return out
  })
  const query = computed(() => options.query(applied.value))
  watch(query, () => pager.reset(), { deep: true })
  const list = options.fetch(() => ({
    ...query.value,
    limit: pager.limit.value,
    cursor: pager.cursor.value,
  }))
  const filtered = computed(() => Object.values(query.value).some((v) => v !== undefined))
  if (route) {
    const router = useRouter()
    const keep = typeof options.inUrl === 'object' ? options.inUrl.keep : () => true
    const followed = options.followProject !== false && 'projectId' in filters
    /** The query as the address shows it, and whether `keep` left anything out. */
    const written = computed(() => {
      const shown: Record<string, string> = {}
      let omitted = false
      for (const [key, value] of Object.entries(query.value)) {
        if (value === undefined || value === '') continue
        if (keep(key, String(value))) shown[key] = String(value)
        else omitted = true
      }
      if (followed) {
        const project = projectInAddress(shown.projectId ?? '', currentProject())
        if (project === undefined) delete shown.projectId
        else shown.projectId = project
      }
      return { shown, omitted }
    })
    keepPageInHistory(pager, () =>
      written.value.omitted ? null : `${route.path}?${JSON.stringify(written.value.shown)}`,
    )
    watch(
      () => written.value.shown,
      (next) => {
        const same =
          Object.keys(next).length === Object.keys(route.query).length &&
          Object.entries(next).every(([key, value]) => route.query[key] === value)
        // Replaced, not pushed: Back leaves the list rather than stepping through its filters.
        if (!same) void router.replace({ query: next })
      },
      { immediate: true },
    )
  }

  /** Back to the screen's defaults for the header's project. */
  function reset() {
    Object.assign(filters, options.empty(currentProject()))
  }
  /** Every filter off, the project too: what "clear filters" on an empty result offers. */
  function clear() {
    Object.assign(filters, options.empty(''))
  }

  return { filters, applied, pager, list, filtered, reset, clear }
}
