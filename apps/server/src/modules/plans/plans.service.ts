import { and, desc, eq, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { CreatePlanRequest, PlanChange, PlanQuery } from '@doorstep/contracts'
import { localDate, localInterval } from '@doorstep/domain'
import { requirePermission } from '../../platform/auth/actor.ts'
import { systemContext } from '../../platform/auth/system-context.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import type { CatalogService } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import type { OrderService } from '../orders/index.ts'
import { OrderError } from '../orders/index.ts'
import { tenant, tenantTimeZone } from '../tenancy/index.ts'
import { PlanError } from './plans.errors.ts'
import type { RecurrenceProblem } from './plans.model.ts'
import {
  BOOKING_HORIZON_DAYS,
  addDays,
  checkRecurrence,
  lastVisitDate,
  visitDates,
} from './plans.model.ts'
import { planVisit, servicePlan } from './plans.tables.ts'

type PlanRow = typeof servicePlan.$inferSelect
type VisitRow = typeof planVisit.$inferSelect
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
  rrule_too_many_visits: { zh: '最多 104 次服务', en: 'a plan has at most 104 visits' },
  rrule_no_visits: { zh: '没有任何服务日', en: 'it yields no visit' },
}

const STATUS_ZH: Record<PlanRow['status'], string> = {
  active: '进行中',
  paused: '已暂停',
  ended: '已结束',
}
const ACTION_ZH = { pause: '暂停', resume: '恢复', end: '结束' } as const

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`

interface Deps {
  database: Database
  clock: Clock
  orders: OrderService
  customers: CustomerService
  catalog: CatalogService
}

export function createPlanService({ database, clock, orders, customers, catalog }: Deps) {
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
    return {
      ...summary(plan),
      visits: visits.map((v) => ({
        date: v.date,
        windowStart: v.windowStart.toISOString(),
        status: v.status,
        orderId: v.orderId,
        orderNo: v.orderId ? (known.get(v.orderId)?.orderNo ?? null) : null,
        orderStatus: v.orderId ? (known.get(v.orderId)?.status ?? null) : null,
        reason: v.reason,
      })),
    }
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
    createdAt: p.createdAt.toISOString(),
  })

  const windowStartOf = (date: string, hour: number, timeZone: string) =>
    new Date(localInterval(date, timeZone, hh(hour), hh(hour + 2)).start)

  /** Books one visit as an order (keeping the plan's worker when free); no free worker → unavailable. */
  async function book(
    tx: Executor,
    ctx: RequestContext,
    plan: PlanRow,
    date: string,
    hour: number,
    timeZone: string,
  ): Promise<Omit<VisitRow, 'tenantId' | 'planId' | 'date'> & { workerId: string | null }> {
    const windowStart = windowStartOf(date, hour, timeZone)
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
        { preferWorkerId: plan.preferredWorkerId, seriesDiscountPercent: plan.discountPercent },
      )
      return {
        windowStart,
        status: 'booked',
        orderId: order.id,
        reason: null,
        workerId: order.workerId,
      }
    } catch (error) {
      if (error instanceof OrderError && error.code === 'SLOT_TAKEN')
        return {
          windowStart,
          status: 'unavailable',
          orderId: null,
          reason: 'slot_taken',
          workerId: null,
        }
      throw error
    }
  }

  /** Books every visit not yet booked from today to the horizon (or the plan's end). */
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
    const horizon = addDays(today, BOOKING_HORIZON_DAYS)
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
        date,
        plan.windowHour,
        timeZone,
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
      })
    }
    const [next] = await tx
      .update(servicePlan)
      .set({ bookedUntil: to, preferredWorkerId: preferred, updatedAt: now })
      .where(eq(servicePlan.id, plan.id))
      .returning()
    return next ?? plan
  }

  /** Cancels the booked visits still ahead (the service's change policy applies to each order). */
  async function cancelAhead(tx: Executor, ctx: RequestContext, plan: PlanRow, reason: string) {
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
      if (v.orderId && !(await cancelOrder(tx, ctx, v.orderId, reason))) continue
      await tx
        .update(planVisit)
        .set({ status: 'cancelled', reason })
        .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, v.date)))
    }
  }

  /** False when the order has already moved on (the worker is on the way): it then stays. */
  async function cancelOrder(tx: Executor, ctx: RequestContext, orderId: string, reason: string) {
    try {
      await orders.applyIn(tx, ctx, orderId, { event: 'cancel', reason }, undefined)
      return true
    } catch (error) {
      if (error instanceof OrderError && error.code === 'INVALID_TRANSITION') return false
      throw error
    }
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

  async function visitOf(tx: Executor, plan: PlanRow, date: string, timeZone: string) {
    const [row] = await tx
      .select()
      .from(planVisit)
      .where(and(eq(planVisit.planId, plan.id), eq(planVisit.date, date)))
    if (row) return row
    if (visitDates(plan.rrule, plan.startDate, date, date).length === 0)
      throw new PlanError('NOT_A_PLAN_DATE', {}, [{ field: 'body.date', code: 'not_a_plan_date' }])
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

  async function saveVisit(
    tx: Executor,
    plan: PlanRow,
    date: string,
    set: Omit<VisitRow, 'tenantId' | 'planId' | 'date'>,
  ) {
    await tx
      .insert(planVisit)
      .values({ tenantId: plan.tenantId, planId: plan.id, date, ...set })
      .onConflictDoUpdate({ target: [planVisit.tenantId, planVisit.planId, planVisit.date], set })
  }

  return {
    async create(ctx: RequestContext, input: NewPlan) {
      requirePermission(ctx.actor, 'orders:create')
      const problem = checkRecurrence(input.rrule, input.startDate)
      if (problem)
        throw new PlanError(
          'INVALID_RECURRENCE',
          { reasonZh: RECURRENCE_WORDS[problem].zh, reasonEn: RECURRENCE_WORDS[problem].en },
          [{ field: 'body.rrule', code: problem }],
        )
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const timeZone = await tenantTimeZone(tx)
        const now = clock.now()
        const last = lastVisitDate(input.rrule, input.startDate)
        if (
          input.startDate < localDate(now, timeZone) ||
          (last !== null && last < localDate(now, timeZone))
        )
          throw new PlanError('VISIT_IN_PAST', {}, [
            { field: 'body.startDate', code: 'date_in_past' },
          ])
        const address = await customers.serviceAddress(tx, input.addressId, input.customerId)
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
          createdAt: now,
          updatedAt: now,
        }
        const mayBook = ctx.actor.type !== 'customer' || ctx.actor.customerId === address.customerId
        if (!mayBook) throw new CommonError('NOT_FOUND', { entity: 'customer' })
        row.serviceName = (await catalog.offered(tx, input.serviceItemId, address.projectId)).name
        await tx.insert(servicePlan).values(row)
        const plan = await extendIn(tx, ctx, row)
        await audit(tx, ctx, 'plan.created', plan, {
          rrule: { from: null, to: plan.rrule },
          windowHour: { from: null, to: plan.windowHour },
          serviceItemId: { from: null, to: plan.serviceItemId },
        })
        return toDto(tx, plan)
      })
    },

    async list(ctx: RequestContext, q: z.output<typeof PlanQuery>) {
      const where: Array<SQL | undefined> = [visible(ctx, 'orders:read')]
      if (q.customerId) where.push(eq(servicePlan.customerId, q.customerId))
      if (q.status) where.push(eq(servicePlan.status, q.status))
      const before = idCursor(q.cursor)
      if (before) where.push(lt(servicePlan.id, before))
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        tx
          .select()
          .from(servicePlan)
          .where(and(...where))
          .orderBy(desc(servicePlan.id))
          .limit(q.limit + 1),
      )
      return toPage(rows, q.limit, summary, (r) => r.id)
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
          })
        const now = clock.now()
        const reason = input.reason ?? `plan_${input.action === 'end' ? 'ended' : 'paused'}`
        if (input.action !== 'resume') await cancelAhead(tx, ctx, plan, reason)
        else
          // The visits cancelled by the pause come back (if a worker is still free).
          await tx
            .delete(planVisit)
            .where(
              and(
                eq(planVisit.planId, plan.id),
                eq(planVisit.status, 'cancelled'),
                gt(planVisit.windowStart, now),
              ),
            )
        const status =
          input.action === 'pause' ? 'paused' : input.action === 'end' ? 'ended' : 'active'
        const [updated] = await tx
          .update(servicePlan)
          .set({ status, updatedAt: now })
          .where(eq(servicePlan.id, plan.id))
          .returning()
        const next = await extendIn(tx, ctx, updated!)
        await audit(
          tx,
          ctx,
          `plan.${input.action === 'end' ? 'ended' : `${input.action}d`}`,
          next,
          {
            status: { from: plan.status, to: status },
            ...(input.reason ? { reason: { from: null, to: input.reason } } : {}),
          },
        )
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
          !(await cancelOrder(tx, ctx, visit.orderId, reason))
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
            await orders.applyIn(
              tx,
              ctx,
              v.orderId,
              { event: 'reschedule', windowStart: windowStart.toISOString() },
              undefined,
            )
            await saveVisit(tx, plan, v.date, {
              windowStart,
              status: 'booked',
              orderId: v.orderId,
              reason: null,
            })
          } else if (v.status !== 'skipped') {
            const booked = await book(tx, ctx, plan, date, input.windowHour, timeZone)
            await saveVisit(tx, plan, v.date, {
              windowStart: booked.windowStart,
              status: booked.status,
              orderId: booked.orderId,
              reason: booked.reason,
            })
          }
        }
        if (input.scope === 'this') {
          if (input.newDate && input.newDate < localDate(now, timeZone))
            throw new PlanError('VISIT_IN_PAST', {}, [
              { field: 'body.newDate', code: 'visit_in_past' },
            ])
          await moveOne(visit, input.newDate ?? input.date)
        } else {
          const [updated] = await tx
            .update(servicePlan)
            .set({ windowHour: input.windowHour, updatedAt: now })
            .where(eq(servicePlan.id, plan.id))
            .returning()
          plan = updated!
          const later = await tx
            .select()
            .from(planVisit)
            .where(
              and(
                eq(planVisit.planId, plan.id),
                gte(planVisit.date, input.date),
                or(eq(planVisit.status, 'booked'), eq(planVisit.status, 'unavailable')),
              ),
            )
          for (const v of later) {
            try {
              await moveOne(v, v.date)
            } catch (error) {
              // One taken window must not stop the series: that visit keeps its time, and says why.
              if (!(error instanceof OrderError)) throw error
              await tx
                .update(planVisit)
                .set({ reason: 'kept_time_slot_taken' })
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

    /** Books ahead for every active plan whose horizon has moved (run daily or more often). */
    async runOnce() {
      const tenants = await database.system((tx) => tx.select({ id: tenant.id }).from(tenant))
      let extended = 0
      for (const t of tenants) {
        const ctx = systemContext(t.id, 'plans')
        extended += await database.tenant(t.id, async (tx) => {
          const today = localDate(clock.now(), await tenantTimeZone(tx))
          const horizon = addDays(today, BOOKING_HORIZON_DAYS)
          const due = await tx
            .select()
            .from(servicePlan)
            .where(
              and(
                eq(servicePlan.status, 'active'),
                or(isNull(servicePlan.bookedUntil), lt(servicePlan.bookedUntil, horizon)),
              ),
            )
            .for('update', { skipLocked: true })
          let n = 0
          for (const plan of due) {
            const last = lastVisitDate(plan.rrule, plan.startDate)
            // Everything to the plan's last visit is booked: nothing to do until that visit passes.
            if (
              last !== null &&
              plan.bookedUntil !== null &&
              plan.bookedUntil >= last &&
              last >= today
            )
              continue
            await extendIn(tx, ctx, plan)
            n++
          }
          return n
        })
      }
      return { extended }
    },
  }
}

export type PlanService = ReturnType<typeof createPlanService>
