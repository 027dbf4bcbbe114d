import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  getTableName,
  gte,
  inArray,
  lt,
  lte,
  sql,
} from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Param, Placeholder, SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type {
  CreateOrderRequest,
  OrderEventRequest,
  TimelineActor,
  TimelineChange,
} from '@doorstep/contracts'
import type {
  Interval,
  OrderEvent,
  OrderStatus,
  Placement,
  ServiceNeed,
  CrewTimes,
  WorkerDay,
} from '@doorstep/domain'
import {
  DEFAULT_TRAVEL,
  DEFAULT_WINDOW_HOURS,
  ORDER_EVENT_LABELS,
  ORDER_STATUSES,
  ORDER_STATUS_LABELS,
  addDays,
  addJob,
  allowedEvents,
  BOOKING_HORIZON_DAYS,
  capacities,
  crewTimes,
  dayWindows,
  lastBookableDate,
  localDate,
  localDayEnd,
  localDayStart,
  orderChangeFee,
  placeInDay,
  placements,
  quote,
  transition,
  travelMs,
  visitMinutes,
  MAX_VISIT_HOURS,
} from '@doorstep/domain'
import type { Actor } from '../../platform/auth/actor.ts'
import { requirePermission, scopeReaches } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { BuiltStatement, Database, Executor } from '../../platform/db/database.ts'
import {
  afterCommit,
  atCommit,
  holdUntilCommit,
  inSendOrder,
  runBuilt,
  sentTogether,
  tenantOf,
} from '../../platform/db/database.ts'
import type { Slots } from '../../platform/db/prebuilt.ts'
import { prebuiltSelect, rowsInsert } from '../../platform/db/prebuilt.ts'
import { coalescedBy } from '../../platform/coalesce.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { IfMatch } from '../../platform/http/if-match.ts'
import { requireListedVersion } from '../../platform/http/if-match.ts'
import { idCursor, timeCursor, timeCursorOf, toPage } from '../../platform/http/paging.ts'
import { onceFor } from '../../platform/idempotency/idempotency.ts'
import { newId } from '../../platform/ids.ts'
import type { LiveEvent } from '../../platform/outbox/outbox.ts'
import { THIS_PROCESS, announce, emit } from '../../platform/outbox/outbox.ts'
import type { CatalogService, OfferedService } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import { requireProjectTakingBookings } from '../customers/index.ts'
import { tenantTimeZone } from '../tenancy/index.ts'
import type { WorkforceService } from '../workforce/index.ts'
import { workerHold } from '../workforce/index.ts'
import { OrderError } from './orders.errors.ts'
import { orderCounter, orderEvent, serviceOrder } from './orders.tables.ts'

type NewOrder = z.output<typeof CreateOrderRequest>
/** The staff's events, and the review that comes only with a customer's review (reviews module). */
type EventInput = Omit<z.output<typeof OrderEventRequest>, 'event'> & { event: OrderEvent }
type OrderRow = typeof serviceOrder.$inferSelect

const insertOrder = rowsInsert(serviceOrder)
const insertEvents = rowsInsert(orderEvent)

/**
 * The most one order may come to: ¥10 000 000, well inside the 32-bit fen columns its fees are kept in (a
 * unit price times a quantity could otherwise overflow them and leave the order unchangeable).
 */
const MAX_ORDER_FEN = 1_000_000_000

/** Orders that keep a worker's time reserved. */
const HOLDING: OrderStatus[] = [
  'pending_payment',
  'pending_dispatch',
  'dispatched',
  'accepted',
  'en_route',
  'in_service',
]
const ASAP_HOURS = 4
const HOUR = 3_600_000
const PAST: Record<OrderEvent, string> = {
  pay: 'paid',
  pay_on_site: 'pay_on_site_chosen',
  assign: 'assigned',
  accept: 'accepted',
  reject: 'rejected',
  unassign: 'unassigned',
  depart: 'worker_departed',
  check_in: 'checked_in',
  complete: 'completed',
  review: 'reviewed',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
}

interface Deps {
  database: Database
  clock: Clock
  catalog: CatalogService
  customers: CustomerService
  workforce: WorkforceService
}

const iso = (d: Date | null) => d?.toISOString() ?? null

interface Named {
  customerName: string
  customerPhoneMasked: string
  workerName: string | null
  timeline: TimelineEntry[]
}

interface TimelineEntry {
  /** A timestamp; from JSON it has PostgreSQL's offset form, so it is normalised to ISO. */
  at: string
  event: string
  from: OrderStatus | null
  to: OrderStatus
  actorName: string | null
  actor: TimelineActor
  reason: string | null
  change: TimelineChange | null
}

/**
 * The order's column named with its table: in a one-table select Drizzle writes bare column names, which
 * inside a subquery would mean the subquery's own table.
 */
