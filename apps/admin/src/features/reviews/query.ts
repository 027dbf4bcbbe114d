import { addressReader } from '../../composables/listAddress.ts'

/** The review list's filters as the form holds them (null / empty string = not filtered). */
export interface ReviewFilters {
  /** Only reviews scored at most this (1–5). */
  maxOverall: number | null
  workerId: string
  visibility: '' | 'shown' | 'hidden'
  /** Only the reviews nobody has replied to yet: the office's to-do. */
  awaitingReply: boolean
  /** The header's project switcher; '' = every project the user may see. */
  projectId: string
  /** Written between these days [from, to] (company time), or any time. */
  range: [string, string] | null
}

export const emptyReviewFilters = (projectId = ''): ReviewFilters => ({
  maxOverall: null,
  workerId: '',
  visibility: '',
  awaitingReply: false,
  projectId,
  range: null,
})

/** The filters as `GET /reviews` reads them: `hidden` is a query string boolean, unset means both. */
export function reviewQuery(filters: ReviewFilters) {
  return {
    // A cleared select may hand back '' rather than null; neither is a score.
    maxOverall: filters.maxOverall || undefined,
    workerId: filters.workerId || undefined,
    projectId: filters.projectId || undefined,
    hidden:
      filters.visibility === '' ? undefined : filters.visibility === 'hidden' ? 'true' : 'false',
    replied: filters.awaitingReply ? ('false' as const) : undefined,
    from: filters.range?.[0],
    to: filters.range?.[1],
  }
}

/** The filters a list's address names (`reviewQuery` written back), for Back, reload or a shared link. */
export function reviewFiltersFromRoute(
  query: Record<string, unknown>,
  projectId = '',
): ReviewFilters {
  const { text, range } = addressReader(query)
  const score = Number(text('maxOverall'))
  return {
    ...emptyReviewFilters(projectId),
    maxOverall: Number.isInteger(score) && score >= 1 && score <= 5 ? score : null,
    visibility: text('hidden') === 'true' ? 'hidden' : text('hidden') === 'false' ? 'shown' : '',
    awaitingReply: text('replied') === 'false',
    range: range(),
  }
}

export const REVIEW_DIMENSIONS = ['punctuality', 'quality', 'attitude'] as const

/** Red for the reviews the office should look at first, orange for middling, green for good. */
export function scoreTone(score: number): 'danger' | 'warning' | 'success' {
  if (score <= 2) return 'danger'
  if (score === 3) return 'warning'
  return 'success'
}
