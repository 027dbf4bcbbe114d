/**
 * Recurring plans as people choose them (every week / every 2 weeks / every month, weekdays, a number of
 * visits or open-ended) and the RFC 5545 RRULE the server books from. The server expands the rule with the
 * `rrule` library over local dates (ADR 0015); `planDates` mirrors that expansion for the subset built here,
 * so a form can name the first and last visit before booking. Shared by the console and the portal
 * (through @doorstep/ui) and by the server's "plan booked" notice.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** The standard 2-hour arrival windows a plan may use (the contract's PlanWindowHour). */
export const WINDOW_HOURS = [8, 10, 13, 15, 17] as const
export type WindowHour = (typeof WINDOW_HOURS)[number]

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const
export type PlanFrequency = (typeof FREQUENCIES)[number]

/** The server's limit on a finite plan (MAX_PLAN_VISITS). */
export const MAX_VISITS = 104

export interface PlanChoice {
  frequency: PlanFrequency
  /** Weekly plans: the days of the week (at least one). Monthly plans use the start date's day. */
  weekdays: readonly Weekday[]
  count: number
  /** No COUNT: the plan runs until someone ends it (visits are booked 28 days ahead). */
  openEnded?: boolean
}

/** The parts of an RRULE a form reads (what the server accepts: FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL). */
export interface ParsedRule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY'
  interval: number
  byDay: Weekday[]
  byMonthDay: number[]
  count: number | null
  /** YYYY-MM-DD */
  until: string | null
}

const sortDays = (days: readonly Weekday[]) => WEEKDAYS.filter((d) => days.includes(d))

/** FREQ=WEEKLY;BYDAY=MO;COUNT=12 · FREQ=WEEKLY;INTERVAL=2;BYDAY=TU · FREQ=MONTHLY;COUNT=6 */
export function buildRRule(choice: PlanChoice): string {
  const parts: string[] = []
  if (choice.frequency === 'monthly') parts.push('FREQ=MONTHLY')
  else {
    parts.push('FREQ=WEEKLY')
    if (choice.frequency === 'biweekly') parts.push('INTERVAL=2')
    const days = sortDays(choice.weekdays)
    if (days.length) parts.push(`BYDAY=${days.join(',')}`)
  }
  if (!choice.openEnded)
    parts.push(`COUNT=${Math.max(1, Math.min(MAX_VISITS, Math.round(choice.count)))}`)
  return parts.join(';')
}

/** What is missing before the choice can be booked, as i18n keys per field. */
export function validateChoice(choice: PlanChoice): Partial<Record<'weekdays' | 'count', string>> {
  const errors: Partial<Record<'weekdays' | 'count', string>> = {}
  if (choice.frequency !== 'monthly' && choice.weekdays.length === 0)
    errors.weekdays = 'plans.form.errors.weekdays'
  if (
    !choice.openEnded &&
    (!Number.isInteger(choice.count) || choice.count < 1 || choice.count > MAX_VISITS)
  )
    errors.count = 'plans.form.errors.count'
  return errors
}

/** Reads an RRULE; null when it uses something a form cannot describe. */
export function parseRRule(rule: string): ParsedRule | null {
  const parts = new Map<string, string>()
  for (const part of rule
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    if (!part) continue
    const [key, value] = part.split('=')
    if (!key || value === undefined) return null
    parts.set(key.toUpperCase(), value.toUpperCase())
  }
  const freq = parts.get('FREQ')
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') return null
  const interval = Number(parts.get('INTERVAL') ?? '1')
  if (!Number.isInteger(interval) || interval < 1) return null
  const byDay = (parts.get('BYDAY')?.split(',') ?? []).filter(Boolean)
  if (!byDay.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) return null
  const byMonthDay = (parts.get('BYMONTHDAY')?.split(',') ?? []).filter(Boolean).map(Number)
  if (!byMonthDay.every((d) => Number.isInteger(d) && d >= 1 && d <= 31)) return null
  const countText = parts.get('COUNT')
  const count = countText === undefined ? null : Number(countText)
  if (count !== null && (!Number.isInteger(count) || count < 1)) return null
  const untilText = parts.get('UNTIL')
  const until = untilText ? /^(\d{4})(\d{2})(\d{2})/.exec(untilText) : null
  if (untilText && !until) return null
  return {
    freq,
    interval,
    byDay: sortDays(byDay),
    byMonthDay: [...byMonthDay].sort((a, b) => a - b),
    count,
    until: until ? `${until[1]}-${until[2]}-${until[3]}` : null,
  }
}