const qualified = (column: PgColumn) =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`

/** An order's timeline as one column of the order's own query (a detail in one statement). */
const timelineColumn = sql<TimelineEntry[]>`coalesce((
  select json_agg(json_build_object('at', e.at, 'event', e.event, 'from', e.from_status, 'to', e.to_status,
    'actorName', e.actor_name, 'actor', e.actor_type, 'reason', e.reason, 'change', e.change)
    order by e.at, e.id)
  from ${orderEvent} e where e.order_id = ${qualified(serviceOrder.id)}), '[]'::json)`

/** Which orders an actor may see (`scopeFor`). */
type Scope =
  | { kind: 'tenant' }
  | { kind: 'none' }
  | { kind: 'projects'; ids: string[] }
  | { kind: 'workers'; ids: string[] }
  | { kind: 'customer'; id: string }

const orderColumns = getTableColumns(serviceOrder)
const SUMMARY_KEYS = [
  'id',
  'orderNo',
  'status',
  'channel',
  'customerId',
  'addressId',
  'addressMasked',
  'projectId',
  'serviceItemId',
  'serviceName',
  'priceVersion',
  'quantityMilli',
  'windowStart',
  'windowEnd',
  'asap',
  'workerId',
  'plannedArrival',
  'durationMinutes',
  'payOnSite',
  'notes',
  'completedAt',
  'warrantyDays',
  'feesFen',
  'createdAt',
  'version',
] as const satisfies ReadonlyArray<keyof typeof orderColumns>
/**
 * What a list shows of an order: not its price breakdown, add-ons or change policy (JSON the list would read,
 * send and parse only to drop), only the total.
 */
const summaryColumns = {
  ...(Object.fromEntries(SUMMARY_KEYS.map((k) => [k, orderColumns[k]])) as Pick<
    typeof orderColumns,
    (typeof SUMMARY_KEYS)[number]
  >),
  totalFen: sql<number>`(${serviceOrder.price}->>'totalFen')::int`,
}
type SummaryRow = Pick<OrderRow, (typeof SUMMARY_KEYS)[number]> & {
  totalFen: number
  customerName: string
  customerPhoneMasked: string
  workerName: string | null
}

/**
 * When a completed order's warranty ends; none for a service without one (a warranty "until" the completion
 * itself would read as one just ended).
 */
const warrantyUntilOf = (r: { completedAt: Date | null; warrantyDays: number }) =>
  r.completedAt && r.warrantyDays > 0
    ? new Date(r.completedAt.getTime() + r.warrantyDays * 24 * HOUR).toISOString()
    : null

/** An order as lists show it. */
const summaryOf = (r: SummaryRow) => ({
  id: r.id,
  feesFen: r.feesFen,
  orderNo: r.orderNo,
  status: r.status,
  channel: r.channel,
  customerId: r.customerId,
  customerName: r.customerName,
  customerPhoneMasked: r.customerPhoneMasked,
  addressId: r.addressId,
  addressMasked: r.addressMasked,
  projectId: r.projectId,
  serviceItemId: r.serviceItemId,
  serviceName: r.serviceName,
  priceVersion: r.priceVersion,
  quantityMilli: r.quantityMilli,
  windowStart: r.windowStart.toISOString(),
  windowEnd: r.windowEnd.toISOString(),
  asap: r.asap,
  workerId: r.workerId,
  workerName: r.workerId ? r.workerName : null,
  plannedArrival: iso(r.plannedArrival),
  durationMinutes: r.durationMinutes,
  payOnSite: r.payOnSite,
  notes: r.notes,
  totalFen: r.totalFen,
  warrantyUntil: warrantyUntilOf(r),
  allowedEvents: allowedEvents(r.status),
  createdAt: r.createdAt.toISOString(),
  version: r.version,
})

/** The values a list's filters take; a list's statement has a condition for each filter given. */
type ListValues = {
  scopeIds: string[]
  scopeCustomerId: string
  statuses: string[]
  from: Date
  to: Date
  projectId: string
  serviceItemId: string
  workerId: string
  customerId: string
  channel: string
  /** The customer whose phone was searched for. */
  phoneCustomerId: string
  orderNo: string
  /** Cursors: the id of the last order seen, or its window start and id. */
  before: string
  afterAt: Date
  afterId: string
  limit: number
}
type ListFilter = Exclude<keyof ListValues, 'scopeIds' | 'scopeCustomerId' | 'afterId' | 'limit'>
const LIST_FILTERS: { [K in ListFilter]: (slot: Slots<ListValues>) => SQL | undefined } = {
  statuses: (s) => sql`${serviceOrder.status} = any(${s.statuses}::text[])`,
  from: (s) => gte(serviceOrder.windowStart, s.from),
  to: (s) => lt(serviceOrder.windowStart, s.to),
  projectId: (s) => eq(serviceOrder.projectId, s.projectId),
  serviceItemId: (s) => eq(serviceOrder.serviceItemId, s.serviceItemId),
  workerId: (s) => eq(serviceOrder.workerId, s.workerId),
  customerId: (s) => eq(serviceOrder.customerId, s.customerId),
  channel: (s) => eq(serviceOrder.channel, s.channel),
  phoneCustomerId: (s) => eq(serviceOrder.customerId, s.phoneCustomerId),
  orderNo: (s) => eq(serviceOrder.orderNo, s.orderNo),
  before: (s) => lt(serviceOrder.id, s.before),
  afterAt: (s) =>
    and(
      lte(serviceOrder.windowStart, s.afterAt),
      sql`(${serviceOrder.windowStart}, ${serviceOrder.id}) < (${s.afterAt}, ${s.afterId})`,
    ),
}
/**
 * The orders a scope lets through, given its values or a prebuilt statement's slots. The ids are one array
 * parameter, so the statement's text is the same however many projects or workers the reader has.
 */
const SCOPE_CONDITIONS: {
  [K in Scope['kind']]: (v: {
    ids: Param | Placeholder
    customerId: string | Placeholder
  }) => SQL | undefined
} = {
  tenant: () => undefined,
  none: () => sql`false`,
  projects: (v) => sql`${serviceOrder.projectId} = any(${v.ids}::uuid[])`,
  workers: (v) => sql`${serviceOrder.workerId} = any(${v.ids}::uuid[])`,
  customer: (v) => eq(serviceOrder.customerId, v.customerId),
}

// Availability is advisory — a booking places the job again under a lock — so a project's day (workers,
// shifts, held jobs) is kept and shared by everyone looking at it. The process keeps one, shared by every order
// service in it (the demo seed builds several). Its own bookings go into the kept days; any other write to the
// project's orders, or to the tenant's workers, forgets them, as does another process's write to either (its
// live event). The TTL bounds what a lost event (a dropped LISTEN connection) leaves stale.
const DAY_TTL_MS = 30_000
// A project's workers on a date, each with its shifts and held jobs.
type CrewDay = CrewTimes<WorkerDay & { name: string }>
// The read itself is kept (a promise), so requests that miss at the same moment share one read.
const dayCache = new Map<string, { until: number; days: Promise<CrewDay> }>()
const watchedCrews = new WeakSet<WorkforceService>()

function forgetDays(tenantId: string, projectId?: string) {
  const prefix = projectId ? `${tenantId}|${projectId}|` : `${tenantId}|`
  for (const key of dayCache.keys()) if (key.startsWith(prefix)) dayCache.delete(key)
}

/** A visit may be booked for, or moved to, a date within the booking horizon only (a year 2999 is a typo). */
export function requireWithinHorizon(date: string, today: string, field: string) {
  if (date > lastBookableDate(today))
    throw new OrderError('TOO_FAR_AHEAD', { days: BOOKING_HORIZON_DAYS }, [
      { field, code: 'too_far_ahead' },
    ])
}

/** A few numbers of the open orders a worker holds, soonest first (what keeps them from leaving). */
export async function openOrderNosOfWorker(tx: Executor, workerId: string) {
  const rows = await tx
    .select({ orderNo: serviceOrder.orderNo })
    .from(serviceOrder)
    .where(and(eq(serviceOrder.workerId, workerId), inArray(serviceOrder.status, HOLDING)))
    .orderBy(serviceOrder.windowStart)
    .limit(5)
  return rows.map((r) => r.orderNo)
}

/** A few numbers of the customer's open orders at an address (its place was planned into them). */
export async function openOrderNosAt(tx: Executor, customerId: string, addressId: string) {
  const rows = await tx
    .select({ orderNo: serviceOrder.orderNo })
    .from(serviceOrder)
    .where(
      and(
        eq(serviceOrder.customerId, customerId),
        eq(serviceOrder.addressId, addressId),
        inArray(serviceOrder.status, HOLDING),
      ),
    )
    .orderBy(serviceOrder.windowStart)
    .limit(5)
  return rows.map((r) => r.orderNo)
}

/**
 * Open orders at a corrected address show it as it now reads (ADR 0041: they follow a corrected door number);
 * screens showing them hear of it live. The correction itself is audited on the customer.
 */
export async function correctAddressOfOpenOrders(
  tx: Executor,
  customerId: string,
  addressId: string,
  detailMasked: string,
  at: Date,
) {
  const changed = await tx
    .update(serviceOrder)
    .set({ addressMasked: detailMasked, updatedAt: at, version: sql`${serviceOrder.version} + 1` })
    .where(
      and(
        eq(serviceOrder.customerId, customerId),
        eq(serviceOrder.addressId, addressId),
        inArray(serviceOrder.status, HOLDING),
      ),
    )
    .returning({
      tenantId: serviceOrder.tenantId,
      orderId: serviceOrder.id,
      projectId: serviceOrder.projectId,
      workerId: serviceOrder.workerId,
    })
  for (const { tenantId, ...order } of changed)
    await announce(tx, tenantId, 'order.address_corrected', { ...order, customerId }, at)
}

/** Forgets every kept day: events may have been lost (the LISTEN connection dropped). */
export function forgetAllKeptDays(): void {
  dayCache.clear()
}

/**
 * Forgets kept days when another server process commits a change to a project's orders or to the tenant's
 * workers (the live events those writes send at commit): a process's own bookings are already in its kept
 * days (`keepBooked`), other processes' changes are seen at once instead of when the days expire.
 */
export function forgetDaysOnOthersWrites(event: LiveEvent): void {
  if (event.origin === THIS_PROCESS) return
  if (event.type === 'worker.changed') forgetDays(event.tenantId)
  else if (event.type.startsWith('order.') && event.ids.projectId)
    forgetDays(event.tenantId, event.ids.projectId)
}

/**
 * A committed booking goes into the kept days that hold its time (a day reads jobs from 36 h before it to 36 h
 * after), instead of the project's days being forgotten: under a stream of bookings they would never stay kept,
 * and every booking and look at availability would read the whole crew again. A day kept after the commit
 * already holds the job; holding it twice only marks the same time as taken.
 */
function keepBooked(
  tenantId: string,
  projectId: string,
  timeZone: string,
  job: { workerId: string; start: number; end: number; location: { lat: number; lng: number } },
) {
  const day = localDate(new Date(job.start), timeZone)
  for (let d = -2; d <= 2; d++) {
    // A failed read is answered where it was made (sharedWorkerDays), and its entry dropped there.
    void dayCache.get(`${tenantId}|${projectId}|${addDays(day, d)}`)?.days.then(
      (crew) =>
        addJob(crew, job.workerId, { start: job.start, end: job.end, location: job.location }),
      () => undefined,
    )
  }
}

export function createOrderService({ database, clock, catalog, customers, workforce }: Deps) {
  const travel = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
    travelMs(a, b, DEFAULT_TRAVEL)

  // Every availability look and booking reads them: built once per shape (a reschedule leaves its order out).
  const heldJobsQueries = [false, true].map((excluding) =>
    prebuiltSelect(
      (
        tx,
        slot: Slots<{
          workerIds: string[]
          dayEnd: Date
          startsFrom: Date
          dayStart: Date
          exclude?: string
        }>,
      ) =>
        tx
          .select({
            workerId: serviceOrder.workerId,
            start: serviceOrder.plannedArrival,
            end: serviceOrder.plannedEnd,
            lat: serviceOrder.lat,
            lng: serviceOrder.lng,
          })
          .from(serviceOrder)
          .where(
            and(
              // One array parameter: the statement's text is the same whatever the crew's size.
              sql`${serviceOrder.workerId} = any(${slot.workerIds}::uuid[])`,
              inArray(serviceOrder.status, HOLDING),
              lt(serviceOrder.plannedArrival, slot.dayEnd),
              // A held job lies within one shift, so it started less than a day before it ends: with this bound
              // the (worker, planned_arrival) index reads a few days per worker, not the worker's whole history.
              gte(serviceOrder.plannedArrival, slot.startsFrom),
              gte(serviceOrder.plannedEnd, slot.dayStart),
              excluding ? sql`${serviceOrder.id} <> ${slot.exclude}` : undefined,
            ),
          ),
    ),
  )

  /**
   * The jobs `workerIds` hold around a local date (a day either side, for jobs crossing midnight). Sent at
   * once: the caller may pipeline it after a lock.
   */
  function heldJobs(
    tx: Executor,
    workerIds: string[],
    date: string,
    timeZone: string,
    excludeOrderId?: string,
  ) {
    const dayStart = localDayStart(date, timeZone) - 12 * HOUR
    const dayEnd = dayStart + 48 * HOUR
    return heldJobsQueries[excludeOrderId ? 1 : 0]!(tx, {
      workerIds,
      dayEnd: new Date(dayEnd),
      startsFrom: new Date(dayStart - 24 * HOUR),
      dayStart: new Date(dayStart),
      exclude: excludeOrderId,
    })
  }

  /** A held job as placing reads it: the query's time bounds leave out orders without planned times. */
  const heldJob = (j: { start: Date | null; end: Date | null; lat: number; lng: number }) => ({
    start: j.start!.getTime(),
    end: j.end!.getTime(),
    location: { lat: j.lat, lng: j.lng },
  })

  /** The workers of a project on a date with the jobs they already hold. */
  async function workerDays(
    tx: Executor,
    projectId: string,
    date: string,
    timeZone: string,
    excludeOrderId?: string,
  ): Promise<CrewDay> {
    const workers = await workforce.onDate(tx, projectId, date, timeZone)
    if (workers.length === 0) return crewTimes([])
    const jobs = await heldJobs(
      tx,
      workers.map((w) => w.id),
      date,
      timeZone,
      excludeOrderId,
    )
    // Grouped in one pass: a crew is a hundred workers or more.
    const byWorker = new Map<string | null, Array<(typeof jobs)[number]>>()
    for (const j of jobs) {
      const held = byWorker.get(j.workerId)
      if (held) held.push(j)
      else byWorker.set(j.workerId, [j])
    }
    return crewTimes(workers.map((w) => ({ ...w, jobs: (byWorker.get(w.id) ?? []).map(heldJob) })))
  }

  /**
   * A worker's day as it is now — the worker (null once they left the project or stopped working) and the jobs
   * they hold around the date — holding the day until commit. The lock is on the (worker, date) pair, not the
   * worker's row: shifts lie within a day, so bookings of one worker on different days never compete for time and
   * need not wait. The worker's own lock is held too, shared: the worker's deactivation takes it alone, so it
   * waits for every booking holding one of their days to commit (and then sees its order), and a booking after it
   * reads the worker as gone. The reads are sent behind the locks without waiting (one round trip on a pipelined
   * connection): PostgreSQL runs them in order, so they start once the locks are held and see every change
   * committed before.
   */
  async function lockedDay(
    tx: Executor,
    projectId: string,
    workerId: string,
    date: string,
    timeZone: string,
    excludeOrderId?: string,
  ) {
    // Sent at once, in this order and in one write: the reads follow the locks on the wire.
    const [, jobs, [worker]] = await inSendOrder(
      sentTogether(
        tx,
        () =>
          [
            holdUntilCommit(tx, `worker-day|${workerId}|${date}`, workerHold(workerId)),
            heldJobs(tx, [workerId], date, timeZone, excludeOrderId),
            workforce.onDate(tx, projectId, date, timeZone, workerId),
          ] as const,
      ),
    )
    return worker && { ...worker, jobs: jobs.map(heldJob) }
  }

  if (!watchedCrews.has(workforce)) {
    watchedCrews.add(workforce)
    workforce.onChange((tenantId) => forgetDays(tenantId))
  }

  async function sharedWorkerDays(
    tx: Executor,
    tenantId: string,
    projectId: string,
    date: string,
    timeZone: string,
    // False in a transaction that may have written before: what it reads may never commit.
    keep = true,
  ) {
    const key = `${tenantId}|${projectId}|${date}`
    const kept = dayCache.get(key)
    // Someone else's read that failed is not this request's failure: it reads for itself.
    if (kept && kept.until > Date.now())
      return kept.days.catch(() => workerDays(tx, projectId, date, timeZone))
    const days = workerDays(tx, projectId, date, timeZone)
    if (!keep) return days
    if (dayCache.size >= 10_000) dayCache.clear()
    const entry = { until: Date.now() + DAY_TTL_MS, days }
    dayCache.set(key, entry)
    days.catch(() => dayCache.get(key) === entry && dayCache.delete(key))
    return days
  }

  /**
   * Holds a worker's time for a job. The crew's placements are ranked without locks — for a new booking from the
   * day availability keeps (sharedWorkerDays), which may be a moment old — then only the chosen worker's day is
   * locked and the job placed again against what is committed now. Bookings that take different workers run side
   * by side; two that want the same worker's last free time queue on its lock, and the second moves on to the
   * next candidate. A booking alone in its transaction takes a kept day's refusal as the answer: SLOT_TAKEN with
   * the kept day's free windows. Every write that frees time (a cancellation, a reschedule, a longer shift)
   * forgets the kept days after it commits, in this process at once and in others when its live event arrives,
   * so the kept day refuses only what the crew read afresh would (bench/README: reading the crew again for every
   * refusal cost a tenth of the bookings' time). A booking inside a larger transaction (a plan's visits, a
   * rework) reads the crew again before refusing, as what that transaction did before is in no kept day, and
   * keeps no day it reads. A reschedule reads the crew itself. A failed candidate stays locked until commit, so
   * two bookings can wait on each other: PostgreSQL detects that and the transaction is run again (database.ts).
   */
  async function hold(
    tx: Executor,
    projectId: string,
    date: string,
    timeZone: string,
    need: ServiceNeed,
    window: Interval,
    rank: (fits: Placement[]) => Placement[],
    { excludeOrderId, alone = false }: { excludeOrderId?: string; alone?: boolean } = {},
  ): Promise<{ placement: Placement | undefined; days: CrewDay }> {
    const tried = new Set<string>()
    // One placement per worker: each candidate's day is locked and read once.
    const firstFit = async (days: CrewDay) => {
      for (const candidate of rank(placements(days, need, window, travel))) {
        if (tried.has(candidate.workerId)) continue
        tried.add(candidate.workerId)
        const day = await lockedDay(
          tx,
          projectId,
          candidate.workerId,
          date,
          timeZone,
          excludeOrderId,
        )
        const placement = day && placeInDay(day, need, window, travel)
        if (placement) return placement
      }
      return undefined
    }
    const tenantId = tenantOf(tx)
    // A reschedule ranks without the order itself, which the kept day still holds.
    if (tenantId && !excludeOrderId) {
      const kept = await sharedWorkerDays(tx, tenantId, projectId, date, timeZone, alone)
      const placement = await firstFit(kept)
      if (placement || alone) return { placement, days: kept }
    }
    const days = await workerDays(tx, projectId, date, timeZone, excludeOrderId)
    return { placement: await firstFit(days), days }
  }

  function windowsWithCapacity(
    days: CrewTimes,
    need: ServiceNeed,
    windows: Interval[],
    now: number,
  ) {
    // What has begun counts from now; a window already over holds nobody (it starts after it ends).
    const free = capacities(
      days,
      need,
      windows.map((w) => ({ start: Math.max(w.start, now), end: w.end })),
      travel,
    )
    return windows.map((w, i) => ({
      start: new Date(w.start).toISOString(),
      end: new Date(w.end).toISOString(),
      available: free[i]! > 0,
      capacity: free[i]!,
    }))
  }

  const advanceCounter = prebuiltSelect(
    (tx, slot: Slots<{ tenantId: string; day: string; count: number }>) =>
      tx
        .insert(orderCounter)
        .values({ tenantId: slot.tenantId, day: slot.day, seq: slot.count })
        .onConflictDoUpdate({
          target: [orderCounter.tenantId, orderCounter.day],
          set: { seq: sql`${orderCounter.seq} + ${slot.count}::int` },
        })
        .returning({ seq: orderCounter.seq }),
  )

  // Numbers taken ahead, by tenant, for one day: `next` to `last` are free. The block doubles (up to 64) while the
  // tenant takes numbers again within a second, halves when it took them within ten, and is none otherwise, so a
  // quiet tenant's numbers have no gaps. A new day replaces the tenant's entry.
  const reservedNos = new Map<
    string,
    { day: string; next: number; last: number; ahead: number; at: number }
  >()
  const orderNoOf = (day: string, seq: number) =>
    `DS${day.slice(2).replaceAll('-', '')}${String(seq).padStart(4, '0')}`
  const aheadFor = (kept: { ahead: number; at: number } | undefined) => {
    if (!kept) return 0
    const since = Date.now() - kept.at
    if (since < 1_000) return Math.min(Math.max(1, kept.ahead * 2), 64)
    return since < 10_000 ? kept.ahead >> 1 : 0
  }
  const reservedFor = (tenantId: string, day: string) => {
    const kept = reservedNos.get(tenantId)
    return kept?.day === day ? kept : undefined
  }
  /**
   * The tenant's next order number of the day. Every booking of the tenant takes the same counter row, so it
   * is taken in a transaction that commits at once rather than held until the booking commits (bench/api: the
   * bookings of a tenant queued on it). Bookings asking while a number is being taken wait and take theirs
   * together, in one statement that advances the counter by as many (they had queued one by one for the
   * counter's connection). On PostgreSQL a tenant that keeps booking takes numbers ahead too (`reservedNos`),
   * so most of its bookings need no counter transaction at all (bench/api: that transaction was a fifth of a
   * booking's cost). A booking that fails afterwards leaves a gap in the numbers, and so does a process that
   * stops with numbers reserved; with several processes, each hands out its own reserved numbers.
   */
  const takeOrderNos = coalescedBy(
    async (_key: unknown, batch: Array<{ tx: Executor; tenantId: string; day: string }>) => {
      const { tx, tenantId, day } = batch[0]!
      // PGlite: the caller's transaction may roll back the counter (see nextOrderNo).
      const reserving = database.kind === 'postgres'
      const kept = reserving ? reservedFor(tenantId, day) : undefined
      const seqs: number[] = []
      while (kept && kept.next <= kept.last && seqs.length < batch.length) seqs.push(kept.next++)
      const missing = batch.length - seqs.length
      if (missing > 0) {
        const ahead = reserving ? aheadFor(kept) : 0
        // Numbers kept for later have no booking yet whose commit would flush their advance to disk.
        const [row] = await database.committedApart(
          tx,
          tenantId,
          (apart) => advanceCounter(apart, { tenantId, day, count: missing + ahead }),
          { durable: ahead > 0 },
        )
        const first = row!.seq - missing - ahead + 1
        for (let i = 0; i < missing; i++) seqs.push(first + i)
        if (reserving) {
          reservedNos.set(tenantId, {
            day,
            next: row!.seq - ahead + 1,
            last: row!.seq,
            ahead,
            at: Date.now(),
          })
        }
      }
      return seqs.map((seq) => orderNoOf(day, seq))
    },
  )
  const nextOrderNo = (tx: Executor, tenantId: string, day: string) => {
    // PGlite takes the number in the caller's own transaction, which may roll back: nothing is taken ahead, and
    // only that transaction's calls may go together.
    if (database.kind !== 'postgres') return takeOrderNos(tx, { tx, tenantId, day })
    const kept = reservedFor(tenantId, day)
    if (kept && kept.next <= kept.last) return Promise.resolve(orderNoOf(day, kept.next++))
    return takeOrderNos(`${tenantId}|${day}`, { tx, tenantId, day })
  }

  /**
   * The address to serve and the item, in one round trip: the item is read without knowing the project, and its
   * offer is chosen for the address's project afterwards (`offerOf(projectId)`).
   */
  const addressAndItem = (
    tx: Executor,
    addressId: string,
    customerId: string | undefined,
    itemId: string,
    addressField?: string,
    forBooking = false,
  ) =>
    inSendOrder(
      sentTogether(
        tx,
        () =>
          [
            customers.serviceAddress(tx, addressId, customerId, addressField, forBooking),
            catalog.offerOf(tx, itemId),
          ] as const,
      ),
    )

  const eventRow = (
    ctx: RequestContext,
    order: OrderRow,
    event: string,
    from: OrderStatus | null,
    to: OrderStatus,
    at: Date,
    reason?: string | null,
    change?: TimelineChange | null,
    actorType: TimelineActor = timelineActor(ctx.actor),
  ) => ({
    tenantId: order.tenantId,
    id: newId(),
    orderId: order.id,
    at,
    event,
    fromStatus: from,
    toStatus: to,
    actorId: ctx.actor.userId,
    actorName: ctx.actor.name,
    actorType,
    reason: reason ?? null,
    change: change ?? null,
  })

  async function record(
    tx: Executor,
    ctx: RequestContext,
    order: OrderRow,
    event: string,
    from: OrderStatus | null,
    to: OrderStatus,
    at: Date,
    reason: string | null | undefined,
    change: TimelineChange | null,
    /** The order's worker before the step (a refusal clears it). */
    workerId: string | null,
  ) {
    // The order's own worker signs as the worker (the customer reads 服务人员); anyone else on staff as the office.
    const byTheWorker =
      timelineActor(ctx.actor) === 'staff' &&
      workerId !== null &&
      ctx.actor.userId !== null &&
      (await workforce.workerIdsOfUser(tx, ctx.actor.userId)).includes(workerId)
    const actorType = byTheWorker ? 'worker' : timelineActor(ctx.actor)
    await runBuilt(
      tx,
      insertEvents(tx, [eventRow(ctx, order, event, from, to, at, reason, change, actorType)]),
    )
  }

  /**
   * What the actor may see: a project-scoped reader their projects, an "own" reader their own orders (a
   * customer) or jobs (a worker).
   */
  async function scopeFor(
    tx: Executor,
    actor: Actor,
    permission: 'orders:read' | 'orders:manage' | 'orders:create',
  ): Promise<Scope> {
    const scope = requirePermission(actor, permission)
    if (scope === 'tenant') return { kind: 'tenant' }
    if (scope === 'project') {
      return actor.projectIds.length
        ? { kind: 'projects', ids: [...actor.projectIds] }
        : { kind: 'none' }
    }
    if (actor.customerId) return { kind: 'customer', id: actor.customerId }
    const mine = actor.userId ? await workforce.workerIdsOfUser(tx, actor.userId) : []
    return mine.length ? { kind: 'workers', ids: mine } : { kind: 'none' }
  }

  async function scopeOf(
    tx: Executor,
    actor: Actor,
    permission: 'orders:read' | 'orders:manage' | 'orders:create',
  ): Promise<SQL | undefined> {
    const scope = await scopeFor(tx, actor, permission)
    return SCOPE_CONDITIONS[scope.kind]({
      ids: sql.param('ids' in scope ? scope.ids : []),
      customerId: scope.kind === 'customer' ? scope.id : '',
    })
  }

  async function loadVisible(
    tx: Executor,
    ctx: RequestContext,
    id: string,
    permission: 'orders:read' | 'orders:manage',
    lock: false | 'update' | 'no key update' = false,
    /** The request field that named the order, when not the path's id. */
    field?: string,
  ) {
    const query = tx
      .select()
      .from(serviceOrder)
      .where(and(eq(serviceOrder.id, id), await scopeOf(tx, ctx.actor, permission)))
    const [row] = lock ? await query.for(lock) : await query
    if (!row)
      throw new CommonError(
        'NOT_FOUND',
        { entity: 'order' },
        field ? [{ field, code: 'not_found' }] : undefined,
      )
    return row
  }

  /** Orders with their customer's and worker's names, read in the same statement. */
  const selectNamed = <X extends Record<string, SQL>>(tx: Executor, extra?: X) =>
    tx
      .select({
        ...getTableColumns(serviceOrder),
        ...customers.summaryColumns(qualified(serviceOrder.customerId)),
        workerName: workforce.nameColumn(qualified(serviceOrder.workerId)),
        ...(extra as X),
      })
      .from(serviceOrder)

  /**
   * The list's statement for one combination of filters, built once (Drizzle's builder had been a fifth of the
   * list's server CPU, bench/README.md); `byWindow` orders by service window, else newest first.
   */
  const listSelect = (scope: Scope['kind'], filters: ListFilter[], byWindow: boolean) =>
    prebuiltSelect((tx, slot: Slots<ListValues>) =>
      tx
        .select({
          ...summaryColumns,
          ...customers.summaryColumns(qualified(serviceOrder.customerId)),
          workerName: workforce.nameColumn(qualified(serviceOrder.workerId)),
        })
        .from(serviceOrder)
        .where(
          and(
            SCOPE_CONDITIONS[scope]({ ids: slot.scopeIds, customerId: slot.scopeCustomerId }),
            ...filters.map((f) => LIST_FILTERS[f](slot)),
          ),
        )
        .orderBy(
          ...(byWindow
            ? [desc(serviceOrder.windowStart), desc(serviceOrder.id)]
            : [desc(serviceOrder.id)]),
        )
        .limit(slot.limit),
    )
  // Thousands of filter combinations exist but few are used; a caller walking through them all is served
  // statements built for the call once the map is full.
  const listSelects = new Map<string, ReturnType<typeof listSelect>>()
  const MAX_LIST_SHAPES = 200

  async function toDto(
    tx: Executor,
    rows: Array<OrderRow & Partial<Named>>,
    withTimeline: boolean,
  ) {
    // Rows read without the names (after a write) look them up in two more statements.
    const named = rows.every((r) => r.customerName !== undefined)
    const people = named
      ? new Map<string, { name: string; phoneMasked: string }>()
      : await customers.summaries(tx, [...new Set(rows.map((r) => r.customerId))])
    const workers = named
      ? new Map<string, string>()
      : await workforce.names(tx, [
          ...new Set(rows.flatMap((r) => (r.workerId ? [r.workerId] : []))),
        ])
    const timeline =
      withTimeline && rows.length === 1
        ? (rows[0]!.timeline ??
          (
            await tx
              .select()
              .from(orderEvent)
              .where(eq(orderEvent.orderId, rows[0]!.id))
              .orderBy(asc(orderEvent.at), asc(orderEvent.id))
          ).map((e) => ({
            at: e.at.toISOString(),
            event: e.event,
            from: e.fromStatus,
            to: e.toStatus,
            actorName: e.actorName,
            actor: e.actorType,
            reason: e.reason,
            change: e.change,
          })))
        : []
    return rows.map((r) => ({
      ...summaryOf({
        ...r,
        totalFen: r.price.totalFen,
        customerName: r.customerName ?? people.get(r.customerId)?.name ?? '',
        customerPhoneMasked: r.customerPhoneMasked ?? people.get(r.customerId)?.phoneMasked ?? '',
        workerName: r.workerName ?? (r.workerId && workers.get(r.workerId)) ?? null,
      }),
      addons: r.addons,
      price: { ...r.price, feesFen: r.feesFen },
      timeline: timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    }))
  }

  /** The arrival window a client picked: it must be one of the day's windows, not yet over. */
  function chosenWindow(windowStart: string, timeZone: string, now: number) {
    const start = new Date(windowStart)
    const date = localDate(start, timeZone)
    const window = dayWindows(date, timeZone, DEFAULT_WINDOW_HOURS).find(
      (w) => w.start === start.getTime(),
    )
    if (!window)
      throw new OrderError('NOT_A_WINDOW', {}, [
        { field: 'body.windowStart', code: 'not_a_window' },
      ])
    if (window.end <= now)
      throw new OrderError('WINDOW_IN_PAST', {}, [
        { field: 'body.windowStart', code: 'window_in_past' },
      ])
    requireWithinHorizon(date, localDate(new Date(now), timeZone), 'body.windowStart')
    return { date, window: { start: Math.max(window.start, now), end: window.end }, booked: window }
  }

  /**
   * One step of the lifecycle through the pure state machine, in the caller's transaction. `announce: false`
   * (default true) tells notifications the customer hears of this step another way (a plan's pause
   * cancelling its visits tells them once, for the plan).
   */
  async function applyIn(
    tx: Executor,
    ctx: RequestContext,
    id: string,
    input: EventInput,
    ifMatch: IfMatch,
    options: { announce?: boolean } = {},
  ) {
    requirePermission(
      ctx.actor,
      input.event === 'assign' || input.event === 'unassign' ? 'dispatch:manage' : 'orders:manage',
    )
    const now = clock.now()
    const order = await loadVisible(tx, ctx, id, 'orders:manage', 'update')
    // Forgotten now and again once committed: a day read meanwhile, by anyone, is from before the change.
    const forget = () => forgetDays(order.tenantId, order.projectId)
    forget()
    afterCommit(tx, () => Promise.resolve(forget()))
    requireListedVersion(ifMatch, order.version)
    const step = transition(order.status, input.event)
    if (!step.ok) {
      const [from, event] = [ORDER_STATUS_LABELS[order.status], ORDER_EVENT_LABELS[input.event]]
      throw new OrderError('INVALID_TRANSITION', {
        from: order.status,
        event: input.event,
        allowed: step.allowed,
        fromZh: from.zh,
        fromEn: from.en.toLowerCase(),
        eventZh: event.zh,
        eventEn: event.en,
      })
    }
    const set: Partial<OrderRow> = {
      status: step.status,
      updatedAt: now,
      version: order.version + 1,
    }
    const timeZone = await tenantTimeZone(tx)
    const moving = input.event === 'assign' || input.event === 'reschedule'
    const wants = moving
      ? await customers.workerPreferences(tx, order.customerId)
      : { preferredWorkerIds: [], blockedWorkerIds: [] }
    const need = {
      location: { lat: order.lat, lng: order.lng },
      projectId: order.projectId,
      durationMs: order.durationMinutes * 60_000,
      skills: await catalog.skillsOf(tx, order.serviceItemId),
      blockedWorkerIds: wants.blockedWorkerIds,
    }
    switch (input.event) {
      case 'assign': {
        if (!input.workerId)
          throw new OrderError('WORKER_REQUIRED', {}, [
            { field: 'body.workerId', code: 'worker_required' },
          ])
        const date = localDate(order.windowStart, timeZone)
        const day = await lockedDay(tx, order.projectId, input.workerId, date, timeZone, order.id)
        const window = {
          start: Math.max(order.windowStart.getTime(), now.getTime()),
          end: order.windowEnd.getTime(),
        }
        // Why a worker cannot take it, most basic first: dispatch picks another, or moves the order.
        const blame = (code: string) => [{ field: 'body.workerId', code }]
        if (!day) throw new OrderError('WORKER_NOT_HERE', {}, blame('worker_not_here'))
        if (need.blockedWorkerIds.includes(day.id))
          throw new OrderError('WORKER_BLOCKED', {}, blame('worker_blocked'))
        const lacking = need.skills.filter((s) => !day.skills.includes(s))
        if (lacking.length)
          throw new OrderError(
            'WORKER_LACKS_SKILLS',
            { skills: lacking },
            blame('worker_lacks_skills'),
          )
        if (window.start >= window.end)
          throw new OrderError('WINDOW_PASSED', {}, blame('window_passed'))
        const fit = placeInDay(day, need, window, travel)
        if (!fit) throw new OrderError('WORKER_UNAVAILABLE', {}, blame('worker_unavailable'))
        Object.assign(set, {
          workerId: fit.workerId,
          plannedArrival: new Date(fit.arrival),
          plannedEnd: new Date(fit.end),
        })
        break
      }
      case 'reject':
      case 'unassign':
        Object.assign(set, { workerId: null, plannedArrival: null, plannedEnd: null })
        break
      case 'reschedule': {
        if (!input.windowStart)
          throw new OrderError('NOT_A_WINDOW', {}, [
            { field: 'body.windowStart', code: 'window_required' },
          ])
        const { date, window, booked } = chosenWindow(input.windowStart, timeZone, now.getTime())
        // Nothing would move, yet a late change would be charged.
        if (booked.start === order.windowStart.getTime())
          throw new OrderError('SAME_WINDOW', {}, [
            { field: 'body.windowStart', code: 'same_window' },
          ])
        const { placement: best, days } = await hold(
          tx,
          order.projectId,
          date,
          timeZone,
          need,
          window,
          (fits) => preferring(fits, [order.workerId, ...wants.preferredWorkerIds]),
          { excludeOrderId: order.id },
        )
        if (!best) {
          const alternatives = windowsWithCapacity(
            days,
            need,
            dayWindows(date, timeZone, DEFAULT_WINDOW_HOURS),
            now.getTime(),
          ).filter((w) => w.available)
          throw new OrderError('SLOT_TAKEN', { alternatives }, [
            { field: 'body.windowStart', code: 'slot_taken' },
          ])
        }
        // A new worker must be confirmed again by dispatch.
        const sameWorker = best.workerId === order.workerId
        Object.assign(set, {
          windowStart: new Date(booked.start),
          windowEnd: new Date(booked.end),
          workerId: best.workerId,
          plannedArrival: new Date(best.arrival),
          plannedEnd: new Date(best.end),
          feesFen:
            order.feesFen +
            orderChangeFee(
              'reschedule',
              order.status,
              order.changePolicy,
              order.windowStart,
              now,
              order.price.totalFen,
              order.feesFen,
            ),
          ...(sameWorker ||
          order.status === 'pending_payment' ||
          order.status === 'pending_dispatch'
            ? {}
            : { status: 'pending_dispatch' as const }),
        })
        break
      }
      case 'cancel':
        set.feesFen =
          order.feesFen +
          orderChangeFee(
            'cancel',
            order.status,
            order.changePolicy,
            order.windowStart,
            now,
            order.price.totalFen,
            order.feesFen,
          )
        break
      case 'complete':
        set.completedAt = now
        break
      case 'pay':
      case 'pay_on_site':
        set.payOnSite = input.event === 'pay_on_site'
        break
      case 'accept':
      case 'depart':
      case 'check_in':
      case 'review':
        break
    }
    await tx.update(serviceOrder).set(set).where(eq(serviceOrder.id, id))
    const next = { ...order, ...set }
    const change = changeOf(order, next)
    await record(
      tx,
      ctx,
      next,
      input.event,
      order.status,
      next.status,
      now,
      input.reason,
      change,
      order.workerId,
    )
    await emit(
      tx,
      order.tenantId,
      `order.${PAST[input.event]}`,
      {
        orderId: id,
        orderNo: order.orderNo,
        status: next.status,
        customerId: next.customerId,
        projectId: next.projectId,
        workerId: next.workerId,
        serviceName: next.serviceName,
        windowStart: next.windowStart.toISOString(),
        announce: options.announce ?? true,
      },
      now,
    )
    await appendAudit(
      tx,
      auditActorOf(ctx),
      {
        action: `order.${PAST[input.event]}`,
        entityType: 'order',
        entityId: id,
        diff: {
          status: { from: order.status, to: next.status },
          ...(input.reason ? { reason: { from: null, to: input.reason } } : {}),
          ...(change?.window
            ? { windowStart: { from: change.window.from.start, to: change.window.to.start } }
            : {}),
          ...(next.workerId !== order.workerId
            ? { workerId: { from: order.workerId, to: next.workerId } }
            : {}),
          ...(change?.feeFen ? { feesFen: { from: order.feesFen, to: next.feesFen } } : {}),
        },
      },
      now,
    )
    return (await toDto(tx, [next], true))[0]!
  }

  /** Books an order in the caller's transaction (rework orders are created with their complaint's resolution). */
  async function createIn(
    tx: Executor,
    ctx: RequestContext,
    input: NewOrder,
    idempotencyKey?: string,
    /**
     * A recurring plan keeps its worker when that worker is free, and may discount each visit; its visits'
     * events carry the plan. `announce: false` (default true): the customer is told of this booking another
     * way (the plan's own notice), so notifications send no booking notice for it. `alone`: nothing else in
     * `tx` follows this booking (no later read can miss its rows), so they are written with the commit.
     * `owed`: a visit already promised (a complaint's rework), booked even where the project takes no new
     * bookings — as a plan's visits are — and of a service since withdrawn. `free`: discounted to nothing (a
     * rework inside the warranty). `lengthMinutes`: the visit's length already settled (a rework repeats its
     * order's length, as the rework's window picker asks for it), not measured again by the item's rule now.
     */
    options: {
      preferWorkerId?: string | null
      seriesDiscountPercent?: number
      planId?: string
      announce?: boolean
      alone?: boolean
      owed?: boolean
      free?: boolean
      lengthMinutes?: number
    } = {},
  ) {
    const scope = requirePermission(ctx.actor, 'orders:create')
    const now = clock.now()
    return onceFor(
      tx,
      idempotencyKey
        ? {
            actor: ctx.actor,
            scope: 'orders.create',
            key: idempotencyKey,
            body: input,
          }
        : null,
      now,
      async (claimed) => {
        // Read in the round trip that claims the idempotency key (and, alone, begins the transaction).
        const [address, offerOf] = await addressAndItem(
          tx,
          input.addressId,
          input.customerId,
          input.serviceItemId,
          undefined,
          true,
        )
        await claimed
        if (!scopeReaches(ctx.actor, scope, address))
          throw new CommonError('NOT_FOUND', { entity: 'customer' }, [
            { field: 'body.customerId', code: 'not_found' },
          ])
        if (!options.planId && !options.owed)
          requireProjectTakingBookings(address, 'body.addressId')
        const offered = offerOf(address.projectId, { owed: options.owed ?? false })
        // Priced before a worker's day is locked: an order too large is refused as such, not as a full window.
        const { priceInput, listPrice, durationMs, addons } = orderTerms(offered, input, {
          free: options.free,
          accepted: !!options.planId || !!options.owed,
          lengthMinutes: options.lengthMinutes,
        })
        const timeZone = await tenantTimeZone(tx)
        const { date, window, booked } = input.asap
          ? {
              date: localDate(now, timeZone),
              window: { start: now.getTime(), end: now.getTime() + ASAP_HOURS * HOUR },
              booked: { start: now.getTime(), end: now.getTime() + ASAP_HOURS * HOUR },
            }
          : chosenWindow(input.windowStart!, timeZone, now.getTime())
        const need = {
          location: address.location,
          projectId: address.projectId,
          durationMs,
          skills: offered.skills,
          blockedWorkerIds: address.blockedWorkerIds,
        }
        const { placement: best, days } = await hold(
          tx,
          address.projectId,
          date,
          timeZone,
          need,
          window,
          (fits) =>
            input.asap
              ? fits.sort((a, b) => a.arrival - b.arrival)
              : preferring(fits, [options.preferWorkerId, ...address.preferredWorkerIds]),
          { alone: options.alone },
        )
        if (!best) {
          const alternatives = windowsWithCapacity(
            days,
            need,
            dayWindows(date, timeZone, DEFAULT_WINDOW_HOURS),
            now.getTime(),
          ).filter((w) => w.available)
          throw new OrderError('SLOT_TAKEN', { alternatives }, [
            { field: 'body.windowStart', code: 'slot_taken' },
          ])
        }
        const price = options.seriesDiscountPercent
          ? quote({
              ...priceInput,
              discountFen:
                input.discountFen +
                Math.floor((listPrice.subtotalFen * options.seriesDiscountPercent) / 100),
            })
          : listPrice
        // A customer booking online with nothing to pay ahead (no deposit) pays once the work is done: the order
        // goes to dispatch at once, as staff mark a phone order "pay on site" (payment comes with the money issue).
        const payOnSite =
          input.payOnSite || (ctx.actor.type === 'customer' && price.depositFen === 0)
        // The audit entry at the end holds the tenant's audit chain until commit, and every audited write of
        // the tenant waits for it: nothing after it reads what is already known (names, the new timeline).
        const row: OrderRow = {
          tenantId: ctx.actor.tenantId,
          id: newId(),
          orderNo: await nextOrderNo(tx, ctx.actor.tenantId, localDate(now, timeZone)),
          status: payOnSite ? 'pending_dispatch' : 'pending_payment',
          channel: input.channel,
          customerId: address.customerId,
          addressId: address.addressId,
          addressMasked: address.addressMasked,
          projectId: address.projectId,
          lat: address.location.lat,
          lng: address.location.lng,
          serviceItemId: offered.itemId,
          serviceName: offered.name,
          priceVersion: offered.priceVersion,
          quantityMilli: input.quantityMilli,
          addons,
          windowStart: new Date(booked.start),
          windowEnd: new Date(booked.end),
          asap: input.asap,
          workerId: best.workerId,
          plannedArrival: new Date(best.arrival),
          plannedEnd: new Date(best.end),
          durationMinutes: need.durationMs / 60_000,
          payOnSite,
          notes: input.notes,
          price,
          feesFen: 0,
          changePolicy: offered.changePolicy,
          warrantyDays: offered.warrantyDays,
          completedAt: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }
        // A booking's own rows need no answer: alone in its transaction, they travel with the commit.
        const write = (statement: BuiltStatement) =>
          options.alone ? atCommit(tx, statement) : runBuilt(tx, statement)
        await write(insertOrder(tx, [row]))
        const heldJob = {
          workerId: best.workerId,
          start: best.arrival,
          end: best.end,
          location: address.location,
        }
        if (
          !afterCommit(tx, () =>
            Promise.resolve(keepBooked(row.tenantId, row.projectId, timeZone, heldJob)),
          )
        )
          forgetDays(row.tenantId, row.projectId)
        const steps: Array<[string, OrderStatus | null, OrderStatus]> = [
          ['create', null, 'pending_payment'],
          ...(payOnSite
            ? [
                ['pay_on_site', 'pending_payment', 'pending_dispatch'] as [
                  string,
                  OrderStatus,
                  OrderStatus,
                ],
              ]
            : []),
        ]
        await write(
          insertEvents(
            tx,
            steps.map(([event, from, to]) => eventRow(ctx, row, event, from, to, now)),
          ),
        )
        await emit(
          tx,
          row.tenantId,
          'order.created',
          {
            orderId: row.id,
            orderNo: row.orderNo,
            status: row.status,
            customerId: row.customerId,
            projectId: row.projectId,
            workerId: row.workerId,
            serviceName: row.serviceName,
            windowStart: row.windowStart.toISOString(),
            depositFen: row.price.depositFen,
            ...(options.planId ? { planId: options.planId } : {}),
            announce: options.announce ?? true,
          },
          now,
        )
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'order.created',
            entityType: 'order',
            entityId: row.id,
            diff: {
              orderNo: { from: null, to: row.orderNo },
              service: { from: null, to: row.serviceName },
              totalFen: { from: null, to: price.totalFen },
            },
          },
          now,
        )
        const named = {
          ...row,
          customerName: address.customerName,
          customerPhoneMasked: address.customerPhoneMasked,
          workerName: days.workers.find((d) => d.id === row.workerId)?.name ?? null,
          timeline: steps.map(([event, from, to]) => ({
            at: now.toISOString(),
            event,
            from,
            to,
            actorName: ctx.actor.name,
            actor: timelineActor(ctx.actor),
            reason: null,
            change: null,
          })),
        }
        return (await toDto(tx, [named], true))[0]!
      },
    )
  }

  return {
    async availability(
      ctx: RequestContext,
      q: {
        serviceItemId: string
        addressId: string
        date: string
        quantityMilli?: number | undefined
        orderId?: string | undefined
      },
    ) {
      const scope = requirePermission(ctx.actor, 'orders:create')
      return database.read(ctx.actor.tenantId, async (tx) => {
        const [address, offerOf] = await addressAndItem(
          tx,
          q.addressId,
          ctx.actor.customerId,
          q.serviceItemId,
          'query.addressId',
        )
        // As booking there would answer: another project's customer is not there for this reader.
        if (!scopeReaches(ctx.actor, scope, address))
          throw new CommonError('NOT_FOUND', { entity: 'customer' }, [
            { field: 'query.addressId', code: 'not_found' },
          ])
        // An order being moved keeps the length it was booked with (the item's rule may have changed since), and
        // moves though its service was withdrawn since, as a reschedule does.
        const moving = q.orderId
          ? await loadVisible(tx, ctx, q.orderId, 'orders:read', false, 'query.orderId')
          : null
        // The windows are that order's: for its own service and address, not another's under its name.
        if (moving && moving.serviceItemId !== q.serviceItemId)
          throw new OrderError('NOT_THE_ORDERS', {}, [
            { field: 'query.serviceItemId', code: 'not_the_orders' },
          ])
        if (moving && moving.addressId !== q.addressId)
          throw new OrderError('NOT_THE_ORDERS', {}, [
            { field: 'query.addressId', code: 'not_the_orders' },
          ])
        const offered = offerOf(address.projectId, {
          field: 'query.serviceItemId',
          owed: moving !== null,
        })
        const timeZone = await tenantTimeZone(tx)
        const now = clock.now().getTime()
        const today = localDate(new Date(now), timeZone)
        requireWithinHorizon(q.date, today, 'query.date')
        const need = {
          location: address.location,
          projectId: address.projectId,
          durationMs: moving
            ? moving.durationMinutes * 60_000
            : durationOf(offered, q.quantityMilli ?? 0, 'query.quantityMilli'),
          skills: offered.skills,
          blockedWorkerIds: address.blockedWorkerIds,
        }
        const days = await sharedWorkerDays(
          tx,
          ctx.actor.tenantId,
          address.projectId,
          q.date,
          timeZone,
        )
        const windows = windowsWithCapacity(
          days,
          need,
          dayWindows(q.date, timeZone, DEFAULT_WINDOW_HOURS),
          now,
        )
        const asap =
          today === q.date
            ? placements(days, need, { start: now, end: now + ASAP_HOURS * HOUR }, travel).sort(
                (a, b) => a.arrival - b.arrival,
              )[0]
            : undefined
        return {
          date: q.date,
          timeZone,
          projectId: address.projectId,
          windows,
          asap: {
            available: !!asap,
            earliestArrival: asap ? new Date(asap.arrival).toISOString() : null,
          },
        }
      })
    },

    /**
     * Books an order into a window some qualified worker can serve, holding that worker's time. The candidate
     * workers are locked first, so concurrent bookings of the last free window run one after the other and
     * exactly one gets it; the others get SLOT_TAKEN with the windows still free.
     */
    async create(ctx: RequestContext, input: NewOrder, idempotencyKey?: string) {
      return database.tenant(ctx.actor.tenantId, (tx) =>
        createIn(tx, ctx, input, idempotencyKey, { alone: true }),
      )
    },

    createIn,

    /** When each order's warranty ends (absent: not completed, or a service without one). */
    async warrantiesOf(tx: Executor, ids: readonly string[]) {
      if (ids.length === 0) return new Map<string, string | null>()
      const rows = await tx
        .select({
          id: serviceOrder.id,
          completedAt: serviceOrder.completedAt,
          warrantyDays: serviceOrder.warrantyDays,
        })
        .from(serviceOrder)
        .where(inArray(serviceOrder.id, [...ids]))
      return new Map(rows.map((r) => [r.id, warrantyUntilOf(r)]))
    },

    /** Numbers and states for ids the caller already may see (a plan's visits). */
    async numbersOf(tx: Executor, ids: readonly string[]) {
      if (ids.length === 0) return []
      return tx
        .select({ id: serviceOrder.id, orderNo: serviceOrder.orderNo, status: serviceOrder.status })
        .from(serviceOrder)
        .where(inArray(serviceOrder.id, [...ids]))
    },

    /**
     * One order as the actor may see it, in the caller's transaction. `lock` holds its row against other
     * writers until commit, without blocking the rows that merely refer to it (its events, its photos).
     */
    async getIn(tx: Executor, ctx: RequestContext, id: string, { lock = false } = {}) {
      const row = await loadVisible(tx, ctx, id, 'orders:read', lock && 'no key update')
      return (await toDto(tx, [row], true))[0]!
    },

    /**
     * The services of the orders the reader sees, each under the name its latest order gave it: what a list of
     * one's own orders can be narrowed to (the portal's My orders), including services no longer offered.
     */
    async servicesOrdered(ctx: RequestContext) {
      return database.read(ctx.actor.tenantId, async (tx) => {
        const rows = await tx
          .selectDistinctOn([serviceOrder.serviceItemId], {
            id: serviceOrder.serviceItemId,
            name: serviceOrder.serviceName,
          })
          .from(serviceOrder)
          .where(await scopeOf(tx, ctx.actor, 'orders:read'))
          .orderBy(serviceOrder.serviceItemId, desc(serviceOrder.createdAt))
        return { items: rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }
      })
    },

    /**
     * The office's day at a glance, in the reader's scope (and one project, when asked): today's visits by
     * status, the orders waiting for a worker, and open visits whose window is over.
     */
    async overview(ctx: RequestContext, q: { projectId?: string | undefined }) {
      return database.read(ctx.actor.tenantId, async (tx) => {
        const timeZone = await tenantTimeZone(tx)
        const now = clock.now()
        const today = localDate(now, timeZone)
        const inScope = and(
          await scopeOf(tx, ctx.actor, 'orders:read'),
          q.projectId ? eq(serviceOrder.projectId, q.projectId) : undefined,
        )
        const open = inArray(serviceOrder.status, HOLDING)
        const [todays, [counts]] = await Promise.all([
          tx
            .select({ status: serviceOrder.status, n: sql<number>`count(*)::int` })
            .from(serviceOrder)
            .where(
              and(
                inScope,
                gte(serviceOrder.windowStart, new Date(localDayStart(today, timeZone))),
                lt(serviceOrder.windowStart, new Date(localDayEnd(today, timeZone))),
              ),
            )
            .groupBy(serviceOrder.status),
          tx
            .select({
              waiting: sql<number>`count(*) filter (where ${serviceOrder.status} = 'pending_dispatch'
                and ${serviceOrder.windowEnd} > ${now})::int`,
              overdue: sql<number>`count(*) filter (where ${serviceOrder.windowEnd} <= ${now})::int`,
            })
            .from(serviceOrder)
            .where(and(inScope, open)),
        ])
        return {
          date: today,
          today: Object.fromEntries(todays.map((r) => [r.status, r.n])),
          pendingDispatch: counts?.waiting ?? 0,
          overdue: counts?.overdue ?? 0,
        }
      })
    },

    async list(
      ctx: RequestContext,
      f: {
        status?: string | undefined
        from?: string | undefined
        to?: string | undefined
        projectId?: string | undefined
        serviceItemId?: string | undefined
        workerId?: string | undefined
        customerId?: string | undefined
        channel?: 'portal' | 'phone' | 'api' | undefined
        q?: string | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const statuses = f.status ? f.status.split(',').map((s) => s.trim()) : []
      if (statuses.some((s) => !(ORDER_STATUSES as readonly string[]).includes(s))) {
        throw new OrderError('UNKNOWN_STATUS', { statuses: [...ORDER_STATUSES] }, [
          { field: 'query.status', code: 'invalid_status' },
        ])
      }
      // A date range lists orders by their service window, latest first, which an index on (project, window)
      // answers directly; otherwise the newest orders first. Either way a cursor of the matching kind.
      const byWindow = !!(f.from || f.to)
      const after = byWindow ? timeCursor(f.cursor) : undefined
      const before = byWindow ? undefined : idCursor(f.cursor)
      return database.read(ctx.actor.tenantId, async (tx) => {
        const timeZone = await tenantTimeZone(tx)
        const scope = await scopeFor(tx, ctx.actor, 'orders:read')
        const values: Partial<ListValues> = { limit: f.limit + 1 }
        if (scope.kind === 'projects' || scope.kind === 'workers') values.scopeIds = scope.ids
        if (scope.kind === 'customer') values.scopeCustomerId = scope.id
        if (statuses.length) values.statuses = statuses
        if (f.from) values.from = new Date(localDayStart(f.from, timeZone))
        if (f.to) values.to = new Date(localDayEnd(f.to, timeZone))
        if (f.projectId) values.projectId = f.projectId
        if (f.serviceItemId) values.serviceItemId = f.serviceItemId
        if (f.workerId) values.workerId = f.workerId
        if (f.customerId) values.customerId = f.customerId
        if (f.channel) values.channel = f.channel
        if (f.q) {
          const byPhone = /^1[3-9]\d{9}$/.test(f.q)
            ? await customers.customerIdByPhone(tx, f.q)
            : null
          if (byPhone) values.phoneCustomerId = byPhone
          else values.orderNo = f.q.toUpperCase()
        }
        if (before) values.before = before
        if (after) {
          values.afterAt = after.at
          values.afterId = after.id
        }
        // Ordered by id with a date range, PostgreSQL walked the primary key newest-first and discarded rows
        // until it reached the range (ids are UUIDv7: creation time): 250–900 ms for a month back in a
        // million orders, and still 20–60 ms sorting the month's matches (bench/README.md).
        const filters = (Object.keys(LIST_FILTERS) as ListFilter[]).filter(
          (k) => values[k] !== undefined,
        )
        const shape = `${scope.kind}|${byWindow}|${filters.join(',')}`
        let select = listSelects.get(shape)
        if (!select) {
          select = listSelect(scope.kind, filters, byWindow)
          if (listSelects.size < MAX_LIST_SHAPES) listSelects.set(shape, select)
        }
        const rows = await select(tx, values as ListValues)
        return toPage(rows, f.limit, summaryOf, (r) =>
          byWindow ? timeCursorOf(new Date(r.windowStart), r.id) : r.id,
        )
      })
    },

    async get(ctx: RequestContext, id: string) {
      return database.read(ctx.actor.tenantId, async (tx) => {
        const [row] = await selectNamed(tx, { timeline: timelineColumn }).where(
          and(eq(serviceOrder.id, id), await scopeOf(tx, ctx.actor, 'orders:read')),
        )
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'order' })
        return (await toDto(tx, [row], true))[0]!
      })
    },

    /** One step of the lifecycle; refusals list what is allowed now. */
    async apply(ctx: RequestContext, id: string, input: EventInput, ifMatch: IfMatch) {
      return database.tenant(ctx.actor.tenantId, (tx) => applyIn(tx, ctx, id, input, ifMatch))
    },

    applyIn,
  }
}

/**
 * What an order of `offered` costs at list price and how long it takes, refused by name where booking refuses it:
 * an add-on the item lacks, a discount beyond the order, an amount beyond the limit, a visit longer than a day.
 * A plan checks its visits with it before booking any (its first may be weeks away). `free`: discounted to
 * nothing (a rework inside the warranty). `accepted`: the quantity was taken before (a plan's later visits, a
 * complaint's rework of an order), so a rule added since (whole units) does not refuse what is owed.
 * `lengthMinutes`: the visit's length settled before (a rework's is its order's), not measured again.
 */
export function orderTerms(
  offered: OfferedService,
  input: {
    quantityMilli: number
    addons: ReadonlyArray<{ code: string; quantity: number }>
    asap?: boolean
    discountFen?: number
  },
  {
    free = false,
    accepted = false,
    lengthMinutes,
  }: { free?: boolean | undefined; accepted?: boolean; lengthMinutes?: number | undefined } = {},
) {
  // Add-on codes are kept upper case; an item saved before that may still hold a lower-case one.
  const addonOf = (code: string) =>
    offered.addons.find((x) => x.code.toUpperCase() === code.toUpperCase())
  input.addons.forEach((a, i) => {
    if (!addonOf(a.code))
      throw new OrderError('UNKNOWN_ADDON', {}, [
        { field: `body.addons.${i}.code`, code: 'unknown_addon' },
      ])
  })
  const discountFen = input.discountFen ?? 0
  const priceInput = {
    model: offered.pricing,
    itemName: offered.name,
    quantityMilli: input.quantityMilli,
    addons: input.addons.map((a) => ({ addon: addonOf(a.code)!, quantity: a.quantity })),
    urgentFeeFen: input.asap ? offered.urgentFeeFen : 0,
    // Pricing caps the discount at the subtotal.
    discountFen: free ? Number.MAX_SAFE_INTEGER : discountFen,
    deposit: offered.deposit,
  }
  const listPrice = quote(priceInput)
  // A discount larger than the order is a mistake to point out, not to cap unsaid.
  if (discountFen > listPrice.subtotalFen)
    throw new OrderError(
      'DISCOUNT_TOO_LARGE',
      { maxYuan: (listPrice.subtotalFen / 100).toFixed(2) },
      [{ field: 'body.discountFen', code: 'discount_too_large' }],
    )
  if (listPrice.subtotalFen > MAX_ORDER_FEN || listPrice.totalFen > MAX_ORDER_FEN)
    throw new OrderError('AMOUNT_TOO_LARGE', { maxYuan: MAX_ORDER_FEN / 100 }, [
      { field: 'body.quantityMilli', code: 'amount_too_large' },
    ])
  const durationMs =
    lengthMinutes !== undefined
      ? lengthMinutes * 60_000
      : durationOf(offered, input.quantityMilli, 'body.quantityMilli', accepted)
  // As the item spells them (an add-on's code is matched in any case).
  const addons = input.addons.map((a) => ({ ...a, code: addonOf(a.code)!.code }))
  return { priceInput, listPrice, durationMs, addons }
}

/**
 * How long a visit of `quantityMilli` takes (`visitMinutes`), in ms. Items priced per unit are booked in whole
 * units: half an air conditioner is a mistyped quantity, not an order (unless `accepted` before that rule).
 */
function durationOf(
  offered: OfferedService,
  quantityMilli: number,
  field: string,
  accepted = false,
) {
  // In the item's own unit, as the length is measured (a project's fixed price does not change what a unit is).
  if (!accepted && offered.sizing.pricing.kind === 'per_unit' && quantityMilli % 1000 !== 0)
    throw new OrderError('WHOLE_UNITS_ONLY', {}, [{ field, code: 'whole_units_only' }])
  const minutes = visitMinutes(offered.sizing, quantityMilli)
  // Otherwise no window ever fits it, and the caller hears "slot taken" for a mistyped quantity.
  if (minutes > MAX_VISIT_HOURS * 60)
    throw new OrderError('VISIT_TOO_LONG', { maxHours: MAX_VISIT_HOURS }, [
      { field, code: 'visit_too_long' },
    ])
  return minutes * 60_000
}

export type OrderService = ReturnType<typeof createOrderService>

/** What a step changed besides the status, for its timeline entry: the window moved, a fee charged. */
function changeOf(
  before: Pick<OrderRow, 'windowStart' | 'windowEnd' | 'feesFen'>,
  after: Pick<OrderRow, 'windowStart' | 'windowEnd' | 'feesFen'>,
): TimelineChange | null {
  const moved = after.windowStart.getTime() !== before.windowStart.getTime()
  const feeFen = after.feesFen - before.feesFen
  if (!moved && !feeFen) return null
  return {
    ...(moved
      ? {
          window: {
            from: { start: before.windowStart.toISOString(), end: before.windowEnd.toISOString() },
            to: { start: after.windowStart.toISOString(), end: after.windowEnd.toISOString() },
          },
        }
      : {}),
    ...(feeFen ? { feeFen } : {}),
  }
}

/** Who a timeline names for a step (orders' and complaints'): the customer, staff, or the system's passes. */
export const timelineActor = (actor: Actor): TimelineActor =>
  actor.type === 'customer' ? 'customer' : actor.type === 'system' ? 'system' : 'staff'

/** The steps of an order its customer takes (in the portal); the rest are the office's and the worker's. */
const CUSTOMER_ORDER_EVENTS: ReadonlySet<OrderEvent> = new Set(['cancel', 'reschedule', 'review'])

/** An order as its customer reads it: offered only their own steps, as a complaint offers only confirming. */
export const customerSteps = <O extends { allowedEvents: OrderEvent[] }>(order: O): O => ({
  ...order,
  allowedEvents: order.allowedEvents.filter((e) => CUSTOMER_ORDER_EVENTS.has(e)),
})

/**
 * An order or a complaint as its customer reads it: the office's, the workers' and the system's steps without a
 * name (the portal shows a role; "plans" or a staff member's name is nothing to them). Their own steps keep theirs.
 */
export function forCustomer<
  E extends { actor: TimelineActor; actorName: string | null },
  O extends { timeline: ReadonlyArray<E> },
>(record: O): O {
  return {
    ...record,
    timeline: record.timeline.map((e) => (e.actor === 'customer' ? e : { ...e, actorName: null })),
  }
}

/**
 * The wanted workers' placements first, in the order they are wanted (a plan's own worker, the worker the order
 * had, the customer's preferred ones), then the others as ranked.
 */
function preferring(
  fits: Placement[],
  wanted: ReadonlyArray<string | null | undefined>,
): Placement[] {
  const ids = wanted.filter((id): id is string => !!id)
  if (ids.length === 0) return fits
  const rankOf = (f: Placement) => {
    const i = ids.indexOf(f.workerId)
    return i < 0 ? ids.length : i
  }
  // Sorting is stable: the others keep their order.
  return [...fits].sort((a, b) => rankOf(a) - rankOf(b))
}
