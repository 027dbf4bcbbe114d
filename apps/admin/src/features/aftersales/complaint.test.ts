import { describe, expect, it } from 'vitest'
import { COMPLAINT_STATUSES, complaintEvents } from '@doorstep/domain'
import { ComplaintEventRequest } from '@doorstep/contracts'
import {
  complaintEventBody,
  complaintFieldName,
  complaintFiltersFromRoute,
  complaintQuery,
  emptyComplaintFilters,
  pivotComplaintReport,
  responseState,
  splitMinutes,
  staffComplaintActions,
} from './complaint.ts'

describe('complaint actions', () => {
  it('should offer staff the state machine steps of each status, never the customer confirmation', () => {
    const offered = Object.fromEntries(
      COMPLAINT_STATUSES.map((s) => [s, staffComplaintActions(complaintEvents(s))]),
    )
    expect(offered).toEqual({
      open: ['respond'],
      in_progress: ['resolve'],
      resolved: ['follow_up', 'reopen'],
      followed_up: ['close', 'reopen'],
      closed: [],
    })
  })

  it('should ignore steps the console does not know', () => {
    expect(staffComplaintActions(['confirm', 'escalate', 'resolve'])).toEqual(['resolve'])
  })
})

describe('complaintEventBody', () => {
  it('should put a rework window inside the resolution and leave it out for other kinds', () => {
    const rework = complaintEventBody({
      event: 'resolve',
      note: ' 免费返工 ',
      kind: 'rework',
      windowStart: '2030-05-01T01:00:00.000Z',
      amountFen: 5000,
    })
    expect(rework).toEqual({
      event: 'resolve',
      resolution: { kind: 'rework', note: '免费返工', windowStart: '2030-05-01T01:00:00.000Z' },
    })
    const coupon = complaintEventBody({
      event: 'resolve',
      note: '补偿优惠券',
      kind: 'coupon_request',
      windowStart: '2030-05-01T01:00:00.000Z',
      amountFen: 5000,
    })
    expect(coupon).toEqual({
      event: 'resolve',
      resolution: { kind: 'coupon_request', note: '补偿优惠券', amountFen: 5000 },
    })
    expect(ComplaintEventRequest.safeParse(coupon).success).toBe(true)
  })

  it('should send a trimmed note, and none when it is blank', () => {
    expect(
      complaintEventBody({
        event: 'respond',
        note: ' 已致电 ',
        kind: null,
        windowStart: null,
        amountFen: null,
      }),
    ).toEqual({
      event: 'respond',
      note: '已致电',
    })
    expect(
      complaintEventBody({
        event: 'close',
        note: '  ',
        kind: 'rework',
        windowStart: null,
        amountFen: null,
      }),
    ).toEqual({
      event: 'close',
    })
  })
})

describe('complaintFieldName', () => {
  it('should put server errors next to the field of the step form', () => {
    expect(complaintFieldName('body.note')).toBe('note')
    expect(complaintFieldName('body.resolution.note')).toBe('note')
    expect(complaintFieldName('body.resolution')).toBe('kind')
    expect(complaintFieldName('body.resolution.windowStart')).toBe('windowStart')
    expect(complaintFieldName('body.resolution.amountFen')).toBe('amountFen')
    expect(complaintFieldName('body.event')).toBeNull()
  })
})

describe('responseState', () => {
  const now = new Date('2030-01-01T10:00:00Z')
  const due = (iso: string, respondedAt: string | null = null, overdue = false) =>
    responseState({ firstResponseDue: iso, firstRespondedAt: respondedAt, overdue }, now)

  it('should count down to the deadline and call the last half hour close', () => {
    expect(due('2030-01-01T11:30:00Z')).toEqual({ kind: 'due', minutes: 90, soon: false })
    expect(due('2030-01-01T10:20:00Z')).toEqual({ kind: 'due', minutes: 20, soon: true })
  })

  it('should call a complaint overdue when the deadline passed without an answer', () => {
    expect(due('2030-01-01T09:15:00Z')).toEqual({ kind: 'overdue', minutes: 45 })
  })

  it('should trust the server when it says overdue and the browser clock is behind', () => {
    expect(due('2030-01-01T10:05:00Z', null, true)).toEqual({ kind: 'overdue', minutes: 0 })
  })

  it('should show an answered complaint as responded, late or not', () => {
    expect(due('2030-01-01T09:00:00Z', '2030-01-01T08:30:00Z')).toEqual({
      kind: 'responded',
      late: false,
    })
    expect(due('2030-01-01T09:00:00Z', '2030-01-01T09:30:00Z', true)).toEqual({
      kind: 'responded',
      late: true,
    })
  })

  it('should split minutes into days, hours and minutes', () => {
    expect(splitMinutes(80)).toEqual({ d: 0, h: 1, m: 20 })
    expect(splitMinutes(1441)).toEqual({ d: 1, h: 0, m: 1 })
    expect(splitMinutes(-5)).toEqual({ d: 0, h: 0, m: 0 })
  })
})

