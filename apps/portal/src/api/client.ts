import { ApiError, createApiClient } from '@doorstep/api-client'
import { currentLocale } from '../i18n/index.ts'
import { resolveTenant } from './tenant.ts'

let csrfToken: string | undefined

export function setCsrfToken(token: string | undefined) {
  csrfToken = token
}

const tenant =
  typeof window === 'undefined' ? null : resolveTenant(window.location.search, window.localStorage)

/** The one way the portal talks to the server (same origin: the server serves it at /book/). */
export const api = createApiClient({
  csrfToken: () => csrfToken,
  locale: () => currentLocale(),
  headers: (): Record<string, string> => (tenant ? { 'x-doorstep-tenant': tenant } : {}),
})

export { ApiError }

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code)
}
