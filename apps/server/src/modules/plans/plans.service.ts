import { and, desc, eq, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { CreatePlanRequest, PlanChange, PlanQuery } from '@doorstep/contracts'
import { addDays, localDate, localInterval, quote } from '@doorstep/domain'
import { requirePermission, scopeReaches } from '../../platform/auth/actor.ts'
import { systemContext } from '../../platform/auth/system-context.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { AppError, CommonError, renamingFields } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { onceFor } from '../../platform/idempotency/idempotency.ts'
import { newId } from '../../platform/ids.ts'
import { emit } from '../../platform/outbox/outbox.ts'
import type { CatalogService } from '../catalog/index.ts'
import { CatalogError } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import { requireProjectTakingBookings } from '../customers/index.ts'
import type { OrderService } from '../orders/index.ts'
import { OrderError, orderTerms, requireWithinHorizon } from '../orders/index.ts'
import { allTenantIds, tenantTimeZone } from '../tenancy/index.ts'
import { PlanError } from './plans.errors.ts'
import type { RecurrenceProblem } from './plans.model.ts'
import {
  PLAN_BOOK_AHEAD_DAYS,
  MAX_BOOKING_ATTEMPTS,
  checkRecurrence,
  lastVisitDate,
  ruleEndingBefore,
  visitDates,
  visitsFrom,
  visitDiscountFen,
} from './plans.model.ts'
import { planVisit, servicePlan } from './plans.tables.ts'

type PlanRow = typeof servicePlan.$inferSelect
type VisitRow = typeof planVisit.$inferSelect
type VisitState = Omit<VisitRow, 'tenantId' | 'planId' | 'date' | 'attempts'>
type NewPlan = z.output<typeof CreatePlanRequest> & { channel: PlanRow['channel'] }

const RECURRENCE_WORDS: Record<RecurrenceProblem, { zh: string; en: string }> = {
  invalid_rrule: { zh: '格式不正确', en: 'it is not a valid RRULE' },
  rrule_part_not_supported: {
    zh: '只支持 FREQ、INTERVAL、BYDAY、BYMONTHDAY、COUNT、UNTIL',
    en: 'only FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT and UNTIL are supported',
  },
  rrule_frequency_not_supported: {
    zh: '只支持每天、每周、每月',
    en: 'only daily, weekly and monthly plans are supported',
  },
  rrule_days_mixed: {
    zh: '每月重复按几号（BYMONTHDAY），每天或每周重复按星期几（BYDAY），两者不能混用',
    en: 'monthly plans repeat on days of the month (BYMONTHDAY), daily and weekly ones on weekdays (BYDAY), not both',
  },
  rrule_too_many_visits: { zh: '最多 104 次服务', en: 'a plan has at most 104 visits' },
  rrule_no_visits: { zh: '没有任何服务日', en: 'it yields no visit' },
}

const STATUS_ZH: Record<PlanRow['status'], string> = {
  active: '进行中',
  paused: '已暂停',
  ended: '已结束',
}
const ACTION_ZH = { pause: '暂停', resume: '恢复', end: '结束', change: '更改' } as const
/** What a plan action is called in its event and its audit entry. */
const PLAN_NOTICE = { pause: 'paused', resume: 'resumed', end: 'ended' } as const
/** "A plan that is ended cannot be …": each action's past participle (end → ended, not "endd"). */
const ACTION_DONE_EN = { ...PLAN_NOTICE, change: 'changed' } as const

/** A rule a plan cannot use is a 400 on `body.rrule`, saying why in both languages. */
function checkRule(rule: string, startDate: string) {
  const problem = checkRecurrence(rule, startDate)
  if (problem)
    throw new PlanError(
      'INVALID_RECURRENCE',
      { reasonZh: RECURRENCE_WORDS[problem].zh, reasonEn: RECURRENCE_WORDS[problem].en },
      [{ field: 'body.rrule', code: problem }],
    )
}

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`

interface Deps {
  database: Database
  clock: Clock
  log: Pick<Logger, 'error'>
  orders: OrderService
  customers: CustomerService
  catalog: CatalogService
}

/** How many of the customer's plans that are not ended book visits at an address. */
export async function livePlansAt(tx: Executor, customerId: string, addressId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(servicePlan)
    .where(
      and(
        eq(servicePlan.customerId, customerId),
        eq(servicePlan.addressId, addressId),
        inArray(servicePlan.status, ['active', 'paused']),
      ),
    )
  return row?.n ?? 0
}

export function createPlanService({ database, clock, log, orders, customers, catalog }: Deps) {
  /** Staff see the plans of their projects; a customer sees their own. */
  function visible(
    ctx: RequestContext,
    permission: 'orders:read' | 'orders:manage',
  ): SQL | undefined {
    const scope = requirePermission(ctx.actor, permission)
    if (scope === 'tenant') return undefined
    if (scope === 'project')
      return ctx.actor.projectIds.length
        ? inArray(servicePlan.projectId, ctx.actor.projectIds)
        : sql`false`
    return ctx.actor.customerId ? eq(servicePlan.customerId, ctx.actor.customerId) : sql`false`
  }

  async function load(
    tx: Executor,
    ctx: RequestContext,
    id: string,
    permission: 'orders:read' | 'orders:manage',
  ) {
    const [row] = await tx
      .select()
      .from(servicePlan)
      .where(and(eq(servicePlan.id, id), visible(ctx, permission)))
      .for('update')
    if (!row) throw new CommonError('NOT_FOUND', { entity: 'plan' })
    return row
  }

  async function toDto(tx: Executor, plan: PlanRow) {
    const visits = await tx
      .select()
      .from(planVisit)
      .where(eq(planVisit.planId, plan.id))
      .orderBy(planVisit.date)
    const orderIds = visits.flatMap((v) => (v.orderId ? [v.orderId] : []))
    const known = new Map((await orders.numbersOf(tx, orderIds)).map((o) => [o.id, o] as const))
    const [head] = await summaries(tx, [plan])
    return {
      ...head!,
      visits: visits.map((v) => ({
        date: v.date,
        windowStart: v.windowStart.toISOString(),
        status: v.status,
        orderId: v.orderId,
        orderNo: v.orderId ? (known.get(v.orderId)?.orderNo ?? null) : null,
        orderStatus: v.orderId ? (known.get(v.orderId)?.status ?? null) : null,
        reason: v.reason,
        attempts: v.attempts,
      })),
    }
  }

  /**
   * What one visit of each plan costs at today's prices (what the next visits will be booked at): one
   * catalog read per service and project on the page, not one per plan.
   */
  async function visitPrices(tx: Executor, plans: readonly PlanRow[]) {
    const offers = new Map<string, Awaited<ReturnType<CatalogService['offered']>> | null>()
    const prices = new Map<
      string,
      { subtotalFen: number; seriesDiscountFen: number; totalFen: number }
    >()
    for (const p of plans) {
      const key = `${p.serviceItemId}:${p.projectId}`
      if (!offers.has(key))
        offers.set(
          key,
          await catalog.offered(tx, p.serviceItemId, p.projectId).catch((error: unknown) => {
            // A service taken off the list has no price; the plan is still shown.
            if (error instanceof AppError && error.code === 'NOT_OFFERED') return null
            throw error
          }),
        )
      const offered = offers.get(key)
      if (!offered) continue
      const list = quote({
        model: offered.pricing,
        itemName: offered.name,
        quantityMilli: p.quantityMilli,
        addons: p.addons.flatMap((a) => {
          const addon = offered.addons.find((x) => x.code === a.code)
          return addon ? [{ addon, quantity: a.quantity }] : []
        }),
        urgentFeeFen: 0,
        discountFen: 0,
        deposit: offered.deposit,
      })
      const seriesDiscountFen = visitDiscountFen(list.subtotalFen, p.discountPercent)
      prices.set(p.id, {
        subtotalFen: list.subtotalFen,
        seriesDiscountFen,
        totalFen: list.subtotalFen - seriesDiscountFen,
      })
    }
    return prices
  }

  /** The plans of a page with their customers' names (masked as lists show them) and visit prices. */
  async function summaries(tx: Executor, plans: readonly PlanRow[]) {
    const people = await customers.summaries(tx, [...new Set(plans.map((p) => p.customerId))])
    const prices = await visitPrices(tx, plans)
    return plans.map((p) => ({
      ...summary(p),
      customerName: people.get(p.customerId)?.name ?? '',
      customerPhoneMasked: people.get(p.customerId)?.phoneMasked ?? '',
      visitPrice: prices.get(p.id) ?? null,
    }))
  }

  const summary = (p: PlanRow) => ({
    id: p.id,
    customerId: p.customerId,
    addressId: p.addressId,
    serviceItemId: p.serviceItemId,
    serviceName: p.serviceName,
    quantityMilli: p.quantityMilli,
    rrule: p.rrule,
    startDate: p.startDate,
    windowHour: p.windowHour,
    discountPercent: p.discountPercent,
    payOnSite: p.payOnSite,
    status: p.status,
    preferredWorkerId: p.preferredWorkerId,
    bookedUntil: p.bookedUntil,
    previousPlanId: p.previousPlanId,
    nextPlanId: p.nextPlanId,
    createdAt: p.createdAt.toISOString(),
  })

  const windowStartOf = (date: string, hour: number, timeZone: string) =>
    new Date(localInterval(date, timeZone, hh(hour), hh(hour + 2)).start)

  /**
   * Books one visit as an order (keeping the plan's worker when free); no free worker → unavailable.
   * `announce`: whether the customer gets this visit's booking notice, or hears of it through the plan's own
   * (booked, resumed).
   */
  async function book(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow,
    windowStart: Date,
    announce: boolean,
  ): Promise<VisitState & { workerId: string | null }> {
    try {
      const order = await orders.createIn(
        tx,
        ctx,
        {
          customerId: plan.customerId,
          addressId: plan.addressId,
          serviceItemId: plan.serviceItemId,
          quantityMilli: plan.quantityMilli,
          addons: plan.addons,
          windowStart: windowStart.toISOString(),
          asap: false,
          channel: plan.channel,
          payOnSite: plan.payOnSite,
          discountFen: 0,
          notes: plan.notes,
        },
        undefined,
        {
          preferWorkerId: plan.preferredWorkerId,
          seriesDiscountPercent: plan.discountPercent,
          planId: plan.id,
          announce,
        },
      )
      return {
        windowStart,
        status: 'booked',
        orderId: order.id,
        reason: null,
        workerId: order.workerId,
      }
    } catch (error) {
      // A full window, a service taken off the list, or one whose time per m² grew past a day: the visit waits
      // (retried each pass) instead of failing the plan's whole pass every hour.
      const reason = unbookableReason(error)
      if (!reason) throw error
      return { windowStart, status: 'unavailable', orderId: null, reason, workerId: null }
    }
  }

  /**
   * Books every visit not yet booked from today to the horizon (or the plan's end), silently: the plan was
   * announced (booked, resumed), and a text for each visit as the weeks pass would be noise.
   */
  async function extendIn(tx: Executor, ctx: RequestContext, plan: PlanRow): Promise<PlanRow> {
    if (plan.status !== 'active') return plan
    const now = clock.now()
    const timeZone = await tenantTimeZone(tx)
    const today = localDate(now, timeZone)
    const last = lastVisitDate(plan.rrule, plan.startDate)
    if (last !== null && last < today) {
      const [ended] = await tx
        .update(servicePlan)
        .set({ status: 'ended', updatedAt: now })
        .where(eq(servicePlan.id, plan.id))
        .returning()
      return ended ?? plan
    }
    const horizon = addDays(today, PLAN_BOOK_AHEAD_DAYS)
    const to = last !== null && last < horizon ? last : horizon
    const from = plan.startDate > today ? plan.startDate : today
    const known = new Set(
      (
        await tx
          .select({ date: planVisit.date })
          .from(planVisit)
          .where(eq(planVisit.planId, plan.id))
      ).map((v) => v.date),
    )
    let preferred = plan.preferredWorkerId
    for (const date of visitDates(plan.rrule, plan.startDate, from, to)) {
      if (known.has(date)) continue
      // Today's window may already be over: that visit is simply not offered.
      if (windowStartOf(date, plan.windowHour, timeZone).getTime() + 2 * 3_600_000 <= now.getTime())
        continue
      const visit = await book(
        tx,
        ctx,
        { ...plan, preferredWorkerId: preferred },
        windowStartOf(date, plan.windowHour, timeZone),
        false,
      )
      preferred ??= visit.workerId
      await tx.insert(planVisit).values({
        tenantId: plan.tenantId,
        planId: plan.id,
        date,
        windowStart: visit.windowStart,
        status: visit.status,
        orderId: visit.orderId,
        reason: visit.reason,
        attempts: visit.status === 'unavailable' ? 1 : 0,
      })
    }
    const [next] = await tx
      .update(servicePlan)
      .set({ bookedUntil: to, preferredWorkerId: preferred, updatedAt: now })
      .where(eq(servicePlan.id, plan.id))
      .returning()
    return next ?? plan
  }

  /**
   * Books again, at its own time, a visit that has no order: one a pause cancelled (its time may have been
   * moved on its own, and stays moved) or one no worker could take. Failing again keeps the reason and
   * counts the attempt.
   */
  async function rebook(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow,
    visit: VisitRow,
    announce: boolean,
  ) {
    const booked = await book(tx, ctx, plan, visit.windowStart, announce)
    const [row] = await tx
      .update(planVisit)
      .set(
        booked.status === 'booked'
          ? { status: 'booked', orderId: booked.orderId, reason: null }
          : {
              status: 'unavailable',
              orderId: null,
              reason: booked.reason,
              attempts: sql`${planVisit.attempts} + 1`,
            },
      )
      .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, visit.date)))
      .returning()
    return { visit: row!, workerId: booked.workerId }
  }

  /**
   * Rebooks the given visits, keeping one worker across them; returns the plan and how many were booked.
   * A visit no worker could take, booked at last, is news to the customer (`announce`); the visits a
   * resume books again are told by the plan's one "resumed" notice.
   */
  async function rebookAll(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow,
    visits: readonly VisitRow[],
    announce: boolean,
  ): Promise<{ plan: PlanRow; booked: number }> {
    let preferred = plan.preferredWorkerId
    let booked = 0
    for (const v of visits) {
      const r = await rebook(tx, ctx, { ...plan, preferredWorkerId: preferred }, v, announce)
      if (r.visit.status === 'booked') booked++
      preferred ??= r.workerId
    }
    if (preferred === plan.preferredWorkerId) return { plan, booked }
    const [next] = await tx
      .update(servicePlan)
      .set({ preferredWorkerId: preferred, updatedAt: clock.now() })
      .where(eq(servicePlan.id, plan.id))
      .returning()
    return { plan: next ?? plan, booked }
  }

  /** The visits ahead no worker could take, that the hourly pass may still try. */
  const retryable = () =>
    and(
      eq(planVisit.status, 'unavailable'),
      gt(planVisit.windowStart, clock.now()),
      lt(planVisit.attempts, MAX_BOOKING_ATTEMPTS),
    )

  /**
   * Cancels the booked visits still ahead (the service's change policy applies to each order); returns how
   * many. `announce: false` when the plan tells the customer once instead (a pause).
   */
  async function cancelAhead(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow,
    reason: string,
    announce: boolean,
  ) {
    const ahead = await tx
      .select()
      .from(planVisit)
      .where(
        and(
          eq(planVisit.planId, plan.id),
          eq(planVisit.status, 'booked'),
          gt(planVisit.windowStart, clock.now()),
        ),
      )
    for (const v of ahead) {
      if (v.orderId && !(await cancelOrder(tx, ctx, v.orderId, reason, announce))) continue
      await tx
        .update(planVisit)
        .set({ status: 'cancelled', reason })
        .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, v.date)))
    }
  }

  /** False when the order has already moved on (the worker is on the way): it then stays. */
  async function cancelOrder(
    tx: Executor,
    ctx: RequestContext,
    orderId: string,
    reason: string,
    announce: boolean,
  ) {
    try {
      await orders.applyIn(tx, ctx, orderId, { event: 'cancel', reason }, undefined, { announce })
      return true
    } catch (error) {
      if (error instanceof OrderError && error.code === 'INVALID_TRANSITION') return false
      throw error
    }
  }

  /**
   * The customer's one notice of a pause, a resume or an end, instead of one per visit it cancels or books
   * again; a resume names the next visit booked.
   */
  async function announcePlan(
    tx: Executor,
    plan: PlanRow,
    type: 'plan.paused' | 'plan.resumed' | 'plan.ended' | 'plan.changed',
  ) {
    const now = clock.now()
    const [next] =
      type === 'plan.resumed' || type === 'plan.changed'
        ? await tx
            .select()
            .from(planVisit)
            .where(
              and(
                eq(planVisit.planId, plan.id),
                eq(planVisit.status, 'booked'),
                gt(planVisit.windowStart, now),
              ),
            )
            .orderBy(planVisit.windowStart)
            .limit(1)
        : []
    await emit(
      tx,
      plan.tenantId,
      type,
      {
        planId: plan.id,
        customerId: plan.customerId,
        projectId: plan.projectId,
        serviceName: plan.serviceName,
        rrule: plan.rrule,
        startDate: plan.startDate,
        ...(plan.previousPlanId ? { previousPlanId: plan.previousPlanId } : {}),
        ...(next ? { windowStart: next.windowStart.toISOString(), orderId: next.orderId } : {}),
      },
      now,
    )
  }

  async function audit(
    tx: Executor,
    ctx: RequestContext,
    action: string,
    plan: PlanRow,
    diff: Record<string, { from: unknown; to: unknown }>,
  ) {
    await appendAudit(
      tx,
      auditActorOf(ctx),
      { action, entityType: 'service_plan', entityId: plan.id, diff },
      clock.now(),
    )
  }

  /**
   * A new recurrence from `from` on (ADR 0042): this plan is cut short the day before and a new plan carries
   * on with the rule, its worker and its terms. A visit the new rule keeps (same day, same window) goes over
   * with its order, and one cancelled elsewhere on a day it keeps stays cancelled there; the others leaving this plan are cancelled — each under its order's change policy, as
   * moving it alone would be — and the new plan books its own; a skipped day stays skipped where the new rule
   * comes on it. The customer is told once. Returns the new plan.
   */
  async function carryOn(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow,
    from: string,
    rule: string,
    windowHour: number,
    timeZone: string,
  ): Promise<PlanRow> {
    // The new plan books orders: whoever may only manage visits may not start a series.
    requirePermission(ctx.actor, 'orders:create')
    checkRule(rule, from)
    const now = clock.now()
    if (from < localDate(now, timeZone))
      throw new PlanError('VISIT_IN_PAST', {}, [{ field: 'body.date', code: 'visit_in_past' }])
    // Today's visit would be cancelled with nothing in its place.
    if (
      visitDates(rule, from, from, from).length &&
      windowStartOf(from, windowHour, timeZone).getTime() <= now.getTime()
    )
      throw new PlanError('WINDOW_PASSED', {}, [
        { field: 'body.windowHour', code: 'window_passed' },
      ])
    requireWithinHorizon(from, localDate(now, timeZone), 'body.date')
    const left = visitsFrom(plan.rrule, plan.startDate, from)
    const longer = visitsFrom(rule, from, from) > left
    if (ctx.actor.type === 'customer' && plan.discountPercent > 0 && longer)
      throw new PlanError('DISCOUNT_LIMITS_LENGTH', { percent: plan.discountPercent, left }, [
        { field: 'body.rrule', code: 'plan_longer_than_left' },
      ])
    // A project switched off keeps the visits it promised, not a longer series.
    if (longer)
      requireProjectTakingBookings(
        await customers.serviceAddress(tx, plan.addressId, plan.customerId),
        'body.rrule',
      )
    // A withdrawn service would have real orders cancelled for visits nobody can book.
    await catalog.offered(tx, plan.serviceItemId, plan.projectId)

    const leaving = await tx
      .select()
      .from(planVisit)
      .where(
        and(
          eq(planVisit.planId, plan.id),
          gte(planVisit.date, from),
          inArray(planVisit.status, ['booked', 'unavailable', 'skipped']),
        ),
      )
    const orderStatus = new Map(
      (
        await orders.numbersOf(
          tx,
          leaving.flatMap((v) => (v.orderId ? [v.orderId] : [])),
        )
      ).map((o) => [o.id, o.status] as const),
    )
    // The days of the new rule among those leaving, computed once for all of them.
    const lastLeaving = leaving.reduce((last, v) => (v.date > last ? v.date : last), from)
    const keeps = new Set(visitDates(rule, from, from, lastLeaving))
    const closing: string[] = []
    const staying: VisitRow[] = []
    for (const v of leaving) {
      if (v.status === 'skipped') continue
      const status = v.orderId ? orderStatus.get(v.orderId) : undefined
      // Served meanwhile (moved earlier): that visit is history, and stays as it is.
      if (status === 'completed' || status === 'reviewed') continue
      const kept = keeps.has(v.date)
      // Cancelled elsewhere (the customer called) on a day the new rule keeps: it stays cancelled there.
      if (status === 'cancelled' && kept) {
        staying.push({ ...v, status: 'cancelled' })
        continue
      }
      const liveOrder = v.status === 'booked' && status !== 'cancelled' ? v.orderId : null
      // The new rule keeps this day and window: the visit goes over with its order — nothing to cancel, no fee.
      if (
        liveOrder &&
        kept &&
        v.windowStart.getTime() === windowStartOf(v.date, windowHour, timeZone).getTime()
      ) {
        staying.push(v)
        continue
      }
      if (liveOrder && !(await cancelOrder(tx, ctx, liveOrder, 'plan_changed', false)))
        throw new PlanError('VISIT_NOT_CHANGEABLE', {}, [
          { field: 'body.date', code: 'visit_started' },
        ])
      closing.push(v.date)
    }
    if (closing.length)
      await tx
        .update(planVisit)
        .set({ status: 'cancelled', reason: 'plan_changed' })
        .where(and(eq(planVisit.planId, plan.id), inArray(planVisit.date, closing)))
    const next: PlanRow = {
      ...plan,
      id: newId(),
      rrule: rule,
      startDate: from,
      windowHour,
      status: 'active',
      bookedUntil: null,
      previousPlanId: plan.id,
      nextPlanId: null,
      createdAt: now,
      updatedAt: now,
    }
    await tx.insert(servicePlan).values(next)
    const skipped = leaving.filter((v) => v.status === 'skipped' && keeps.has(v.date))
    if (staying.length)
      await tx.delete(planVisit).where(
        and(
          eq(planVisit.planId, plan.id),
          inArray(
            planVisit.date,
            staying.map((v) => v.date),
          ),
        ),
      )
    if (skipped.length || staying.length)
      await tx.insert(planVisit).values(
        [...skipped, ...staying].map((v) => ({
          tenantId: plan.tenantId,
          planId: next.id,
          date: v.date,
          windowStart:
            v.status === 'skipped' ? windowStartOf(v.date, windowHour, timeZone) : v.windowStart,
          status: v.status,
          orderId: v.status === 'skipped' ? null : v.orderId,
          reason: v.reason,
        })),
      )
    const cut = ruleEndingBefore(plan.rrule, from)
    // Cut at its first visit, the old plan has none left.
    const emptied = visitDates(cut, plan.startDate, plan.startDate, from).length === 0
    const [ending] = await tx
      .update(servicePlan)
      .set({
        rrule: cut,
        nextPlanId: next.id,
        ...(emptied ? { status: 'ended' as const } : {}),
        updatedAt: now,
      })
      .where(eq(servicePlan.id, plan.id))
      .returning()
    await extendIn(tx, ctx, ending!)
    const carried = await extendIn(tx, ctx, next)
    await announcePlan(tx, carried, 'plan.changed')
    await audit(tx, ctx, 'plan.split', plan, {
      from: { from: null, to: from },
      rrule: { from: plan.rrule, to: cut },
      nextPlanId: { from: null, to: next.id },
      ...(emptied ? { status: { from: plan.status, to: 'ended' } } : {}),
    })
    await audit(tx, ctx, 'plan.created', carried, {
      previousPlanId: { from: null, to: plan.id },
      rrule: { from: null, to: rule },
      startDate: { from: null, to: from },
      windowHour: { from: null, to: windowHour },
    })
    return carried
  }

  /**
   * A retried split answers with the plan it made (the same date, rule and window); any other split of a plan
   * already carried on is refused — the two would overlap its successor.
   */
  async function successorFor(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow & { nextPlanId: string },
    input: z.output<typeof PlanChange>,
  ) {
    const next = await load(tx, ctx, plan.nextPlanId, 'orders:manage')
    if (
      next.startDate === input.date &&
      next.rrule === input.rrule &&
      next.windowHour === input.windowHour
    )
      return next
    throw new PlanError('PLAN_CONTINUED', { nextPlanId: plan.nextPlanId }, [
      { field: 'body.rrule', code: 'plan_continued' },
    ])
  }

  async function visitOf(tx: Executor, plan: PlanRow, date: string, timeZone: string) {
    // Checked before the visit's row: a split leaves rows past the plan's new end (cancelled, for history).
    if (visitDates(plan.rrule, plan.startDate, date, date).length === 0)
      throw new PlanError('NOT_A_PLAN_DATE', {}, [{ field: 'body.date', code: 'not_a_plan_date' }])
    const [row] = await tx
      .select()
      .from(planVisit)
      .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, date)))
    if (row) return row
    return {
      tenantId: plan.tenantId,
      planId: plan.id,
      date,
      windowStart: windowStartOf(date, plan.windowHour, timeZone),
      status: null,
      orderId: null,
      reason: null,
    }
  }

  /**
   * Whether another visit of the plan falls on the day: one moved there, or the day's own visit where it is or
   * will be booked (skipped and cancelled ones, and those moved away, leave the day free).
   */
  async function dayHasOtherVisit(
    tx: Executor,
    plan: PlanRow,
    day: string,
    movingDate: string,
    timeZone: string,
  ) {
    const rows = await tx
      .select({
        date: planVisit.date,
        windowStart: planVisit.windowStart,
        status: planVisit.status,
        orderId: planVisit.orderId,
      })
      .from(planVisit)
      .where(eq(planVisit.planId, plan.id))
    // A visit whose order the customer cancelled by itself stays 'booked' in the plan, but frees its day.
    const cancelled = new Set(
      (
        await orders.numbersOf(
          tx,
          rows.flatMap((r) => (r.orderId ? [r.orderId] : [])),
        )
      )
        .filter((o) => o.status === 'cancelled')
        .map((o) => o.id),
    )
    const holdsItsDay = (r: (typeof rows)[number]) =>
      (r.status === 'booked' || r.status === 'unavailable') &&
      !(r.orderId && cancelled.has(r.orderId))
    if (
      rows.some(
        (r) =>
          r.date !== movingDate && holdsItsDay(r) && localDate(r.windowStart, timeZone) === day,
      )
    )
      return true
    // The day's own visit, not yet booked (no row): it will be, there.
    const dayIsPlanned = visitDates(plan.rrule, plan.startDate, day, day).length > 0
    return dayIsPlanned && day !== movingDate && !rows.some((r) => r.date === day)
  }

  async function saveVisit(tx: Executor, plan: PlanRow, date: string, set: VisitState) {
    await tx
      .insert(planVisit)
      .values({ tenantId: plan.tenantId, planId: plan.id, date, ...set })
      .onConflictDoUpdate({ target: [planVisit.tenantId, planVisit.planId, planVisit.date], set })
  }

  return {
    /** A retry with the same Idempotency-Key and body answers with the plan booked the first time. */
    async create(ctx: RequestContext, input: NewPlan, idempotencyKey?: string) {
      const scope = requirePermission(ctx.actor, 'orders:create')
      checkRule(input.rrule, input.startDate)
      const now = clock.now()
      const request = idempotencyKey
        ? { actor: ctx.actor, scope: 'plans.create', key: idempotencyKey, body: input }
        : null
      return database.tenant(ctx.actor.tenantId, (tx) =>
        onceFor(tx, request, now, async (claimed) => {
          await claimed
          const timeZone = await tenantTimeZone(tx)
          const last = lastVisitDate(input.rrule, input.startDate)
          if (
            input.startDate < localDate(now, timeZone) ||
            (last !== null && last < localDate(now, timeZone))
          )
            throw new PlanError('VISIT_IN_PAST', {}, [
              { field: 'body.startDate', code: 'date_in_past' },
            ])
          // Its last visit today, at an hour gone by: a plan with nothing left to book.
          if (
            last === localDate(now, timeZone) &&
            windowStartOf(last, input.windowHour, timeZone).getTime() <= now.getTime()
          )
            throw new PlanError('WINDOW_PASSED', {}, [
              { field: 'body.windowHour', code: 'window_passed' },
            ])
          requireWithinHorizon(input.startDate, localDate(now, timeZone), 'body.startDate')
          const address = await customers.serviceAddress(
            tx,
            input.addressId,
            input.customerId,
            undefined,
            true,
          )
          requireProjectTakingBookings(address, 'body.addressId')
          const row: PlanRow = {
            tenantId: ctx.actor.tenantId,
            id: newId(),
            customerId: address.customerId,
            addressId: address.addressId,
            projectId: address.projectId,
            serviceItemId: input.serviceItemId,
            serviceName: '',
            quantityMilli: input.quantityMilli,
            addons: input.addons,
            rrule: input.rrule,
            startDate: input.startDate,
            windowHour: input.windowHour,
            discountPercent: input.discountPercent,
            payOnSite: input.payOnSite,
            notes: input.notes,
            channel: input.channel,
            status: 'active',
            preferredWorkerId: null,
            bookedUntil: null,
            previousPlanId: null,
            nextPlanId: null,
            createdAt: now,
            updatedAt: now,
          }
          // As a booking checks it (a plan starting beyond the horizon books nothing at once).
          if (!scopeReaches(ctx.actor, scope, address))
            throw new CommonError('NOT_FOUND', { entity: 'customer' }, [
              { field: 'body.customerId', code: 'not_found' },
            ])
          const offered = await catalog.offered(tx, input.serviceItemId, address.projectId)
          // Checked now as each visit's booking would: a plan starting weeks ahead books nothing today,
          // and would otherwise be refused at every later pass, unseen.
          orderTerms(offered, input)
          row.serviceName = offered.name
          await tx.insert(servicePlan).values(row)
          const plan = await extendIn(tx, ctx, row)
          const [first] = await tx
            .select()
            .from(planVisit)
            .where(and(eq(planVisit.planId, plan.id), eq(planVisit.status, 'booked')))
            .orderBy(planVisit.date)
            .limit(1)
          // The customer's one booking notice for the whole plan (its visits' orders announce none).
          await emit(
            tx,
            plan.tenantId,
            'plan.created',
            {
              planId: plan.id,
              customerId: plan.customerId,
              projectId: plan.projectId,
              serviceName: plan.serviceName,
              rrule: plan.rrule,
              startDate: plan.startDate,
              ...(first
                ? { windowStart: first.windowStart.toISOString(), orderId: first.orderId }
                : {}),
            },
            now,
          )
          await audit(tx, ctx, 'plan.created', plan, {
            rrule: { from: null, to: plan.rrule },
            windowHour: { from: null, to: plan.windowHour },
            serviceItemId: { from: null, to: plan.serviceItemId },
          })
          return toDto(tx, plan)
        }),
      )
    },

    async list(ctx: RequestContext, q: z.output<typeof PlanQuery>) {
      const where: Array<SQL | undefined> = [visible(ctx, 'orders:read')]
      if (q.customerId) where.push(eq(servicePlan.customerId, q.customerId))
      if (q.status) where.push(eq(servicePlan.status, q.status))
      if (q.projectId) where.push(eq(servicePlan.projectId, q.projectId))
      if (q.serviceItemId) where.push(eq(servicePlan.serviceItemId, q.serviceItemId))
      const before = idCursor(q.cursor)
      if (before) where.push(lt(servicePlan.id, before))
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        if (q.unavailable !== undefined) {
          // The office's to-do: visits still ahead that no worker could take (past ones can only be noted).
          const today = localDate(clock.now(), await tenantTimeZone(tx))
          const waiting = sql`exists (select 1 from ${planVisit} v where v.tenant_id = ${servicePlan.tenantId}
            and v.plan_id = ${servicePlan.id} and v.status = 'unavailable' and v.date >= ${today})`
          where.push(q.unavailable ? waiting : sql`not ${waiting}`)
        }
        const rows = await tx
          .select()
          .from(servicePlan)
          .where(and(...where))
          .orderBy(desc(servicePlan.id))
          .limit(q.limit + 1)
        return toPage(
          await summaries(tx, rows),
          q.limit,
          (r) => r,
          (r) => r.id,
        )
      })
    },

    async get(ctx: RequestContext, id: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) =>
        toDto(tx, await load(tx, ctx, id, 'orders:read')),
      )
    },

    async act(
      ctx: RequestContext,
      id: string,
      input: { action: 'pause' | 'resume' | 'end'; reason?: string | undefined },
    ) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const plan = await load(tx, ctx, id, 'orders:manage')
        const allowed =
          (input.action === 'pause' && plan.status === 'active') ||
          (input.action === 'resume' && plan.status === 'paused') ||
          (input.action === 'end' && plan.status !== 'ended')
        if (!allowed)
          throw new PlanError('INVALID_PLAN_ACTION', {
            planStatus: plan.status,
            statusZh: STATUS_ZH[plan.status],
            action: input.action,
            actionZh: ACTION_ZH[input.action],
            actionEn: ACTION_DONE_EN[input.action],
          })
        const now = clock.now()
        const reason = input.reason ?? `plan_${input.action === 'end' ? 'ended' : 'paused'}`
        // A pause or an end is told once, for the plan (below), not for each visit it cancels.
        if (input.action !== 'resume') await cancelAhead(tx, ctx, plan, reason, false)
        const status =
          input.action === 'pause' ? 'paused' : input.action === 'end' ? 'ended' : 'active'
        const [updated] = await tx
          .update(servicePlan)
          .set({ status, updatedAt: now })
          .where(eq(servicePlan.id, plan.id))
          .returning()
        let resumed = updated!
        if (input.action === 'resume') {
          // The visits the pause cancelled come back at their own times (if a worker is still free).
          const cancelled = await tx
            .select()
            .from(planVisit)
            .where(
              and(
                eq(planVisit.planId, plan.id),
                eq(planVisit.status, 'cancelled'),
                gt(planVisit.windowStart, now),
              ),
            )
            .orderBy(planVisit.date)
          // Not the ones a change of recurrence handed to the plan carrying this one on: its rule now ends
          // before them. (Told by the rule, not the visit's reason, which is the caller's words on a pause.)
          const paused = cancelled.filter(
            (v) => visitDates(plan.rrule, plan.startDate, v.date, v.date).length > 0,
          )
          resumed = (await rebookAll(tx, ctx, resumed, paused, false)).plan
        }
        const next = await extendIn(tx, ctx, resumed)
        await announcePlan(tx, next, `plan.${PLAN_NOTICE[input.action]}`)
        await audit(tx, ctx, `plan.${PLAN_NOTICE[input.action]}`, next, {
          status: { from: plan.status, to: status },
          ...(input.reason ? { reason: { from: null, to: input.reason } } : {}),
        })
        return toDto(tx, next)
      })
    },

    async skip(
      ctx: RequestContext,
      id: string,
      input: { date: string; reason?: string | undefined },
    ) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const plan = await load(tx, ctx, id, 'orders:manage')
        const timeZone = await tenantTimeZone(tx)
        const visit = await visitOf(tx, plan, input.date, timeZone)
        if (visit.windowStart.getTime() <= clock.now().getTime())
          throw new PlanError('VISIT_IN_PAST', {}, [{ field: 'body.date', code: 'visit_in_past' }])
        if (visit.status === 'skipped') return toDto(tx, plan)
        const reason = input.reason ?? 'skipped'
        if (
          visit.orderId &&
          visit.status === 'booked' &&
          !(await cancelOrder(tx, ctx, visit.orderId, reason, true))
        )
          throw new PlanError('VISIT_NOT_CHANGEABLE', {}, [
            { field: 'body.date', code: 'visit_started' },
          ])
        await saveVisit(tx, plan, input.date, {
          windowStart: visit.windowStart,
          status: 'skipped',
          orderId: visit.orderId,
          reason,
        })
        await audit(tx, ctx, 'plan.visit_skipped', plan, { date: { from: null, to: input.date } })
        return toDto(tx, plan)
      })
    },

    /** This visit, or this and every later one: a new window hour (and, for one visit, a new date). */
    async change(ctx: RequestContext, id: string, input: z.output<typeof PlanChange>) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        let plan = await load(tx, ctx, id, 'orders:manage')
        if (input.rrule !== undefined && plan.nextPlanId !== null)
          return toDto(
            tx,
            await successorFor(tx, ctx, { ...plan, nextPlanId: plan.nextPlanId }, input),
          )
        // A paused plan's visits are cancelled and come back as they are on resume: nothing to move.
        if (plan.status !== 'active')
          throw new PlanError('INVALID_PLAN_ACTION', {
            planStatus: plan.status,
            statusZh: STATUS_ZH[plan.status],
            action: 'change',
            actionZh: ACTION_ZH.change,
            actionEn: ACTION_DONE_EN.change,
          })
        const timeZone = await tenantTimeZone(tx)
        const now = clock.now()
        const visit = await visitOf(tx, plan, input.date, timeZone)
        if (visit.windowStart.getTime() <= now.getTime())
          throw new PlanError('VISIT_IN_PAST', {}, [{ field: 'body.date', code: 'visit_in_past' }])
        const moveOne = async (
          v: { date: string; orderId: string | null; status: VisitRow['status'] | null },
          date: string,
        ) => {
          const windowStart = windowStartOf(date, input.windowHour, timeZone)
          if (v.orderId && v.status === 'booked') {
            // The order's window is the plan's hour on a date: a refusal names what the request gave.
            await renamingFields(
              { 'body.windowStart': date === input.newDate ? 'body.newDate' : 'body.windowHour' },
              () =>
                orders.applyIn(
                  tx,
                  ctx,
                  v.orderId!,
                  { event: 'reschedule', windowStart: windowStart.toISOString() },
                  undefined,
                ),
            )
            await saveVisit(tx, plan, v.date, {
              windowStart,
              status: 'booked',
              orderId: v.orderId,
              reason: null,
            })
          } else if (v.status !== 'skipped') {
            const booked = await book(tx, ctx, plan, windowStart, true)
            await saveVisit(tx, plan, v.date, {
              windowStart: booked.windowStart,
              status: booked.status,
              orderId: booked.orderId,
              reason: booked.reason,
            })
          }
        }
        if (input.rrule !== undefined) {
          const next = await carryOn(
            tx,
            ctx,
            plan,
            input.date,
            input.rrule,
            input.windowHour,
            timeZone,
          )
          return toDto(tx, next)
        }
        if (input.scope === 'this') {
          // Moving it would book nothing and answer as if it had: a skipped visit is not there to move.
          if (visit.status === 'skipped')
            throw new PlanError('VISIT_SKIPPED', {}, [
              { field: 'body.date', code: 'visit_skipped' },
            ])
          if (input.newDate && input.newDate < localDate(now, timeZone))
            throw new PlanError('VISIT_IN_PAST', {}, [
              { field: 'body.newDate', code: 'visit_in_past' },
            ])
          // Without a new date, the day it is on now: one moved before keeps its day, as the series change does.
          const day = input.newDate ?? localDate(visit.windowStart, timeZone)
          requireWithinHorizon(
            day,
            localDate(now, timeZone),
            input.newDate ? 'body.newDate' : 'body.date',
          )
          if (
            input.newDate &&
            (await dayHasOtherVisit(tx, plan, input.newDate, input.date, timeZone))
          )
            throw new PlanError('DAY_HAS_VISIT', { date: input.newDate }, [
              { field: 'body.newDate', code: 'day_has_visit' },
            ])
          await moveOne(visit, day)
        } else {
          const [updated] = await tx
            .update(servicePlan)
            .set({ windowHour: input.windowHour, updatedAt: now })
            .where(eq(servicePlan.id, plan.id))
            .returning()
          plan = updated!
          // Later in time, from this visit on: a visit moved before it is not, one moved past it is.
          const later = await tx
            .select()
            .from(planVisit)
            .where(
              and(
                eq(planVisit.planId, plan.id),
                gte(planVisit.windowStart, visit.windowStart),
                or(eq(planVisit.status, 'booked'), eq(planVisit.status, 'unavailable')),
              ),
            )
          for (const v of later) {
            try {
              // On the day the visit is on now: one moved to another day by itself stays there.
              await moveOne(v, localDate(v.windowStart, timeZone))
            } catch (error) {
              // One taken window must not stop the series: that visit keeps its time, and says why.
              if (!(error instanceof OrderError)) throw error
              const why = unbookableReason(error)
              await tx
                .update(planVisit)
                .set({ reason: why && why !== 'slot_taken' ? why : 'kept_time_slot_taken' })
                .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, v.date)))
            }
          }
        }
        await audit(tx, ctx, 'plan.visit_changed', plan, {
          date: { from: null, to: input.date },
          scope: { from: null, to: input.scope },
          windowHour: { from: visit.windowStart.toISOString(), to: input.windowHour },
        })
        return toDto(tx, plan)
      })
    },

    /** Staff try again, now, to book a visit no worker could take (however often the pass has tried). */
    async retry(ctx: RequestContext, id: string, input: { date: string }) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const plan = await load(tx, ctx, id, 'orders:manage')
        const visit = await visitOf(tx, plan, input.date, await tenantTimeZone(tx))
        if (visit.windowStart.getTime() <= clock.now().getTime())
          throw new PlanError('VISIT_IN_PAST', {}, [{ field: 'body.date', code: 'visit_in_past' }])
        if (plan.status !== 'active' || visit.status !== 'unavailable')
          throw new PlanError('VISIT_NOT_RETRYABLE', {}, [
            { field: 'body.date', code: 'visit_not_unavailable' },
          ])
        const { plan: next } = await rebookAll(tx, ctx, plan, [visit], true)
        const [after] = await tx
          .select({ status: planVisit.status })
          .from(planVisit)
          .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, input.date)))
        await audit(tx, ctx, 'plan.visit_retried', next, {
          date: { from: null, to: input.date },
          status: { from: 'unavailable', to: after?.status ?? 'unavailable' },
        })
        return toDto(tx, next)
      })
    },

    /**
     * The hourly pass: books ahead every active plan whose horizon has moved, and tries again the visits
     * ahead no worker could take. Each plan in its own transaction, so one that fails (its service withdrawn,
     * say) is logged and rolls back alone. An aborted `signal` (the process stopping) ends it between two plans.
     */
    async runOnce(signal?: AbortSignal) {
      const tenants = await allTenantIds(database)
      let extended = 0
      let retried = 0
      let failed = 0
      for (const tenantId of tenants) {
        if (signal?.aborted) break
        const ctx = systemContext(tenantId, 'plans')
        const due = await database.tenant(tenantId, async (tx) => {
          const horizon = addDays(
            localDate(clock.now(), await tenantTimeZone(tx)),
            PLAN_BOOK_AHEAD_DAYS,
          )
          const waiting = tx.select({ planId: planVisit.planId }).from(planVisit).where(retryable())
          return tx
            .select({ id: servicePlan.id })
            .from(servicePlan)
            .where(
              and(
                eq(servicePlan.status, 'active'),
                or(
                  isNull(servicePlan.bookedUntil),
                  lt(servicePlan.bookedUntil, horizon),
                  inArray(servicePlan.id, waiting),
                ),
              ),
            )
            .orderBy(servicePlan.id)
        })
        for (const { id } of due) {
          if (signal?.aborted) break
          try {
            const done = await database.tenant(tenantId, (tx) => passOne(tx, ctx, id))
            extended += done.extended
            retried += done.retried
          } catch (error) {
            failed++
            log.error(
              { err: error, tenantId, planId: id },
              'plan booking pass failed for this plan; the others went on',
            )
          }
        }
      }
      return { extended, retried, failed }
    },
  }

  /** One plan's share of the hourly pass; a plan another pass holds is left to it. */
  async function passOne(tx: Executor, ctx: RequestContext, id: string) {
    const [locked] = await tx
      .select()
      .from(servicePlan)
      .where(and(eq(servicePlan.id, id), eq(servicePlan.status, 'active')))
      .for('update', { skipLocked: true })
    if (!locked) return { extended: 0, retried: 0 }
    let plan = locked
    let extended = 0
    const today = localDate(clock.now(), await tenantTimeZone(tx))
    const last = lastVisitDate(plan.rrule, plan.startDate)
    // Everything to the plan's last visit is booked: nothing to extend until that visit passes.
    const complete =
      last !== null && plan.bookedUntil !== null && plan.bookedUntil >= last && last >= today
    if (
      !complete &&
      (plan.bookedUntil === null || plan.bookedUntil < addDays(today, PLAN_BOOK_AHEAD_DAYS))
    ) {
      plan = await extendIn(tx, ctx, plan)
      extended = 1
    }
    const waiting = await tx
      .select()
      .from(planVisit)
      .where(and(eq(planVisit.planId, plan.id), retryable()))
      .orderBy(planVisit.date)
    const { booked } = await rebookAll(tx, ctx, plan, waiting, true)
    return { extended, retried: booked }
  }
}

export type PlanService = ReturnType<typeof createPlanService>

/**
 * Why a plan's visit cannot be booked now, for the refusals that leave the plan to go on (the visit waits and says
 * why); null for any other failure.
 */
function unbookableReason(error: unknown): string | null {
  if (error instanceof CatalogError) return error.code === 'NOT_OFFERED' ? 'not_offered' : null
  if (!(error instanceof OrderError)) return null
  if (error.code === 'SLOT_TAKEN') return 'slot_taken'
  // The item's time per m² or unit changed since the plan was made (ADR 0053).
  if (error.code === 'VISIT_TOO_LONG') return 'visit_too_long'
  return null
}
