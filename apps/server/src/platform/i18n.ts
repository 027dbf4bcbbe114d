export type Locale = 'zh-CN' | 'en'

/** The caller's language from Accept-Language: English only when asked for before Chinese. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN'
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 }
    })
    // q=0 is "not this language" (RFC 9110); a stable sort keeps the client's order among equals.
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q)
  // A language range is a whole subtag (`en`, `en-GB`), not a prefix of a word (`english`).
  const is = (tag: string, language: string) => tag === language || tag.startsWith(`${language}-`)
  for (const { tag } of ranked) {
    if (is(tag, 'zh')) return 'zh-CN'
    if (is(tag, 'en')) return 'en'
  }
  return 'zh-CN'
}

export interface Message {
  zh: string
  en: string
}

/** Fills `{name}` placeholders; a list is joined as the language joins one (甲、乙 / A, B). */
export function translate(
  message: Message,
  locale: Locale,
  params: Record<string, unknown> = {},
): string {
  const text = locale === 'en' ? message.en : message.zh
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (!(key in params)) return whole
    const value = params[key]
    return Array.isArray(value) ? value.join(locale === 'en' ? ', ' : '、') : String(value)
  })
}
