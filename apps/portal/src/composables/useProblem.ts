import { useI18n } from 'vue-i18n'
import { showFailToast } from 'vant'
import { problemMessage } from '@doorstep/ui'

/** The sentence for a failed call (server title first, then shared code text) and a toast that shows it. */
export function useProblem() {
  const i18n = useI18n()
  const message = (error: unknown) =>
    problemMessage(
      error,
      (key, params) => i18n.t(key, params ?? {}),
      (key) => i18n.te(key),
    )
  const toast = (error: unknown) => showFailToast({ message: message(error), wordBreak: 'break-word' })
  return { message, toast }
}
