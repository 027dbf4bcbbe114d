import { isApiError } from '../api/client.ts'

/**
 * The server's field errors (problem+json `errors[]`) by top-level body field: `body.addons.0.code` → `addons`.
 * The first message per field wins; an error that names no field of the body is left to a toast.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isApiError(error)) return out
  for (const e of error.problem?.errors ?? []) {
    // A request header at fault (`headers.if-match`) is no form's field.
    if (e.field.startsWith('headers.')) continue
    const field = e.field.replace(/^(body|query|params)\./, '').split('.')[0] ?? ''
    if (field && !(field in out)) out[field] = e.message
  }
  return out
}
