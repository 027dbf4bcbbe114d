import { describe, expect, it } from 'vitest'
import { ReviewQuery } from '@doorstep/contracts'
import { emptyReviewFilters, reviewFiltersFromRoute, reviewQuery, scoreTone } from './query.ts'

describe('reviewQuery', () => {
  it('should send no filter for an empty form', () => {
    expect(reviewQuery(emptyReviewFilters())).toEqual({
      maxOverall: undefined,
      workerId: undefined,
      projectId: undefined,
      hidden: undefined,
      replied: undefined,
      from: undefined,
      to: undefined,
    })
  })

  it('should send the chosen days as the range the API parses', () => {
    const ranged = reviewQuery({ ...emptyReviewFilters(), range: ['2026-11-01', '2026-11-30'] })
    expect(ReviewQuery.parse(ranged)).toMatchObject({ from: '2026-11-01', to: '2026-11-30' })
  })

  it('should read back from the address what it wrote there, and ignore what it did not', () => {
    const filters = {
      ...emptyReviewFilters('p1'),
      maxOverall: 2,
      visibility: 'hidden' as const,
      awaitingReply: true,
      range: ['2026-11-01', '2026-11-30'] as [string, string],
    }
    // As useFilteredList writes it: every value a string.
    const written = Object.fromEntries(
      Object.entries(reviewQuery(filters))
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    )
    expect(reviewFiltersFromRoute(written, 'p1')).toEqual(filters)
    expect(reviewFiltersFromRoute({ maxOverall: '9', hidden: 'maybe', from: 'x' }, '')).toEqual(
      emptyReviewFilters(''),
    )
  })

  it('should ask for the reviews nobody has replied to', () => {
    const waiting = reviewQuery({ ...emptyReviewFilters(), awaitingReply: true })
    expect(waiting.replied).toBe('false')
    expect(ReviewQuery.parse(waiting).replied).toBe(false)
  })

  it('should filter by the header’s project', () => {
    expect(reviewQuery(emptyReviewFilters('p1')).projectId).toBe('p1')
  })

  it('should turn the visibility choice into the hidden flag the API parses', () => {
    const hidden = reviewQuery({
      maxOverall: 2,
      workerId: 'w1',
      visibility: 'hidden',
      awaitingReply: false,
      projectId: '',
      range: null,
    })
    expect(hidden).toEqual({
      maxOverall: 2,
      workerId: 'w1',
      projectId: undefined,
      hidden: 'true',
      replied: undefined,
    })
    const shown = reviewQuery({ ...emptyReviewFilters(), visibility: 'shown' })
    expect(shown.hidden).toBe('false')
    expect(ReviewQuery.parse({ ...shown }).hidden).toBe(false)
    expect(
      ReviewQuery.parse({ hidden: hidden.hidden, maxOverall: String(hidden.maxOverall) }),
    ).toMatchObject({
      hidden: true,
      maxOverall: 2,
    })
  })

  it('should treat a cleared score select as no filter', () => {
    const cleared = { ...emptyReviewFilters(), maxOverall: '' as unknown as number }
    expect(reviewQuery(cleared).maxOverall).toBeUndefined()
  })
})

describe('scoreTone', () => {
  it('should flag low scores', () => {
    expect([1, 2, 3, 4, 5].map(scoreTone)).toEqual([
      'danger',
      'danger',
      'warning',
      'success',
      'success',
    ])
  })
})
