import { addDays, companyToday } from '../orders/format.ts'

/** Date-range shortcuts for complaints (report and queue alike): the last 7, 30 and 90 days, in company time. */
export function recentDayShortcuts(t: (key: string) => string) {
  return [7, 30, 90].map((days) => ({
    text: t(`complaintReport.last${days}d`),
    value: () => [addDays(companyToday(), -(days - 1)), companyToday()],
  }))
}
