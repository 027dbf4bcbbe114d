import { describe, expect, it } from 'vitest'
import { emptyReview, reviewBody, validateReview } from './review.ts'

const complete = () => ({
  ...emptyReview(),
  overall: 5,
  punctuality: 4,
  quality: 5,
  attitude: 3,
})

describe('validateReview', () => {
  it('should ask for every score when nothing was rated', () => {
    expect(validateReview(emptyReview())).toEqual({
      overall: 'aftersales.review.errors.overall',
      punctuality: 'aftersales.review.errors.aspect',
      quality: 'aftersales.review.errors.aspect',
      attitude: 'aftersales.review.errors.aspect',
    })
  })

  it('should accept all four scores with no text or photos', () => {
    expect(validateReview(complete())).toEqual({})
  })

  it('should refuse text over 1000 characters but count it trimmed', () => {
    expect(validateReview({ ...complete(), text: 'x'.repeat(1001) }).text).toBe(
      'aftersales.review.errors.textTooLong',
    )
    expect(validateReview({ ...complete(), text: ` ${'x'.repeat(1000)} ` })).toEqual({})
  })

  it('should refuse a seventh photo', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `file-${i}`)
    expect(validateReview({ ...complete(), photos: ids(7) }).photos).toBe(
      'aftersales.photos.tooMany',
    )
    expect(validateReview({ ...complete(), photos: ids(6) })).toEqual({})
  })

  it('should send the text trimmed', () => {
    expect(reviewBody({ ...complete(), text: '  很好 ' }).text).toBe('很好')
  })
})