// ---- dates (YYYY-MM-DD, as UTC midnights: local dates without a zone, as the server expands them) ----

const DAY = 86_400_000
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`)
const toDate = (time: number) => new Date(time).toISOString().slice(0, 10)
export const addDays = (date: string, days: number) => toDate(toTime(date) + days * DAY)
/** MO … SU of a date. */
export const weekdayOf = (date: string): Weekday =>
  WEEKDAYS[(new Date(toTime(date)).getUTCDay() + 6) % 7]!
const daysInMonth = (year: number, month0: number) =>
  new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate()

/**
 * The first `limit` visit dates of a rule starting on `startDate`, as the server's `rrule` expansion gives
 * them (weeks start on Monday; a monthly day missing from a month is skipped). Null for rules outside the
 * subset (a monthly BYDAY such as "the first Monday").
 */
export function planDates(
  rule: string | ParsedRule,
  startDate: string,
  limit = MAX_VISITS,
): string[] | null {
  const r = typeof rule === 'string' ? parseRRule(rule) : rule
  if (!r || (r.freq === 'MONTHLY' && r.byDay.length)) return null
  const max = Math.min(limit, r.count ?? Number.POSITIVE_INFINITY)
  const out: string[] = []
  const take = (date: string) => {
    if (date < startDate) return true
    if (r.until && date > r.until) return false
    out.push(date)
    return out.length < max
  }
  // Enough periods for two years of visits, and then some: a rule that never matches simply yields none.
  const periods = 3 * 366
  if (r.freq === 'DAILY') {
    const days = r.byDay.length ? r.byDay : null
    for (let i = 0; i < periods * r.interval && out.length < max; i += r.interval) {
      const date = addDays(startDate, i)
      if (days && !days.includes(weekdayOf(date))) continue
      if (!take(date)) break
    }
    return out
  }
  if (r.freq === 'WEEKLY') {
    const days = r.byDay.length ? r.byDay : [weekdayOf(startDate)]
    const monday = addDays(startDate, -WEEKDAYS.indexOf(weekdayOf(startDate)))
    for (let w = 0; w < periods && out.length < max; w += r.interval) {
      const weekStart = addDays(monday, w * 7)
      let more = true
      for (const d of days) if (more) more = take(addDays(weekStart, WEEKDAYS.indexOf(d)))
      if (!more) break
    }
    return out
  }
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number]
  const monthDays = r.byMonthDay.length ? r.byMonthDay : [d]
  for (let i = 0; i < periods && out.length < max; i += r.interval) {
    const year = y + Math.floor((m - 1 + i) / 12)
    const month0 = (m - 1 + i) % 12
    let more = true
    for (const day of monthDays) {
      if (!more || day > daysInMonth(year, month0)) continue
      more = take(toDate(Date.UTC(year, month0, day)))
    }
    if (!more) break
  }
  return out
}

/**
 * What a form starts from when a plan's visits change from `from` on: the plan's own frequency and weekdays
 * (the nearest the form has for a rule outside its subset) and as many visits as the plan had left from
 * that date, so changing only the weekday keeps the plan's length.
 */
export function choiceFrom(rule: string, startDate: string, from: string): Required<PlanChoice> {
  const r = parseRRule(rule)
  const frequency: PlanFrequency =
    r?.freq === 'MONTHLY' ? 'monthly' : r?.interval === 2 ? 'biweekly' : 'weekly'
  const finite = r !== null && (r.count !== null || r.until !== null)
  const left = finite ? (planDates(r, startDate) ?? []).filter((d) => d >= from).length : 0
  return {
    frequency,
    weekdays: r?.byDay.length ? r.byDay : [weekdayOf(from)],
    count: Math.max(1, left || 12),
    openEnded: !finite,
  }
}

// ---- words ----

export type PlanLocale = 'zh-CN' | 'en'

const ZH_DAYS: Record<Weekday, string> = {
  MO: '一',
  TU: '二',
  WE: '三',
  TH: '四',
  FR: '五',
  SA: '六',
  SU: '日',
}
const EN_DAYS: Record<Weekday, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
}
const EN_DAYS_LONG: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
}
const ZH_NUMBER = ['', '', '两', '三', '四', '五', '六', '七', '八', '九', '十']
/** 每 · 每两 · 每十 · 每 12 (numerals up to ten, digits after, as the day count reads). */
const zhEvery = (n: number) => (n === 1 ? '每' : ZH_NUMBER[n] ? `每${ZH_NUMBER[n]}` : `每 ${n} `)
const ordinal = (n: number) => {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th'
  return `${n}${suffix}`
}

/** 08:00–10:00 for window hour 8. */
export function windowLabel(hour: number): string {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`
  return `${hh(hour)}–${hh(hour + 2)}`
}

