import { PHOTOS_MAX } from './photos.ts'

export const REVIEW_ASPECTS = ['punctuality', 'quality', 'attitude'] as const
export type ReviewAspect = (typeof REVIEW_ASPECTS)[number]
export const REVIEW_TEXT_MAX = 1000

export interface ReviewForm {
  /** 0 until the customer taps a star: the API takes 1–5 and no default is assumed for them. */
  overall: number
  punctuality: number
  quality: number
  attitude: number
  text: string
  /** Ids of uploaded files. */
  photos: string[]
}

export type ReviewField = 'overall' | ReviewAspect | 'text' | 'photos'
/** Each field's problem as an i18n key. */
export type ReviewErrors = Partial<Record<ReviewField, string>>

export const emptyReview = (): ReviewForm => ({
  overall: 0,
  punctuality: 0,
  quality: 0,
  attitude: 0,
  text: '',
  photos: [],
})

const isScore = (n: number) => Number.isInteger(n) && n >= 1 && n <= 5

/** What the server's ReviewRequest would refuse, found before sending, with a message per field. */
export function validateReview(form: ReviewForm): ReviewErrors {
  const errors: ReviewErrors = {}
  if (!isScore(form.overall)) errors.overall = 'aftersales.review.errors.overall'
  for (const aspect of REVIEW_ASPECTS)
    if (!isScore(form[aspect])) errors[aspect] = 'aftersales.review.errors.aspect'
  if (form.text.trim().length > REVIEW_TEXT_MAX)
    errors.text = 'aftersales.review.errors.textTooLong'
  if (form.photos.length > PHOTOS_MAX) errors.photos = 'aftersales.photos.tooMany'
  return errors
}

/** The body for `portalReview`. */
export const reviewBody = (form: ReviewForm) => ({
  overall: form.overall,
  punctuality: form.punctuality,
  quality: form.quality,
  attitude: form.attitude,
  text: form.text.trim(),
  photos: form.photos,
})
