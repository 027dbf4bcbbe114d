/** In a list's address: every project, where the header has one chosen (useFilteredList `inUrl`). */
export const ALL_PROJECTS = 'all'

const UUID = /^[0-9a-f-]{36}$/i
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Reads a list's address (`route.query`) as the lists write it; what is missing, repeated or malformed is ''. */
export function addressReader(query: Record<string, unknown>) {
  const text = (key: string): string => {
    const value = query[key]
    return typeof value === 'string' ? value : ''
  }
  return {
    text,
    /** An id the address names, or ''. */
    id: (key: string) => (UUID.test(text(key)) ? text(key) : ''),
    /** The days [from, to] the address names, or null. */
    range: (): [string, string] | null =>
      DAY.test(text('from')) && DAY.test(text('to')) ? [text('from'), text('to')] : null,
  }
}

/** The project a list's address names: one, every one, or (naming none) the header's. */
export const projectOfRoute = (named: string, headerProject: string): string =>
  UUID.test(named) ? named : named === ALL_PROJECTS ? '' : headerProject

/**
 * The project as a list's address writes it: nothing for the header's own (so a header changed meanwhile wins),
 * `all` for every project while the header has one chosen.
 */
export function projectInAddress(projectId: string, headerProject: string): string | undefined {
  if (projectId === headerProject) return undefined
  return projectId || (headerProject ? ALL_PROJECTS : undefined)
}
