import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { useSessionStore } from '../stores/session.ts'
import type { PageRequest } from './useFilteredList.ts'
import { useFilteredList } from './useFilteredList.ts'

interface Filters {
  status: string
  projectId: string
}
type Query = { status: string | undefined; projectId: string | undefined }

function setup(initial?: (projectId: string) => Filters) {
  const session = useSessionStore()
  session.currentProjectId = 'p1'
  let request: () => Query & PageRequest = () => {
    throw new Error('the list was not fetched')
  }
  const list = useFilteredList({
    ...(initial ? { initial } : {}),
    empty: (projectId) => ({ status: '', projectId }),
    query: (f) => ({ status: f.status || undefined, projectId: f.projectId || undefined }),
    fetch: (r) => {
      request = r
      return {
        data: ref(undefined),
        isFetching: ref(false),
        isError: ref(false),
        error: ref(null),
        refetch: () => undefined,
      }
    },
  })
  return { session, ...list, request: () => request() }
}

describe('useFilteredList', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it("should open on the header's project and follow its switcher", async () => {
    const { session, filters, request } = setup()
    expect(request()).toEqual({ status: undefined, projectId: 'p1', limit: 20, cursor: undefined })
    session.currentProjectId = null
    await nextTick()
    expect(filters.projectId).toBe('')
    expect(request().projectId).toBeUndefined()
  })

  it('should open with the filters a link gave, for the current project', () => {
    const { filters } = setup((projectId) => ({ status: 'open', projectId }))
    expect(filters).toEqual({ status: 'open', projectId: 'p1' })
  })

  it('should go back to page 1 when a filter changes, not ask for a page of the old query', async () => {
    const { filters, pager, request } = setup()
    pager.next('c2')
    expect(request().cursor).toBe('c2')
    filters.status = 'open'
    await nextTick()
    expect(request()).toEqual({ status: 'open', projectId: 'p1', limit: 20, cursor: undefined })
  })

  it('should tell a filtered list from a whole one', () => {
    const { filters, filtered, clear } = setup()
    expect(filtered.value).toBe(true)
    clear()
    expect(filters).toEqual({ status: '', projectId: '' })
    expect(filtered.value).toBe(false)
  })

  it("should reset to the header's project with nothing else filtered", () => {
    const { filters, reset } = setup()
    filters.status = 'open'
    filters.projectId = 'p2'
    reset()
    expect(filters).toEqual({ status: '', projectId: 'p1' })
  })
})