describe('complaint queue filters', () => {
  it('should send only the filters that are set', () => {
    expect(complaintQuery(emptyComplaintFilters())).toEqual({
      status: undefined,
      category: undefined,
      projectId: undefined,
      serviceItemId: undefined,
      overdue: undefined,
      orderNo: undefined,
      from: undefined,
      to: undefined,
    })
    expect(
      complaintQuery({
        status: 'open',
        category: 'damage',
        projectId: 'p1',
        serviceItemId: 's1',
        overdue: true,
        orderNo: ' DS2612060001 ',
        range: ['2026-11-01', '2026-11-30'],
      }),
    ).toEqual({
      status: 'open',
      category: 'damage',
      projectId: 'p1',
      serviceItemId: 's1',
      overdue: 'true',
      orderNo: 'DS2612060001',
      from: '2026-11-01',
      to: '2026-11-30',
    })
  })

  it('should read filters from a link and drop values the API would refuse', () => {
    expect(
      complaintFiltersFromRoute(
        { status: 'open', overdue: '1', category: 'x', serviceItemId: 'nope' },
        'p1',
      ),
    ).toEqual({
      status: 'open',
      category: '',
      projectId: 'p1',
      serviceItemId: '',
      overdue: true,
      orderNo: '',
      range: null,
    })
    expect(complaintFiltersFromRoute({ orderNo: 'DS2612060001' }).orderNo).toBe('DS2612060001')
    // The report's drill-down: its days and project, over the header's project.
    const project = '0b3c2a1e-5f6d-4e7a-8b9c-0d1e2f3a4b5c'
    expect(
      complaintFiltersFromRoute(
        { from: '2026-11-01', to: '2026-11-30', projectId: project },
        'header',
      ),
    ).toMatchObject({ range: ['2026-11-01', '2026-11-30'], projectId: project })
    expect(complaintFiltersFromRoute({ from: '2026-11-01', to: 'soon' }).range).toBeNull()
    expect(complaintFiltersFromRoute({ status: ['open'] })).toEqual(emptyComplaintFilters())
  })
})

describe('pivotComplaintReport', () => {
  it('should make one line per project and service with a column per reason that occurs', () => {
    const pivot = pivotComplaintReport([
      {
        category: 'quality',
        projectId: 'p1',
        serviceItemId: 's1',
        serviceName: '日常保洁',
        count: 3,
      },
      {
        category: 'lateness',
        projectId: 'p1',
        serviceItemId: 's1',
        serviceName: '日常保洁',
        count: 1,
      },
      {
        category: 'damage',
        projectId: 'p2',
        serviceItemId: 's2',
        serviceName: '空调清洗',
        count: 5,
      },
      {
        category: 'quality',
        projectId: 'p2',
        serviceItemId: 's1',
        serviceName: '日常保洁',
        count: 1,
      },
    ])
    expect(pivot.categories).toEqual(['quality', 'lateness', 'damage'])
    expect(pivot.lines.map((l) => [l.key, l.total])).toEqual([
      ['p2/s2', 5],
      ['p1/s1', 4],
      ['p2/s1', 1],
    ])
    expect(pivot.lines[1]!.counts).toEqual({ quality: 3, lateness: 1 })
    expect(pivot.totals).toEqual({ quality: 4, lateness: 1, damage: 5 })
    expect(pivot.total).toBe(10)
  })

  it('should be empty for no rows', () => {
    expect(pivotComplaintReport([])).toEqual({ lines: [], categories: [], totals: {}, total: 0 })
  })
})
