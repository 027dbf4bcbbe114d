/** The parts of an API failure this module reads; `ApiError` from @doorstep/api-client has them. */
export interface ProblemLike {
  status: number
  code: string
  problem: { title?: string; detail?: string; errors?: ReadonlyArray<{ field: string }> } | null
}

export type Translate = (key: string, params?: Record<string, unknown>) => string
export type HasKey = (key: string) => boolean

export function isProblemLike(error: unknown): error is ProblemLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ProblemLike).status === 'number' &&
    typeof (error as ProblemLike).code === 'string'
  )
}

/** A fetch that never reached the server (offline, DNS, refused) — a TypeError in every browser. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError
}

/**
 * The sentence to show for a failed call. The server's own title comes first: it is already in the language
 * the request asked for and carries specifics ("…(users:manage)"). Without one (a proxy's 502, an old server)
 * the code's shared message is used, then a generic one with the status. Code branches never read this text.
 */
export function problemMessage(error: unknown, t: Translate, te: HasKey): string {
  if (isProblemLike(error)) {
    // Only a link carries path values (an id pasted or cut short): no form field is there to mark.
    const errors = error.problem?.errors
    if (errors?.length && errors.every((e) => e.field.startsWith('params.')))
      return t('problem.BAD_LINK')
    const title = error.problem?.detail ?? error.problem?.title
    if (title) return title
    const key = `problem.${error.code}`
    if (te(key)) return t(key)
    return t('problem.UNKNOWN', { status: error.status })
  }
  if (isNetworkError(error)) return t('problem.NETWORK')
  return t('problem.UNKNOWN', { status: '?' })
}
