import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import type { Locale } from '@doorstep/ui'
import { initialLocale, rememberLocale } from '@doorstep/ui'
import { messages } from './messages.ts'

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value === 'en' ? 'en' : 'zh-CN'
}

export const localeRef = computed<Locale>(() => currentLocale())

/** Items of a list in a sentence: 保洁、维修 in Chinese, "cleaning, repair" in English. */
export const joinList = (items: readonly string[]): string =>
  items.join(currentLocale() === 'en' ? ', ' : '、')

/** Switches the UI language, remembers it in localStorage and marks the document for screen readers. */
export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  rememberLocale(locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
