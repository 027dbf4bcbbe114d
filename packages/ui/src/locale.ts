/** The languages every Doorstep web app speaks. Chinese first: it is the default and the fallback. */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

/** localStorage key under which the apps remember the chosen language. */
export const LOCALE_STORAGE_KEY = 'doorstep.locale'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

function safeStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage can throw when disabled by the browser's privacy settings
  }
}

/**
 * The language to start in: the remembered choice, else zh-CN. The browser's language is deliberately not
 * consulted: the product's users are in China and want Chinese even on an English-language browser.
 */
export function initialLocale(storage: StorageLike | null = safeStorage()): Locale {
  const stored = storage?.getItem(LOCALE_STORAGE_KEY)
  return isLocale(stored) ? stored : DEFAULT_LOCALE
}

export function rememberLocale(locale: Locale, storage: StorageLike | null = safeStorage()): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // not remembered; the choice still applies to this page
  }
}
