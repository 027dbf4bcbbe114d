import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { problemMessage } from '@doorstep/ui'

/** Turns failures into sentences in the current language and shows them as a toast. */
export function useProblem() {
  const i18n = useI18n()
  const describe = (error: unknown) =>
    problemMessage(
      error,
      (key, params) => i18n.t(key, params ?? {}),
      (key) => i18n.te(key),
    )
  function toast(error: unknown) {
    ElMessage({ type: 'error', message: describe(error), grouping: true, showClose: true })
  }
  return { describe, toast }
}

/** The console's sentence for a field error code (`login_taken` → "该登录名已被使用"), or null if it has none. */
export function useFieldCodeText() {
  const i18n = useI18n()
  return (code: string): string | null => {
    const key = `validation.${code}`
    return i18n.te(key) ? i18n.t(key) : null
  }
}