/** A weekday's short name: 周一 / Mon. */
export function weekdayName(day: Weekday, locale: PlanLocale): string {
  return locale === 'en' ? EN_DAYS[day] : `周${ZH_DAYS[day]}`
}

/** 每周一、三 · 每两周的周二 · 每月 15 日 · Every Mon, Wed · Every 2 weeks on Tuesday · Monthly on the 15th. */
export function recurrenceText(rule: string, startDate: string, locale: PlanLocale): string | null {
  const r = parseRRule(rule)
  if (!r) return null
  const en = locale === 'en'
  const days = r.byDay.length ? r.byDay : r.freq === 'WEEKLY' ? [weekdayOf(startDate)] : []
  if (r.freq === 'DAILY') {
    if (en)
      return `${r.interval === 1 ? 'Every day' : `Every ${r.interval} days`}${days.length ? ` (${days.map((d) => EN_DAYS[d]).join(', ')})` : ''}`
    return `${zhEvery(r.interval)}天${days.length ? `（${days.map((d) => `周${ZH_DAYS[d]}`).join('、')}）` : ''}`
  }
  if (r.freq === 'WEEKLY') {
    if (en) {
      const names =
        days.length === 1 ? EN_DAYS_LONG[days[0]!] : days.map((d) => EN_DAYS[d]).join(', ')
      return r.interval === 1 ? `Every ${names}` : `Every ${r.interval} weeks on ${names}`
    }
    const names = `周${days.map((d) => ZH_DAYS[d]).join('、')}`
    return r.interval === 1 ? `每${names}` : `${zhEvery(r.interval)}周的${names}`
  }
  const monthDays = r.byMonthDay.length ? r.byMonthDay : [Number(startDate.slice(8, 10))]
  if (en) {
    const on = monthDays.map(ordinal).join(', ')
    return r.interval === 1 ? `Monthly on the ${on}` : `Every ${r.interval} months on the ${on}`
  }
  const on = `${monthDays.join('、')} 日`
  return r.interval === 1 ? `每月 ${on}` : `${zhEvery(r.interval)}个月的 ${on}`
}

/**
 * The plan in one line: "每周一 10:00–12:00，共 12 次" / "Every Monday 10:00–12:00, 12 visits". Falls back to
 * the raw rule when a form cannot describe it.
 */
export function planSummary(
  plan: { rrule: string; startDate: string; windowHour: number },
  locale: PlanLocale,
): string {
  const r = parseRRule(plan.rrule)
  const what = recurrenceText(plan.rrule, plan.startDate, locale)
  if (!r || !what) return `${plan.rrule} ${windowLabel(plan.windowHour)}`
  const end = recurrenceEnd(plan.rrule, locale) ?? (locale === 'en' ? 'ongoing' : '长期')
  return withEnd(`${what} ${windowLabel(plan.windowHour)}`, end, locale)
}

/** How a rule ends: "12 visits" / "共 12 次", "until 2027-03-01" / "至 2027-03-01"; null when it does not. */
export function recurrenceEnd(rule: string, locale: PlanLocale): string | null {
  const r = parseRRule(rule)
  const en = locale === 'en'
  if (r?.count != null)
    return en ? `${r.count} ${r.count === 1 ? 'visit' : 'visits'}` : `共 ${r.count} 次`
  if (r?.until) return en ? `until ${r.until}` : `至 ${r.until}`
  return null
}

/** "每周一，共 12 次" / "Every Monday, 12 visits". */
export const withEnd = (what: string, end: string, locale: PlanLocale) =>
  locale === 'en' ? `${what}, ${end}` : `${what}，${end}`
