import type { Locale } from './locale.ts'

// The time zone times and days are shown in: the company's, once the app knows it (an appointment at 10:00 in
// Shanghai is 10:00 to everyone handling it, wherever their browser is); the viewer's until then.
let displayTimeZone: string | undefined

export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone
}

/** The display time zone's IANA name (the viewer's own until the app sets one). */
export const getDisplayTimeZone = (): string =>
  displayTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone

const clockFormats = new Map<string, Intl.DateTimeFormat>()

/** 09:30: a moment's clock time in the display time zone. */
export function formatClock(date: Date): string {
  const timeZone = getDisplayTimeZone()
  let format = clockFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    clockFormats.set(timeZone, format)
  }
  return format.format(date)
}

/** 2024-05-01 14:03 in the display time zone; an em dash for nothing. */
export function formatDateTime(
  iso: string | null | undefined,
  locale: Locale,
  withSeconds = false,
): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hour12: false,
    timeZone: displayTimeZone,
  }).format(date)
}

/** "3 minutes ago" style text, for last-sign-in columns. */
export function formatRelative(
  iso: string | null | undefined,
  locale: Locale,
  now: Date = new Date(),
): string {
  if (!iso) return '—'
  const then = new Date(iso).getTime()
  if (Number.isNaN(then)) return iso
  const seconds = Math.round((then - now.getTime()) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ]
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit)
  }
  return rtf.format(0, 'minute')
}
