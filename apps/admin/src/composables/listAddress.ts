/** In a list's address: every project, where the header has one chosen (useFilteredList `inUrl`). */
export const ALL_PROJECTS = 'all'

const UUID = /^[0-9a-f-]{36}$/i

/** The project a list's address names: one, every one, or (naming none) the header's. */
export const projectOfRoute = (named: string, headerProject: string): string =>
  UUID.test(named) ? named : named === ALL_PROJECTS ? '' : headerProject
