import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { ComplaintEventRequest, ComplaintRequest, Resolution } from '@doorstep/contracts'
import {
  COMPLAINT_STATUS_WORDS,
  asksForMoney,
  complaintEvents,
  complaintStep,
  localDayEnd,
  localDayStart,
  refundCeilingFen,
} from '@doorstep/domain'
import type { ComplaintEvent } from '@doorstep/domain'
import { can, requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { CommonError, defineErrors, renamingFields } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { emit } from '../../platform/outbox/outbox.ts'
import type { CustomerService } from '../customers/index.ts'
import type { FilesService } from '../files/index.ts'
import { timelineActor, type OrderService } from '../orders/index.ts'
import type { WorkforceService } from '../workforce/index.ts'
import { tenantTimeZone, withinTenantDays } from '../tenancy/index.ts'
import { serviceOrder } from '../orders/orders.tables.ts'
import type { ResolutionRecord } from './aftersales.tables.ts'
import { complaint, complaintEvent } from './aftersales.tables.ts'

type ComplaintRow = typeof complaint.$inferSelect

/** A complaint's steps in the caller's words, for a refused step (its status: as the customer is told it). */
const EVENT_WORDS: Record<ComplaintEvent, { zh: string; en: string }> = {
  respond: { zh: '受理响应', en: 'responded to' },
  resolve: { zh: '给出处理方案', en: 'resolved' },
  follow_up: { zh: '回访', en: 'followed up' },
  confirm: { zh: '确认解决', en: 'confirmed as resolved' },
  close: { zh: '结案', en: 'closed' },
  reopen: { zh: '重新处理', en: 'reopened' },
}

export const AftersalesError = defineErrors('AftersalesError', {
  ORDER_NOT_COMPLETED: {
    status: 409,
    zh: '订单完成后才能投诉售后',
    en: 'Complaints are for completed orders',
  },
  COMPLAINT_OPEN: {
    status: 409,
    zh: '该订单已有处理中的投诉，请在原投诉中跟进',
    en: 'This order already has a complaint in progress; follow it up there',
  },
  INVALID_TRANSITION: {
    status: 409,
    zh: '投诉当前为“{statusZh}”，不能{eventZh}',
    en: 'A complaint that is {statusEn} cannot be {eventEn}',
  },
  REWORK_STILL_OPEN: {
    status: 409,
    zh: '上次安排的返工单 {orderNo} 还未完成：请先取消它或等它完成，再给出新的处理方案',
    en: 'The rework order {orderNo} booked last time is still open: cancel it or let it finish before resolving again',
  },
  CONFIRMED_BY_CUSTOMER: {
    status: 403,
    zh: '“确认解决”由客户在门户中完成；回访后可以结案',
    en: 'Only the customer confirms a complaint resolved (in the portal); after the follow-up, close it',
  },
  RESOLUTION_REQUIRED: { status: 400, zh: '请填写处理方案', en: 'Describe the resolution' },
  REWORK_WINDOW_REQUIRED: {
    status: 400,
    zh: '返工请选择上门时段',
    en: 'Choose a window for the rework visit',
  },
  AMOUNT_REQUIRED: {
    status: 400,
    zh: '请填写申请金额',
    en: 'Enter the amount requested',
  },
  AMOUNT_NOT_APPLICABLE: {
    status: 400,
    zh: '只有退款申请和补偿券申请需要金额',
    en: 'Only a refund or a coupon request has an amount',
  },
  REFUND_TOO_LARGE: {
    status: 400,
    zh: '退款合计不能超过订单实收金额：最多还可退 {maxYuan} 元',
    en: 'Refunds together cannot come to more than the order charged: at most ¥{maxYuan} more',
  },
  RESOLUTION_NOT_APPLICABLE: {
    status: 400,
    zh: '只有“给出处理方案”这一步需要填写处理方案',
    en: 'Only the resolve step takes a resolution',
  },
  WINDOW_NOT_APPLICABLE: {
    status: 400,
    zh: '只有返工需要上门时段',
    en: 'Only a rework has a visit window',
  },
})

/**
 * The steps a reader may take: a customer only confirms (in the portal); staff take every other step, and never
 * confirm for the customer (the portal would say the customer did).
 */
const stepsOf = (ctx: RequestContext, allowed: readonly ComplaintEvent[]): ComplaintEvent[] =>
  allowed.filter((e) => (ctx.actor.type === 'customer') === (e === 'confirm'))

/** Until the settings screen exists: hours to the first response. */
const FIRST_RESPONSE_HOURS = 2
const SERVED_ORDER_STATUSES = ['completed', 'reviewed']
const FINISHED_ORDER_STATUSES = [...SERVED_ORDER_STATUSES, 'cancelled']

const inProjects = (ids: readonly string[]): SQL =>
  ids.length
    ? sql`${complaint.projectId} in (${sql.join(
        ids.map((p) => sql`${p}::uuid`),
        sql`, `,
      )})`
    : sql`false`

/** How many of the customer's complaints not yet closed are about orders at an address (a rework goes there). */
export async function openComplaintsAt(tx: Executor, customerId: string, addressId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(complaint)
    .innerJoin(
      serviceOrder,
      and(eq(serviceOrder.tenantId, complaint.tenantId), eq(serviceOrder.id, complaint.orderId)),
    )
    .where(
      and(
        eq(complaint.customerId, customerId),
        eq(serviceOrder.addressId, addressId),
        ne(complaint.status, 'closed'),
      ),
    )
  return row?.n ?? 0
}

export function createAftersalesService({
  database,
  clock,
  orders,
  customers,
  workforce,
  files,
}: {
  database: Database
  clock: Clock
  files: FilesService
  orders: OrderService
  customers: CustomerService
  workforce: WorkforceService
}) {
  const visible = (ctx: RequestContext): SQL | undefined => {
    const scope = requirePermission(ctx.actor, 'complaints:manage')
    if (scope === 'tenant') return undefined
    if (scope === 'own')
      return ctx.actor.customerId ? eq(complaint.customerId, ctx.actor.customerId) : sql`false`
    return inProjects(ctx.actor.projectIds)
  }

  files.registerReader('complaint', async (tx, ctx, id) => {
    if (!can(ctx.actor, 'complaints:manage')) return false
    const [row] = await tx
      .select({ id: complaint.id })
      .from(complaint)
      .where(and(eq(complaint.id, id), visible(ctx)))
    return !!row
  })

  async function toDto(
    tx: Executor,
    ctx: RequestContext,
    rows: ComplaintRow[],
    withTimeline: boolean,
  ) {
    const now = clock.now()
    const timeline =
      withTimeline && rows.length === 1
        ? await tx
            .select()
            .from(complaintEvent)
            .where(eq(complaintEvent.complaintId, rows[0]!.id))
            .orderBy(asc(complaintEvent.at), asc(complaintEvent.id))
        : []
    // Names and masked phones for the whole page in two queries, not one per row.
    const people = await customers.summaries(tx, [...new Set(rows.map((r) => r.customerId))])
    const warranties = await orders.warrantiesOf(tx, [...new Set(rows.map((r) => r.orderId))])
    const workers = await workforce.names(tx, [
      ...new Set(rows.flatMap((r) => (r.workerId ? [r.workerId] : []))),
    ])
    return rows.map((r) => ({
      id: r.id,
      orderId: r.orderId,
      orderNo: r.orderNo,
      customerId: r.customerId,
      customerName: people.get(r.customerId)?.name ?? '',
      customerPhoneMasked: people.get(r.customerId)?.phoneMasked ?? '',
      workerId: r.workerId,
      workerName: r.workerId ? (workers.get(r.workerId) ?? null) : null,
      projectId: r.projectId,
      serviceItemId: r.serviceItemId,
      serviceName: r.serviceName,
      category: r.category,
      description: r.description,
      photos: files.links(ctx.actor, r.photos),
      status: r.status,
      withinWarranty: r.withinWarranty,
      warrantyUntil: warranties.get(r.orderId) ?? null,
      firstResponseDue: r.firstResponseDue.toISOString(),
      firstRespondedAt: r.firstRespondedAt?.toISOString() ?? null,
      overdue: !r.firstRespondedAt && r.firstResponseDue < now,
      resolution: r.resolution,
      allowedEvents: stepsOf(ctx, complaintEvents(r.status)),
      timeline: timeline.map((e) => ({
        at: e.at.toISOString(),
        event: e.event,
        to: e.toStatus,
        actorName: e.actorName,
        actor: e.actorType,
        note: e.note,
      })),
      createdAt: r.createdAt.toISOString(),
    }))
  }

  const record = (
    tx: Executor,
    ctx: RequestContext,
    row: ComplaintRow,
    event: string,
    at: Date,
    note?: string | null,
  ) =>
    tx.insert(complaintEvent).values({
      tenantId: row.tenantId,
      id: newId(),
      complaintId: row.id,
      at,
      event,
      toStatus: row.status,
      actorName: ctx.actor.name,
      actorType: timelineActor(ctx.actor),
      note: note ?? null,
    })

  /** A resolution as the audit and finance need it: its kind, and the amount a money request asks for. */
  const moneyOf = (resolution: ResolutionRecord | null) =>
    resolution && {
      kind: resolution.kind,
      ...(resolution.amountFen !== undefined ? { amountFen: resolution.amountFen } : {}),
      ...(resolution.reworkOrderId ? { reworkOrderId: resolution.reworkOrderId } : {}),
    }

  /**
   * What a resolution carries must fit its kind: a window only for a rework, an amount only (and always) for a
   * money request. The refunds of an order's complaints together give back at most what it charged; this
   * complaint's own earlier resolution is replaced, so it does not count.
   */
  async function checkResolution(
    tx: Executor,
    row: ComplaintRow,
    resolution: z.output<typeof Resolution>,
  ) {
    if (resolution.kind !== 'rework' && resolution.windowStart !== undefined)
      throw new AftersalesError('WINDOW_NOT_APPLICABLE', {}, [
        { field: 'body.resolution.windowStart', code: 'window_not_applicable' },
      ])
    const field = 'body.resolution.amountFen'
    if (!asksForMoney(resolution.kind)) {
      if (resolution.amountFen !== undefined)
        throw new AftersalesError('AMOUNT_NOT_APPLICABLE', {}, [
          { field, code: 'amount_not_applicable' },
        ])
      return
    }
    if (resolution.amountFen === undefined)
      throw new AftersalesError('AMOUNT_REQUIRED', {}, [{ field, code: 'amount_required' }])
    if (resolution.kind !== 'refund_request') return
    // Read here rather than through the orders service: resolving needs complaints:manage, not orders:read.
    const [charged] = await tx
      .select({ price: serviceOrder.price, feesFen: serviceOrder.feesFen })
      .from(serviceOrder)
      .where(eq(serviceOrder.id, row.orderId))
    const [earlier] = await tx
      .select({
        fen: sql<number>`coalesce(sum((${complaint.resolution}->>'amountFen')::bigint), 0)::bigint`.mapWith(
          Number,
        ),
      })
      .from(complaint)
      .where(
        and(
          eq(complaint.orderId, row.orderId),
          ne(complaint.id, row.id),
          sql`${complaint.resolution}->>'kind' = 'refund_request'`,
        ),
      )
    const ceiling = refundCeilingFen(
      { totalFen: charged!.price.totalFen, feesFen: charged!.feesFen },
      earlier?.fen ?? 0,
    )
    if (resolution.amountFen > ceiling)
      throw new AftersalesError('REFUND_TOO_LARGE', { maxYuan: (ceiling / 100).toFixed(2) }, [
        { field, code: 'refund_too_large' },
      ])
  }

  async function load(tx: Executor, ctx: RequestContext, id: string, lock = false) {
    const query = tx
      .select()
      .from(complaint)
      .where(and(eq(complaint.id, id), visible(ctx)))
    const [row] = lock ? await query.for('update') : await query
    if (!row) throw new CommonError('NOT_FOUND', { entity: 'complaint' })
    return row
  }

  return {
    /** Files a complaint on a completed order, from the customer or customer service, with a response deadline. */
    async create(ctx: RequestContext, orderId: string, input: z.output<typeof ComplaintRequest>) {
      requirePermission(ctx.actor, 'complaints:manage')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        // Locked so that two filings at once cannot both find no complaint in progress.
        const order = await orders.getIn(tx, ctx, orderId, { lock: true })
        if (!SERVED_ORDER_STATUSES.includes(order.status))
          throw new AftersalesError('ORDER_NOT_COMPLETED')
        const [inProgress] = await tx
          .select({ id: complaint.id })
          .from(complaint)
          .where(and(eq(complaint.orderId, orderId), ne(complaint.status, 'closed')))
          .limit(1)
        if (inProgress) throw new AftersalesError('COMPLAINT_OPEN', { complaintId: inProgress.id })
        const at = clock.now()
        const row: ComplaintRow = {
          tenantId: ctx.actor.tenantId,
          id: newId(),
          orderId,
          orderNo: order.orderNo,
          customerId: order.customerId,
          workerId: order.workerId,
          projectId: order.projectId,
          serviceItemId: order.serviceItemId,
          serviceName: order.serviceName,
          ...input,
          status: 'open',
          // Inside the warranty, rework is free by rule.
          withinWarranty: order.warrantyUntil !== null && at <= new Date(order.warrantyUntil),
          firstResponseDue: new Date(at.getTime() + FIRST_RESPONSE_HOURS * 3_600_000),
          firstRespondedAt: null,
          resolution: null,
          createdAt: at,
        }
        await tx.insert(complaint).values(row)
        await files.attach(tx, ctx, input.photos, {
          type: 'complaint',
          id: row.id,
          customerId: row.customerId,
        })
        await record(tx, ctx, row, 'file', at, input.description)
        await emit(
          tx,
          row.tenantId,
          'complaint.filed',
          {
            complaintId: row.id,
            orderId,
            orderNo: row.orderNo,
            customerId: row.customerId,
            projectId: row.projectId,
            category: row.category,
            status: row.status,
          },
          at,
        )
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'complaint.filed',
            entityType: 'complaint',
            entityId: row.id,
            diff: {
              category: { from: null, to: row.category },
              orderNo: { from: null, to: row.orderNo },
              photos: { from: null, to: input.photos },
            },
          },
          at,
        )
        return (await toDto(tx, ctx, [row], true))[0]!
      })
    },

    /** The complaints waiting on the office (and one project's, when asked): unresolved, and overdue. */
    async overview(ctx: RequestContext, q: { projectId?: string | undefined }) {
      return database.read(ctx.actor.tenantId, async (tx) => {
        const [counts] = await tx
          .select({
            unresolved: sql<number>`count(*)::int`,
            overdue: sql<number>`count(*) filter (where ${complaint.firstRespondedAt} is null
              and ${complaint.firstResponseDue} < ${clock.now()})::int`,
          })
          .from(complaint)
          .where(
            and(
              visible(ctx),
              inArray(complaint.status, ['open', 'in_progress']),
              q.projectId ? eq(complaint.projectId, q.projectId) : undefined,
            ),
          )
        return { unresolved: counts?.unresolved ?? 0, overdue: counts?.overdue ?? 0 }
      })
    },

    async list(
      ctx: RequestContext,
      f: {
        status?: ComplaintRow['status'] | undefined
        category?: ComplaintRow['category'] | undefined
        projectId?: string | undefined
        serviceItemId?: string | undefined
        orderId?: string | undefined
        orderNo?: string | undefined
        customerId?: string | undefined
        overdue?: boolean | undefined
        from?: string | undefined
        to?: string | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const where: Array<SQL | undefined> = [visible(ctx)]
      if (f.status) where.push(eq(complaint.status, f.status))
      if (f.category) where.push(eq(complaint.category, f.category))
      if (f.projectId) where.push(eq(complaint.projectId, f.projectId))
      if (f.serviceItemId) where.push(eq(complaint.serviceItemId, f.serviceItemId))
      if (f.orderId) where.push(eq(complaint.orderId, f.orderId))
      if (f.orderNo) where.push(eq(complaint.orderNo, f.orderNo.toUpperCase()))
      if (f.customerId) where.push(eq(complaint.customerId, f.customerId))
      if (f.overdue)
        where.push(
          and(isNull(complaint.firstRespondedAt), lt(complaint.firstResponseDue, clock.now())),
        )
      const before = idCursor(f.cursor)
      if (before) where.push(lt(complaint.id, before))
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        where.push(await withinTenantDays(tx, complaint.createdAt, f))
        const rows = await tx
          .select()
          .from(complaint)
          .where(and(...where))
          .orderBy(desc(complaint.id))
          .limit(f.limit + 1)
        const page = toPage(
          rows,
          f.limit,
          (r) => r,
          (r) => r.id,
        )
        return {
          items: (await toDto(tx, ctx, page.items, false)).map(({ timeline: _t, ...c }) => c),
          nextCursor: page.nextCursor,
        }
      })
    },

    async get(ctx: RequestContext, id: string) {
      return database.tenant(
        ctx.actor.tenantId,
        async (tx) => (await toDto(tx, ctx, [await load(tx, ctx, id)], true))[0]!,
      )
    },

    /** One step of the complaint; a rework resolution books a linked order, free inside the warranty. */
    async apply(ctx: RequestContext, id: string, input: z.output<typeof ComplaintEventRequest>) {
      if (ctx.actor.type === 'customer' && input.event !== 'confirm')
        throw new CommonError('FORBIDDEN', { permission: 'complaints:manage' })
      // The customer's word that it is put right; the office closes after its follow-up instead.
      if (ctx.actor.type !== 'customer' && input.event === 'confirm')
        throw new AftersalesError('CONFIRMED_BY_CUSTOMER', {}, [
          { field: 'body.event', code: 'customers_step' },
        ])
      if (input.resolution && input.event !== 'resolve')
        throw new AftersalesError('RESOLUTION_NOT_APPLICABLE', {}, [
          { field: 'body.resolution', code: 'resolution_not_applicable' },
        ])
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const row = await load(tx, ctx, id, true)
        const step = complaintStep(row.status, input.event)
        if (!step.ok)
          throw new AftersalesError('INVALID_TRANSITION', {
            event: input.event,
            complaintStatus: row.status,
            statusZh: COMPLAINT_STATUS_WORDS['zh-CN'][row.status],
            statusEn: COMPLAINT_STATUS_WORDS.en[row.status],
            eventZh: EVENT_WORDS[input.event].zh,
            eventEn: EVENT_WORDS[input.event].en,
            allowed: stepsOf(ctx, step.allowed),
          })
        const at = clock.now()
        const next: ComplaintRow = { ...row, status: step.status }
        if (input.event === 'respond' && !row.firstRespondedAt) next.firstRespondedAt = at
        if (input.event === 'resolve') {
          const resolution = input.resolution
          if (!resolution)
            throw new AftersalesError('RESOLUTION_REQUIRED', {}, [
              { field: 'body.resolution', code: 'resolution_required' },
            ])
          // Resolved again after a reopen: a rework booked the first time must not be left behind, live and
          // unlinked (or doubled by a second one); staff cancel or finish it first.
          const earlier = row.resolution?.reworkOrderId
          const [earlierOrder] = earlier ? await orders.numbersOf(tx, [earlier]) : []
          if (earlierOrder && !FINISHED_ORDER_STATUSES.includes(earlierOrder.status))
            throw new AftersalesError('REWORK_STILL_OPEN', { orderNo: earlierOrder.orderNo }, [
              { field: 'body.resolution', code: 'rework_still_open' },
            ])
          await checkResolution(tx, row, resolution)
          let reworkOrderId: string | null = null
          if (resolution.kind === 'rework') {
            if (!resolution.windowStart)
              throw new AftersalesError('REWORK_WINDOW_REQUIRED', {}, [
                { field: 'body.resolution.windowStart', code: 'window_required' },
              ])
            const original = await orders.getIn(tx, ctx, row.orderId)
            const rework = await renamingFields(
              {
                'body.windowStart': 'body.resolution.windowStart',
                'body.addressId': 'body.resolution',
                'body.serviceItemId': 'body.resolution',
              },
              () =>
                orders.createIn(
                  tx,
                  ctx,
                  {
                    customerId: original.customerId,
                    addressId: original.addressId,
                    serviceItemId: original.serviceItemId,
                    quantityMilli: original.quantityMilli,
                    addons: [],
                    windowStart: resolution.windowStart,
                    asap: false,
                    channel: 'phone',
                    payOnSite: true,
                    discountFen: 0,
                    // In the words of whoever resolved it, as if they had typed it: one language, not both.
                    notes:
                      ctx.locale === 'en'
                        ? `Rework for the complaint on ${row.orderNo}`
                        : `返工：投诉 ${row.orderNo}`,
                  },
                  undefined,
                  // Inside the warranty rework is free by rule; it takes as long as the visit it redoes.
                  {
                    owed: true,
                    free: row.withinWarranty,
                    lengthMinutes: original.durationMinutes,
                  },
                ),
            )
            reworkOrderId = rework.id
          }
          next.resolution = { ...resolution, reworkOrderId }
        }
        await tx
          .update(complaint)
          .set({
            status: next.status,
            firstRespondedAt: next.firstRespondedAt,
            resolution: next.resolution,
          })
          .where(eq(complaint.id, id))
        await record(tx, ctx, next, input.event, at, input.note ?? input.resolution?.note)
        await emit(
          tx,
          row.tenantId,
          `complaint.${input.event}`,
          {
            complaintId: id,
            orderId: row.orderId,
            orderNo: row.orderNo,
            customerId: row.customerId,
            projectId: row.projectId,
            status: next.status,
            // What finance acts on: the kind and, for a refund or coupon, how much.
            ...(input.event === 'resolve' ? { resolution: moneyOf(next.resolution) } : {}),
          },
          at,
        )
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: `complaint.${input.event}`,
            entityType: 'complaint',
            entityId: id,
            diff: {
              status: { from: row.status, to: next.status },
              // A resolution given again after a reopen replaces the earlier one: the audit keeps both.
              ...(input.event === 'resolve'
                ? {
                    resolution: {
                      from: moneyOf(row.resolution),
                      to: moneyOf(next.resolution),
                    },
                  }
                : {}),
            },
          },
          at,
        )
        return (await toDto(tx, ctx, [next], true))[0]!
      })
    },

    /** How many complaints of each reason, per project and service, filed between two dates (tenant time). */
    async report(ctx: RequestContext, from: string, to: string, projectId?: string) {
      requirePermission(ctx.actor, 'reports:read')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const zone = await tenantTimeZone(tx)
        const start = new Date(localDayStart(from, zone))
        const end = new Date(localDayEnd(to, zone))
        const rows = await tx
          .select({
            category: complaint.category,
            projectId: complaint.projectId,
            serviceItemId: complaint.serviceItemId,
            serviceName: sql<string>`max(${complaint.serviceName})`,
            count: sql<number>`count(*)::int`,
          })
          .from(complaint)
          .where(
            and(
              gte(complaint.createdAt, start),
              lt(complaint.createdAt, end),
              projectId ? eq(complaint.projectId, projectId) : undefined,
              ctx.actor.permissions.get('reports:read') === 'tenant'
                ? undefined
                : inProjects(ctx.actor.projectIds),
            ),
          )
          .groupBy(complaint.category, complaint.projectId, complaint.serviceItemId)
          .orderBy(desc(sql`count(*)`))
        return { rows }
      })
    },
  }
}

export type AftersalesService = ReturnType<typeof createAftersalesService>
