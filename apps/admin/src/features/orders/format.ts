import { BOOKING_HORIZON_DAYS, localDate as dayIn } from '@doorstep/domain'
import type { Locale } from '@doorstep/ui'
import { formatClock, getDisplayTimeZone } from '@doorstep/ui'

// Moments (a window, an arrival) are shown in the display time zone: the company's (packages/ui format.ts).
// Calendar dates of the date pickers are the viewer's own days: a picker's cell is local midnight of its day.

const pad = (n: number) => String(n).padStart(2, '0')

/** 09:00–11:00, in the display time zone. */
export function formatTimeRange(start: string, end: string): string {
  return `${formatClock(new Date(start))}–${formatClock(new Date(end))}`
}

/**
 * A calendar day, short: 03-15 周六 / Sat 15 Mar (the month by name in English: 03/15 and 15/03 read alike to
 * no one).
 */
export function formatDay(ymd: string, locale: Locale): string {
  const [year, month, dayOfMonth] = ymd.split('-').map(Number) as [number, number, number]
  const noon = new Date(Date.UTC(year, month - 1, dayOfMonth, 12))
  if (locale === 'en')
    return new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(noon)
  const weekday = new Intl.DateTimeFormat('zh-CN', { weekday: 'short', timeZone: 'UTC' }).format(
    noon,
  )
  return `${ymd.slice(5)} ${weekday}`
}

/** 03-15 周六 09:00–11:00 / Sat 15 Mar 09:00–11:00: dense enough for a list column. */
export function formatWindow(start: string, end: string, locale: Locale): string {
  const s = new Date(start)
  if (Number.isNaN(s.getTime())) return '—'
  return `${formatDay(zonedDate(s), locale)} ${formatTimeRange(start, end)}`
}

/** YYYY-MM-DD of a date picker's day (the viewer's calendar date of `date`). */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** YYYY-MM-DD of a moment in the display time zone: the day an order's window falls on, for the company. */
export const zonedDate = (moment: Date): string => dayIn(moment, getDisplayTimeZone())

/** The company's today as a picker's day (local noon of that calendar date, safe to add days to). */
export function companyToday(now: Date = new Date()): Date {
  const [year, month, day] = zonedDate(now).split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, day, 12)
}

export function addDays(date: Date, days: number): Date {
  const next = new Date(date)
  next.setDate(next.getDate() + days)
  return next
}

/** Whether a picker's day can take a visit: from the company's today to the booking horizon, as the server holds. */
export function bookableDay(day: Date, now: Date = new Date()): boolean {
  const today = companyToday(now)
  const date = localDate(day)
  return date >= localDate(today) && date <= localDate(addDays(today, BOOKING_HORIZON_DAYS))
}

/** 09:30 in the display time zone. */
export const formatTime = (iso: string): string => formatClock(new Date(iso))
