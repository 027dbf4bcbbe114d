import rrule from 'rrule'
import { LocalDate } from '@doorstep/contracts'
import { addDays } from '@doorstep/domain'
import { planDates } from '@doorstep/domain/plans/plan-rule'

/** The most visits a finite plan may have: two years of weekly visits. */
export const MAX_PLAN_VISITS = 104
/**
 * Visits are booked this far ahead; later ones are booked as the days come. (Not the booking horizon of
 * `@doorstep/domain`, how far ahead anything may be booked at all.)
 */
export const PLAN_BOOK_AHEAD_DAYS = 28
/**
 * A visit no worker could take is tried again by each hourly pass, this many times in all (two days): a
 * cancelled order or a new shift usually frees someone by then; after that staff retry it by hand.
 */
export const MAX_BOOKING_ATTEMPTS = 48

const ALLOWED_PARTS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST'])
const ALLOWED_FREQ = new Set(['DAILY', 'WEEKLY', 'MONTHLY'])
const DAY = '(MO|TU|WE|TH|FR|SA|SU)'
/** What each part's value may look like: plain weekdays (no "first Monday"), whole numbers, a date. */
const VALUE: Record<string, RegExp> = {
  FREQ: /^[A-Z]+$/,
  INTERVAL: /^\d{1,3}$/,
  BYDAY: new RegExp(`^${DAY}(,${DAY}){0,6}$`),
  BYMONTHDAY: /^\d{1,2}(,\d{1,2}){0,30}$/,
  // Any count is read (COUNT=100000 is "too many visits", not "not a rule"); MAX_PLAN_VISITS bounds it after.
  COUNT: /^\d{1,9}$/,
  UNTIL: /^\d{8}(T([01]\d|2[0-3])[0-5]\d[0-5]\dZ?)?$/,
  WKST: new RegExp(`^${DAY}$`),
}
/** Every 99 days, weeks or months at most: enough for any household rhythm. */
const MAX_INTERVAL = 99

export type RecurrenceProblem =
  | 'invalid_rrule'
  | 'rrule_part_not_supported'
  | 'rrule_frequency_not_supported'
  | 'rrule_days_mixed'
  | 'rrule_too_many_visits'
  | 'rrule_no_visits'

/**
 * A recurrence a home-service plan can use: daily, weekly or monthly, on given weekdays or days of the month,
 * for a count or until a date (or open-ended). Times of day come from the plan's window, not the rule.
 */
