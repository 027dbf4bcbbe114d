import type { Locale } from '@doorstep/ui'

const pad = (n: number) => String(n).padStart(2, '0')
const hhmm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`

/** 09:00–11:00, in the viewer's time zone. */
export function formatTimeRange(start: string, end: string): string {
  return `${hhmm(new Date(start))}–${hhmm(new Date(end))}`
}

/** 03-15 周六 09:00–11:00 / Sat 15/03 09:00–11:00: dense enough for a list column. */
export function formatWindow(start: string, end: string, locale: Locale): string {
  const s = new Date(start)
  if (Number.isNaN(s.getTime())) return '—'
  const weekday = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { weekday: 'short' }).format(s)
  const day = locale === 'en' ? `${weekday} ${pad(s.getDate())}/${pad(s.getMonth() + 1)}` : `${pad(s.getMonth() + 1)}-${pad(s.getDate())} ${weekday}`
  return `${day} ${formatTimeRange(start, end)}`
}

/** YYYY-MM-DD of a date in the viewer's time zone (the date pickers' value format). */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export function addDays(date: Date, days: number): Date {
  const next = new Date(date)
  next.setDate(next.getDate() + days)
  return next
}

/** 09:30 in the viewer's time zone. */
export const formatTime = (iso: string): string => hhmm(new Date(iso))
