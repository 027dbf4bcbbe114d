import { describe, expect, it } from 'vitest'
import { ReviewQuery } from '@doorstep/contracts'
import { emptyReviewFilters, reviewQuery, scoreTone } from './query.ts'

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