export function checkRecurrence(rule: string, startDate: string): RecurrenceProblem | null {
  const parts = rule.split(';').map((p) => p.split('='))
  if (parts.some((p) => p.length !== 2 || !p[0] || !p[1])) return 'invalid_rrule'
  if (parts.some(([k]) => !ALLOWED_PARTS.has(k!))) return 'rrule_part_not_supported'
  if (new Set(parts.map(([k]) => k)).size !== parts.length) return 'invalid_rrule'
  const freq = parts.find(([k]) => k === 'FREQ')?.[1]
  if (!freq) return 'invalid_rrule'
  if (!ALLOWED_FREQ.has(freq)) return 'rrule_frequency_not_supported'
  // Each value is checked before the rrule library sees it: it loops for ever on a negative or non-numeric
  // INTERVAL, and searches day by day to the year 9999 for a BYMONTHDAY no month has.
  if (!parts.every(([k, v]) => VALUE[k!]!.test(v!))) return 'invalid_rrule'
  const value = new Map(parts as Array<[string, string]>)
  const interval = Number(value.get('INTERVAL') ?? '1')
  const monthDays = (value.get('BYMONTHDAY') ?? '1').split(',').map(Number)
  const until = value.get('UNTIL')
  // BYDAY=MO,MO names one day twice: harmless to the library, but a typo the customer should see, not a rule
  // stored as written and shown back as "every Monday, Monday".
  const repeats = (key: string) => {
    const items = value.get(key)?.split(',') ?? []
    return new Set(items).size !== items.length
  }
  if (
    repeats('BYDAY') ||
    repeats('BYMONTHDAY') ||
    interval < 1 ||
    interval > MAX_INTERVAL ||
    // RFC 5545: a rule ends by COUNT or by UNTIL, never both.
    (until !== undefined && value.has('COUNT')) ||
    monthDays.some((d) => d < 1 || d > 31) ||
    // 20261231 must name a day of the calendar (not 20261399), as any LocalDate does.
    (until !== undefined &&
      !LocalDate.safeParse(`${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`)
        .success)
  )
    return 'invalid_rrule'
  // "The 31st, if a Monday" or "daily, on the 5th": rules the library reads, but no plan means, and no
  // sentence says back.
  if (freq === 'MONTHLY' ? value.has('BYDAY') : value.has('BYMONTHDAY')) return 'rrule_days_mixed'
  let parsed: rrule.RRule
  try {
    parsed = toRule(rule, startDate)
  } catch {
    return 'invalid_rrule'
  }
  // A rule no day matches (every 7 days on Tuesdays, from a Monday) sends the library day by day to the year
  // 9999 whatever bounds it is given — seconds of a blocked server. The forms' own expansion, which stops after
  // a bounded number of periods, finds that first.
  if (planDates(rule, startDate, 1)?.length === 0) return 'rrule_no_visits'
  const start = parsed.options.dtstart
  if (parsed.all((_, i) => i < 1).length === 0) return 'rrule_no_visits'
  const { count, until: last } = parsed.options
  if (count !== null) return count > MAX_PLAN_VISITS ? 'rrule_too_many_visits' : null
  // A rule that matches at all matches again soon, so counting its visits up to UNTIL stops early.
  if (
    last &&
    parsed.between(start, last, true, (_, i) => i <= MAX_PLAN_VISITS).length > MAX_PLAN_VISITS
  )
    return 'rrule_too_many_visits'
  return null
}

/**
 * Dates are computed as UTC midnights standing for local dates ("floating" times): the rule speaks of
 * days, and the plan's window hour turns each day into an instant in the company's time zone.
 */
function toRule(rule: string, startDate: string): rrule.RRule {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number]
  const options = rrule.RRule.parseString(rule)
  return new rrule.RRule({ ...options, dtstart: new Date(Date.UTC(y, m - 1, d)) })
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/** The plan's visit dates from `from` to `to` (inclusive, YYYY-MM-DD). */
export function visitDates(rule: string, startDate: string, from: string, to: string): string[] {
  if (to < from) return []
  return toRule(rule, startDate)
    .between(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`), true)
    .map(isoDay)
}

/**
 * The last visit date of a finite plan (null when open-ended). A rule with no visit at all — one cut before its
 * first — ends the day before it starts. An UNTIL rule may hold more than MAX_PLAN_VISITS dates: an open-ended
 * plan cut short after two years is one.
 */
export function lastVisitDate(rule: string, startDate: string): string | null {
  const r = toRule(rule, startDate)
  if (r.options.count === null && r.options.until === null) return null
  const last =
    r.options.until !== null
      ? r.before(r.options.until, true)
      : r.all((_, i) => i < MAX_PLAN_VISITS).at(-1)
  return last ? isoDay(last) : addDays(startDate, -1)
}

/** How many visits a rule has from `from` on (Infinity when open-ended). */
export function visitsFrom(rule: string, startDate: string, from: string): number {
  const last = lastVisitDate(rule, startDate)
  return last === null ? Number.POSITIVE_INFINITY : visitDates(rule, startDate, from, last).length
}

/**
 * The rule cut short before `date`: its COUNT or UNTIL gives way to UNTIL the day before (RFC 5545 allows
 * only one), which keeps exactly the visits it had before `date` — the first half of a split series.
 */
export function ruleEndingBefore(rule: string, date: string): string {
  const kept = rule.split(';').filter((part) => !/^(COUNT|UNTIL)=/i.test(part))
  return [...kept, `UNTIL=${addDays(date, -1).replaceAll('-', '')}`].join(';')
}

/** Plan pricing: a series discount on each visit's subtotal, in whole fen. */
export const visitDiscountFen = (subtotalFen: number, percent: number) =>
  Math.floor((subtotalFen * percent) / 100)
