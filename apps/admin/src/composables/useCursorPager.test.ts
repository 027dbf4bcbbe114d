import { describe, expect, it } from 'vitest'
import { useCursorPager } from './useCursorPager.ts'

describe('useCursorPager', () => {
  it('should walk forward with the cursors the server gave and back without asking again', () => {
    const pager = useCursorPager(20)
    expect(pager.cursor.value).toBeUndefined()
    pager.next('c2')
    pager.next('c3')
    expect(pager.page.value).toBe(3)
    expect(pager.cursor.value).toBe('c3')
    pager.prev()
    expect(pager.cursor.value).toBe('c2')
    pager.prev()
    pager.prev()
    expect(pager.page.value).toBe(1)
    expect(pager.hasPrev.value).toBe(false)
  })

  it('should forget pages beyond the current one when a different next page is taken', () => {
    const pager = useCursorPager()
    pager.next('a')
    pager.next('b')
    pager.prev()
    pager.next('b2')
    expect(pager.cursor.value).toBe('b2')
    pager.prev()
    expect(pager.cursor.value).toBe('a')
  })

  it('should not move past the last page', () => {
    const pager = useCursorPager()
    pager.next(null)
    expect(pager.page.value).toBe(1)
  })

  it('should return to page 1 when the page size changes', () => {
    const pager = useCursorPager(20)
    pager.next('x')
    pager.setLimit(50)
    expect(pager.page.value).toBe(1)
    expect(pager.cursor.value).toBeUndefined()
    expect(pager.limit.value).toBe(50)
  })
})

describe('a pager place kept and restored', () => {
  it('should come back to the same page with Previous still working', () => {
    const first = useCursorPager(20)
    first.setLimit(50)
    first.next('c2')
    first.next('c3')
    const kept = JSON.parse(JSON.stringify(first.place())) as unknown
    const again = useCursorPager(20)
    again.restore(kept)
    expect([again.page.value, again.cursor.value, again.limit.value]).toEqual([3, 'c3', 50])
    again.prev()
    expect(again.cursor.value).toBe('c2')
    again.prev()
    expect(again.cursor.value).toBeUndefined()
  })

  it('should ignore what is not a place', () => {
    for (const kept of [
      null,
      'page 3',
      { cursors: ['c1'], index: 0, limit: 20 },
      { cursors: [null, 'c2'], index: 2, limit: 20 },
      { cursors: [null, 7], index: 1, limit: 20 },
      { cursors: [null], index: 0, limit: 5000 },
    ]) {
      const pager = useCursorPager(20)
      pager.restore(kept)
      expect([pager.page.value, pager.cursor.value, pager.limit.value]).toEqual([1, undefined, 20])
    }
  })
})
