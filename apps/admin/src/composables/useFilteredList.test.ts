import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EffectScope } from 'vue'
import { effectScope, nextTick, ref } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { useSessionStore } from '../stores/session.ts'
import type { PageRequest } from './useFilteredList.ts'
import { fromAddress, useFilteredList } from './useFilteredList.ts'

interface Filters {
  status: string
  projectId: string
}
type Query = { status: string | undefined; projectId: string | undefined }

// A screen's setup runs in its component's scope; the tests give each list one and end it afterwards.
let scope: EffectScope | undefined
function inScope<T>(use: () => T): T {
  scope = effectScope()
  return scope.run(use) as T
}

function fakeList() {
  return {
    data: ref(undefined),
    isFetching: ref(false),
    isError: ref(false),
    error: ref(null),
    refetch: () => undefined,
  }
}

function setup(initial?: (projectId: string) => Filters) {
  const session = useSessionStore()
  session.currentProjectId = 'p1'
  let request: () => Query & PageRequest = () => {
    throw new Error('the list was not fetched')
  }
  const list = inScope(() =>
    useFilteredList({
      ...(initial ? { initial } : {}),
      empty: (projectId) => ({ status: '', projectId }),
      query: (f) => ({ status: f.status || undefined, projectId: f.projectId || undefined }),
      fetch: (r) => {
        request = r
        return fakeList()
      },
    }),
  )
  return { session, ...list, request: () => request() }
}

interface SearchFilters {
  q: string
  status: string
  projectId: string
}
type SearchQuery = {
  q: string | undefined
  status: string | undefined
  projectId: string | undefined
}

/** A list with a search box, its own project filter and a bigger page, as the catalog or audit screens have. */
function setupSearch(options: { followProject?: boolean; delay?: number } = {}) {
  const session = useSessionStore()
  session.currentProjectId = 'p1'
  let request: () => SearchQuery & PageRequest = () => {
    throw new Error('the list was not fetched')
  }
  const list = inScope(() =>
    useFilteredList({
      empty: (projectId): SearchFilters => ({ q: '', status: '', projectId }),
      query: (f) => ({
        q: f.q.trim() || undefined,
        status: f.status || undefined,
        projectId: f.projectId || undefined,
      }),
      fetch: (r) => {
        request = r
        return fakeList()
      },
      debounce: { keys: ['q'], ...(options.delay ? { delay: options.delay } : {}) },
      ...(options.followProject === undefined ? {} : { followProject: options.followProject }),
      pageSize: 50,
    }),
  )
  return { session, ...list, request: () => request() }
}

describe('useFilteredList', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    scope?.stop()
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

  describe('with a search box', () => {
    beforeEach(() => {
      vi.useFakeTimers()
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    it('should ask for the typed text only once typing pauses, and stay on the page meanwhile', async () => {
      const { filters, applied, pager, request } = setupSearch()
      pager.next('c2')
      filters.q = 'zh'
      await nextTick()
      filters.q = 'zhang '
      await nextTick()
      expect(request()).toMatchObject({ q: undefined, cursor: 'c2' })
      expect(applied.value.q).toBe('')
      vi.advanceTimersByTime(299)
      await nextTick()
      expect(request().q).toBeUndefined()
      vi.advanceTimersByTime(1)
      await nextTick()
      expect(applied.value.q).toBe('zhang ')
      expect(request()).toEqual({
        q: 'zhang',
        status: undefined,
        projectId: 'p1',
        limit: 50,
        cursor: undefined,
      })
    })

    it('should apply a filter chosen from a list at once, while the typed text still waits', async () => {
      const { filters, request } = setupSearch({ delay: 400 })
      filters.q = 'zhang'
      filters.status = 'open'
      await nextTick()
      expect(request()).toMatchObject({ q: undefined, status: 'open' })
      vi.advanceTimersByTime(400)
      await nextTick()
      expect(request()).toMatchObject({ q: 'zhang', status: 'open' })
    })

    it("should keep the screen's own project when it does not follow the header", async () => {
      const { session, filters, reset, request } = setupSearch({ followProject: false })
      filters.projectId = 'p2'
      session.currentProjectId = 'p3'
      await nextTick()
      expect(request().projectId).toBe('p2')
      reset()
      expect(filters).toEqual({ q: '', status: '', projectId: 'p3' })
    })
  })

  it('should serve a list with no project filter, the header switcher notwithstanding', async () => {
    const session = useSessionStore()
    session.currentProjectId = 'p1'
    let request: () => { status: string | undefined } & PageRequest = () => {
      throw new Error('the list was not fetched')
    }
    const { filters, filtered } = inScope(() =>
      useFilteredList({
        empty: () => ({ status: '' }),
        query: (f) => ({ status: f.status || undefined }),
        fetch: (r) => {
          request = r
          return fakeList()
        },
      }),
    )
    expect(filtered.value).toBe(false)
    session.currentProjectId = 'p2'
    await nextTick()
    expect(filters).toEqual({ status: '' })
    expect(request()).toEqual({ status: undefined, limit: 20, cursor: undefined })
  })
})

describe('fromAddress', () => {
  const start = { q: '', active: false, projectId: 'p1', range: null as [string, string] | null }
  it('should give back the text and yes/no filters the address names under their own keys', () => {
    expect(fromAddress(start, { q: '保洁', active: 'true', range: 'x', other: 'y' }, 'p1')).toEqual(
      {
        q: '保洁',
        active: true,
        projectId: 'p1',
        range: null,
      },
    )
  })
  it('should read the project as the lists write it: one, every one, or the header’s', () => {
    const p2 = '01900000-0000-7000-8000-000000000002'
    expect(fromAddress(start, { projectId: p2 }, 'p1').projectId).toBe(p2)
    expect(fromAddress(start, { projectId: 'all' }, 'p1').projectId).toBe('')
    expect(fromAddress(start, {}, 'p1').projectId).toBe('p1')
  })
})
