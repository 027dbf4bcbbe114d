import type { Ref } from 'vue'
import { computed, ref } from 'vue'
import { useDebounced } from './useDebounced.ts'

export interface RemoteQuery {
  q: string | undefined
  ids: string | undefined
  limit: number
}
interface Listed<Row> {
  data: Readonly<Ref<{ items: Row[] } | undefined>>
  isFetching: Readonly<Ref<boolean>>
}

/**
 * Options for a select that searches the server instead of loading everything: the first matches of what was
 * typed, and the records the select holds (read by id), so a chosen one keeps its name when no search returns
 * it. `byId` names held records for read-only display.
 */
export function useRemoteOptions<Row extends { id: string }>(options: {
  fetch: (query: () => RemoteQuery, enabled: () => boolean) => Listed<Row>
  chosen: () => readonly string[]
  enabled: () => boolean
  limit?: number
}) {
  const typed = ref('')
  const q = useDebounced(typed, 250)
  const found = options.fetch(
    () => ({ q: q.value.trim() || undefined, ids: undefined, limit: options.limit ?? 20 }),
    options.enabled,
  )
  const held = options.fetch(
    () => ({ q: undefined, ids: options.chosen().join(','), limit: 50 }),
    () => options.enabled() && options.chosen().length > 0,
  )
  const byId = computed(() => {
    const chosen = new Set(options.chosen())
    return new Map((held.data.value?.items ?? []).filter((r) => chosen.has(r.id)).map((r) => [r.id, r]))
  })
  const items = computed(() => {
    const rows = new Map(byId.value)
    for (const row of found.data.value?.items ?? []) rows.set(row.id, row)
    return [...rows.values()]
  })
  return {
    items,
    byId,
    loading: computed(() => found.isFetching.value),
    search: (text: string) => {
      typed.value = text
    },
  }
}
