import { reactive } from 'vue'
import { ApiError } from '@doorstep/api-client'

/**
 * Field errors from a failed save, keyed by form field: `body.login` → `login`, `body.grants.3.scope` →
 * `grants`. Bind each to its `<el-form-item :error>`. `localize` turns a field error code into the console's
 * sentence (see `useFieldCodeText`); unknown codes show the server's message. `name` picks the form field of
 * a server path, for forms whose fields sit deeper in the body (`body.resolution.note` → `note`).
 */
export function useServerErrors(
  localize: (code: string) => string | null = () => null,
  name: (path: string) => string | null = fieldName,
) {
  const fields = reactive<Record<string, string>>({})

  function clear() {
    for (const key of Object.keys(fields)) Reflect.deleteProperty(fields, key)
  }

  /** Records the field errors of `error`; returns true when at least one named a field. */
  function apply(error: unknown): boolean {
    clear()
    if (!(error instanceof ApiError)) return false
    let named = false
    for (const problem of error.problem?.errors ?? []) {
      const field = name(problem.field)
      if (!field) continue
      // Codes the console knows are shown in its own words; others keep the server's (already localized) text.
      fields[field] ??= localize(problem.code) ?? problem.message
      named = true
    }
    return named
  }

  return { fields, apply, clear }
}

/** A request header at fault (`headers.if-match`) is no form's field: the problem's own message is shown. */
export function fieldName(path: string): string | null {
  const parts = path.split('.')
  if (parts[0] === 'headers') return null
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift()
  return parts[0] || null
}
