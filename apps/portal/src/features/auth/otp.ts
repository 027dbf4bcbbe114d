import type { ApiError } from '@doorstep/api-client'

export const PHONE_RE = /^1[3-9]\d{9}$/
export const CODE_RE = /^\d{6}$/

/** `attemptsLeft` from an OTP_INVALID problem (top level or under `extensions`), if the server sent one. */
export function attemptsLeft(error: Pick<ApiError, 'problem'>): number | null {
  const p = error.problem as (Record<string, unknown> & { extensions?: Record<string, unknown> }) | null
  const value = p?.attemptsLeft ?? p?.extensions?.attemptsLeft
  return typeof value === 'number' ? value : null
}

/** Seconds to wait from a 429 problem (`retryAfterSeconds` or `resendAfterSeconds`), if given. */
export function retryAfter(error: Pick<ApiError, 'problem'>): number | null {
  const p = error.problem as Record<string, unknown> | null
  const value = p?.retryAfterSeconds ?? p?.resendAfterSeconds
  return typeof value === 'number' ? value : null
}

/** A safe place to go after signing in: only paths inside the portal. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}
