type Translate = (key: string, params?: Record<string, unknown>) => string

/** A visit's length as people say it: "6 小时 15 分钟", "45 分钟", "23 h 55 min". */
export function hoursAndMinutes(t: Translate, minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h && m) return t('catalog.hoursMinutes', { h, m })
  return h ? t('catalog.hours', { h }) : t('orders.minutes', { n: m })
}
