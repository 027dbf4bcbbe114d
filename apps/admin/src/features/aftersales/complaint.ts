import type {
  ComplaintCategory,
  ComplaintEvent,
  ComplaintStatus,
  ResolutionKind,
} from '@doorstep/domain'
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  RESOLUTION_KINDS,
  asksForMoney,
} from '@doorstep/domain'
import { addressReader, projectOfRoute } from '../../composables/listAddress.ts'
import type { ComplaintEventBody } from './api.ts'

export { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, RESOLUTION_KINDS }
export type { ComplaintCategory, ComplaintStatus, ResolutionKind }

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** Red while nobody has answered, orange while it is being put right, blue until the customer is done. */
export function complaintStatusTag(status: ComplaintStatus): TagType {
  switch (status) {
    case 'open':
      return 'danger'
    case 'in_progress':
      return 'warning'
    case 'resolved':
    case 'followed_up':
      return 'primary'
    case 'closed':
      return 'success'
  }
}

/**
 * The steps office staff take, in the order the buttons appear. `confirm` is the customer's own step (from the
 * portal), so it is never offered here even though the state machine allows it.
 */
export const STAFF_COMPLAINT_EVENTS = [
  'respond',
  'resolve',
  'follow_up',
  'close',
  'reopen',
] as const satisfies readonly ComplaintEvent[]
export type StaffComplaintEvent = (typeof STAFF_COMPLAINT_EVENTS)[number]

/** Buttons for exactly the steps the server allows now (its `allowedEvents`), in a stable order. */
export function staffComplaintActions(allowed: readonly string[]): StaffComplaintEvent[] {
  const set = new Set(allowed)
  return STAFF_COMPLAINT_EVENTS.filter((event) => set.has(event))
}

/** Reopening goes backwards, so it is never the primary button. */
export const complaintActionType = (event: StaffComplaintEvent): 'primary' | 'default' =>
  event === 'reopen' ? 'default' : 'primary'

/**
 * Steps that must say what was done: the first answer, the follow-up visit and the reason for reopening are
 * what the next person reads on the timeline. Closing may go without a word; a resolution has its own note.
 */
export const noteRequired = (event: StaffComplaintEvent): boolean =>
  event === 'respond' || event === 'follow_up' || event === 'reopen' || event === 'resolve'

/** What the step form holds; `kind`, `windowStart` and `amountFen` matter only for `resolve`. */
export interface ComplaintDraft {
  event: StaffComplaintEvent
  note: string
  kind: ResolutionKind | null
  /** The rework visit's arrival window start (ISO), from the window picker. */
  windowStart: string | null
  /** A refund's or a coupon's amount. */
  amountFen: number | null
}

/**
 * The request body for a checked draft. A resolution carries its note inside (the server puts it on the
 * timeline); a rework carries the window of the linked visit; empty notes are left out.
 */
export function complaintEventBody(draft: ComplaintDraft): ComplaintEventBody {
  const note = draft.note.trim()
  if (draft.event === 'resolve') {
    const kind = draft.kind ?? 'explanation'
    return {
      event: 'resolve',
      resolution: {
        kind,
        note,
        ...(kind === 'rework' && draft.windowStart ? { windowStart: draft.windowStart } : {}),
        ...(asksForMoney(kind) && draft.amountFen !== null ? { amountFen: draft.amountFen } : {}),
      },
    }
  }
  return { event: draft.event, ...(note ? { note } : {}) }
}

/** The form field a server error path belongs to; the form shows the rest above its buttons. */
export function complaintFieldName(
  path: string,
): 'note' | 'kind' | 'windowStart' | 'amountFen' | null {
  switch (path) {
    case 'body.note':
    case 'body.resolution.note':
      return 'note'
    case 'body.resolution':
    case 'body.resolution.kind':
      return 'kind'
    case 'body.resolution.windowStart':
      return 'windowStart'
    case 'body.resolution.amountFen':
      return 'amountFen'
    default:
      return null
  }
}

/** Where a complaint stands against its first-response deadline. */
export type ResponseState =
  | { kind: 'responded'; late: boolean }
  | { kind: 'overdue'; minutes: number }
  | { kind: 'due'; minutes: number; soon: boolean }

/** Under this many minutes left, the deadline is shown as close. */
const SOON_MINUTES = 30

