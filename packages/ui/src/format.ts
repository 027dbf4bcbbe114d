import type { Locale } from './locale.ts'

// The time zone times and days are shown in: the company's, once the app knows it (an appointment at 10:00 in
// Shanghai is 10:00 to everyone handling it, wherever their browser is); the viewer's until then.
let displayTimeZone: string | undefined

export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone
}

export const getDisplayTimeZone = (): string | undefined => displayTimeZone

const partsFormat = new Map<string | undefined, Intl.DateTimeFormat>()

/** A moment's calendar date and clock time in the display time zone. */
export function zonedParts(date: Date): {
  year: number
  month: number
  day: number
  hour: number
  minute: number
} {
  let format = partsFormat.get(displayTimeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: displayTimeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
    partsFormat.set(displayTimeZone, format)
  }
  const parts = Object.fromEntries(
    format.formatToParts(date).map((p) => [p.type, p.value]),
  ) as Record<string, string>
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  }
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
