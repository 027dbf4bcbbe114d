import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import zhCNVant from 'vant/es/locale/lang/zh-CN'
import type { Locale } from '@doorstep/ui'
import { commonMessages, initialLocale, mergeMessages, rememberLocale } from '@doorstep/ui'
import { zhCN } from './zh-CN.ts'
import { en } from './en.ts'

export const messages = {
  'zh-CN': mergeMessages(commonMessages['zh-CN'], zhCN),
  en: mergeMessages(commonMessages.en, en),
}

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

function applyVantLocale(locale: Locale) {
  if (locale === 'en') VantLocale.use('en-US', enUS)
  else VantLocale.use('zh-CN', zhCNVant)
}

/** Switches the language of the portal and of Vant's own words, remembered across visits. */
export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  rememberLocale(locale)
  applyVantLocale(locale)
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale
    document.title = i18n.global.t('app.title')
  }
}

export function initLocale() {
  setLocale(currentLocale())
}
