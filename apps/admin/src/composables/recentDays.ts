import { addDays, companyToday } from '../features/orders/format.ts'

/** Date-range shortcuts for lists that look back (complaints, their report, deliveries): the last 7, 30 and 90 days. */
export function recentDayShortcuts(t: (key: string) => string) {
  return [7, 30, 90].map((days) => ({
    text: t(`complaintReport.last${days}d`),
    value: () => [addDays(companyToday(), -(days - 1)), companyToday()],
  }))
}