export function responseState(
  complaint: { firstResponseDue: string; firstRespondedAt: string | null; overdue: boolean },
  now: Date,
): ResponseState {
  const due = new Date(complaint.firstResponseDue).getTime()
  if (complaint.firstRespondedAt) {
    return { kind: 'responded', late: new Date(complaint.firstRespondedAt).getTime() > due }
  }
  const left = Math.floor((due - now.getTime()) / 60_000)
  // The server's flag wins over this clock: a browser clock that runs slow must not hide an overdue one.
  if (complaint.overdue || left < 0) return { kind: 'overdue', minutes: Math.max(0, -left) }
  return { kind: 'due', minutes: left, soon: left < SOON_MINUTES }
}

/** Minutes as days, hours and minutes, for "due in 1 h 20 min" texts. */
export function splitMinutes(minutes: number): { d: number; h: number; m: number } {
  const total = Math.max(0, Math.floor(minutes))
  return { d: Math.floor(total / 1440), h: Math.floor((total % 1440) / 60), m: total % 60 }
}

/** The queue's filters as the form holds them (empty string = not filtered). */
export interface ComplaintFilters {
  status: ComplaintStatus | ''
  category: ComplaintCategory | ''
  projectId: string
  /** One service's complaints (the queue of a service manager). */
  serviceItemId: string
  /** Only those past the first-response deadline without an answer. */
  overdue: boolean
  /** The complaints on one order, by its number (what a customer quotes on the phone). */
  orderNo: string
  /** Filed between these days [from, to] (YYYY-MM-DD, company time), or any time. */
  range: [string, string] | null
}

export const emptyComplaintFilters = (projectId = ''): ComplaintFilters => ({
  status: '',
  category: '',
  projectId,
  serviceItemId: '',
  overdue: false,
  orderNo: '',
  range: null,
})

/** Filters from a link (`/complaints?status=open&overdue=1`); unknown values are ignored. */
export function complaintFiltersFromRoute(
  query: Record<string, unknown>,
  projectId = '',
): ComplaintFilters {
  const { text, id, range } = addressReader(query)
  const status = text('status')
  const category = text('category')
  return {
    status: (COMPLAINT_STATUSES as readonly string[]).includes(status)
      ? (status as ComplaintStatus)
      : '',
    category: (COMPLAINT_CATEGORIES as readonly string[]).includes(category)
      ? (category as ComplaintCategory)
      : '',
    // A link from the report names its project; otherwise the header's.
    projectId: projectOfRoute(text('projectId'), projectId),
    serviceItemId: id('serviceItemId'),
    overdue: text('overdue') === '1' || text('overdue') === 'true',
    orderNo: text('orderNo').trim().slice(0, 40),
    range: range(),
  }
}

/** The filters as `GET /complaints` reads them: empty values left out, overdue only when asked for. */
export function complaintQuery(filters: ComplaintFilters) {
  return {
    status: filters.status || undefined,
    category: filters.category || undefined,
    projectId: filters.projectId || undefined,
    serviceItemId: filters.serviceItemId || undefined,
    overdue: filters.overdue ? 'true' : undefined,
    orderNo: filters.orderNo.trim() || undefined,
    from: filters.range?.[0] || undefined,
    to: filters.range?.[1] || undefined,
  }
}

export interface ReportRow {
  category: ComplaintCategory
  projectId: string
  serviceItemId: string
  serviceName: string
  count: number
}

export interface ReportLine {
  key: string
  projectId: string
  serviceItemId: string
  serviceName: string
  counts: Partial<Record<ComplaintCategory, number>>
  total: number
}

export interface ReportPivot {
  lines: ReportLine[]
  /** Only the reasons that occur, in the catalog's order, so the table has no empty columns. */
  categories: ComplaintCategory[]
  totals: Partial<Record<ComplaintCategory, number>>
  total: number
}

/** One line per project and service with a column per reason; most complained-about first. */
export function pivotComplaintReport(rows: readonly ReportRow[]): ReportPivot {
  const lines = new Map<string, ReportLine>()
  const totals: Partial<Record<ComplaintCategory, number>> = {}
  let total = 0
  for (const row of rows) {
    const key = `${row.projectId}/${row.serviceItemId}`
    const line = lines.get(key) ?? {
      key,
      projectId: row.projectId,
      serviceItemId: row.serviceItemId,
      serviceName: row.serviceName,
      counts: {},
      total: 0,
    }
    line.counts[row.category] = (line.counts[row.category] ?? 0) + row.count
    line.total += row.count
    lines.set(key, line)
    totals[row.category] = (totals[row.category] ?? 0) + row.count
    total += row.count
  }
  return {
    lines: [...lines.values()].sort(
      (a, b) => b.total - a.total || a.serviceName.localeCompare(b.serviceName, 'zh-CN'),
    ),
    categories: COMPLAINT_CATEGORIES.filter((c) => totals[c] !== undefined),
    totals,
    total,
  }
}
