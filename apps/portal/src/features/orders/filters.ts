import { addDays } from '@doorstep/domain'
import { companyDate } from '../booking/booking.ts'

/** The periods My orders offers: every order, or those served from 30 days, 3 months or a year back on. */
export const PERIODS = ['all', '30d', '90d', '365d'] as const
export type Period = (typeof PERIODS)[number]

const DAYS: Record<Exclude<Period, 'all'>, number> = { '30d': 30, '90d': 90, '365d': 365 }

/** The first service day of a period, in the company's calendar ('' for every order). */
export function periodStart(period: Period, now: Date): string {
  return period === 'all' ? '' : addDays(companyDate(now), -(DAYS[period] - 1))
}

export const isPeriod = (value: unknown): value is Period => PERIODS.includes(value as Period)
