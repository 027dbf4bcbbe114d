import { ApiError, createApiClient } from '@doorstep/api-client'
import { currentLocale } from '../i18n/index.ts'

let csrfToken: string | undefined

/** The session store hands the CSRF token of the signed-in session here; every non-GET call carries it. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token
}

/** The one way the console talks to the server. Same origin: the server serves the console at /admin/. */
export const api = createApiClient({
  csrfToken: () => csrfToken,
  locale: () => currentLocale(),
})

export { ApiError }

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code)
}
