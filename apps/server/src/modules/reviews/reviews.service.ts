import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { ReviewRequest } from '@doorstep/contracts'
import type { Actor } from '../../platform/auth/actor.ts'
import { can, requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { emit } from '../../platform/outbox/outbox.ts'
import type { FilesService } from '../files/index.ts'
import type { OrderService } from '../orders/index.ts'
import type { WorkforceService } from '../workforce/index.ts'
import { serviceOrder } from '../orders/orders.tables.ts'
import { withinTenantDays } from '../tenancy/index.ts'
import { review } from './reviews.tables.ts'

type ReviewRow = typeof review.$inferSelect

/** A review for this reader: photos as links they can open; hidden words and photos for moderators only. */
const toReviewDto = (files: FilesService, reader: Actor, r: ReviewRow, moderator = false) => ({
  id: r.id,
  orderId: r.orderId,
  orderNo: r.orderNo,
  customerId: r.customerId,
  workerId: r.workerId,
  overall: r.overall,
  punctuality: r.punctuality,
  quality: r.quality,
  attitude: r.attitude,
  text: r.hidden && !moderator ? '' : r.text,
  photos: r.hidden && !moderator ? [] : files.links(reader, r.photos),
  hidden: r.hidden,
  reply: r.reply,
  repliedAt: r.repliedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
})

export function createReviewService({
  database,
  clock,
  orders,
  workforce,
  files,
}: {
  database: Database
  clock: Clock
  orders: OrderService
  workforce: WorkforceService
  files: FilesService
}) {
  /**
   * Staff see reviews of the orders they may read, and reply to and hide those they handle complaints for
   * (`complaints:manage`): in their projects, or with "own" scope those of the jobs they did themselves.
   */
  const visible = (
    ctx: RequestContext,
    permission: 'orders:read' | 'complaints:manage' = 'orders:read',
  ): SQL | undefined => {
    const scope = requirePermission(ctx.actor, permission)
    if (scope === 'tenant') return undefined
    if (scope === 'own')
      return sql`exists (select 1 from worker w where w.tenant_id = ${review.tenantId}
        and w.id = ${review.workerId} and w.user_id = ${ctx.actor.userId ?? null}::uuid)`
    return ctx.actor.projectIds.length
      ? sql`exists (select 1 from service_order o where o.tenant_id = ${review.tenantId} and o.id = ${review.orderId}
          and o.project_id in (${sql.join(
            ctx.actor.projectIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )}))`
      : sql`false`
  }

  /** Staff rows with the order's service and project and the worker's name, in two queries a page. */
  async function staffView(tx: Executor, ctx: RequestContext, rows: ReviewRow[]) {
    const orderIds = rows.map((r) => r.orderId)
    const orders = orderIds.length
      ? await tx
          .select({
            id: serviceOrder.id,
            serviceName: serviceOrder.serviceName,
            projectId: serviceOrder.projectId,
          })
          .from(serviceOrder)
          .where(inArray(serviceOrder.id, orderIds))
      : []
    const byOrder = new Map(orders.map((o) => [o.id, o]))
    const names = await workforce.names(tx, [
      ...new Set(rows.flatMap((r) => (r.workerId ? [r.workerId] : []))),
    ])
    const moderates = await moderatedOf(tx, ctx, rows)
    return rows.map((r) => ({
      ...toReviewDto(files, ctx.actor, r, moderates(r.id)),
      workerName: r.workerId ? (names.get(r.workerId) ?? null) : null,
      serviceName: byOrder.get(r.orderId)?.serviceName ?? '',
      projectId: byOrder.get(r.orderId)?.projectId ?? '',
    }))
  }

  /** Which of these reviews the actor moderates: only there do they see the words and photos that were hidden. */
  async function moderatedOf(tx: Executor, ctx: RequestContext, rows: ReviewRow[]) {
    if (!can(ctx.actor, 'complaints:manage')) return () => false
    const reach = visible(ctx, 'complaints:manage')
    const hidden = rows.filter((r) => r.hidden).map((r) => r.id)
    if (!reach || hidden.length === 0) return () => true
    const found = await tx
      .select({ id: review.id })
      .from(review)
      .where(and(inArray(review.id, hidden), reach))
    const ids = new Set(found.map((r) => r.id))
    return (id: string) => ids.has(id)
  }

  /** A review to reply to or hide: one the actor both sees and handles complaints for. */
  async function loadForStaff(tx: Executor, ctx: RequestContext, id: string) {
    const [row] = await tx
      .select()
      .from(review)
      .where(and(eq(review.id, id), visible(ctx), visible(ctx, 'complaints:manage')))
      .for('update')
    if (!row) throw new CommonError('NOT_FOUND', { entity: 'review' })
    return row
  }

  files.registerReader('review', async (tx, ctx, id) => {
    const { actor } = ctx
    if (actor.type === 'customer') {
      if (!actor.customerId) return false
      const [own] = await tx
        .select({ id: review.id })
        .from(review)
        .where(and(eq(review.id, id), eq(review.customerId, actor.customerId)))
      return !!own
    }
    if (!can(actor, 'orders:read')) return false
    const [row] = await tx
      .select()
      .from(review)
      .where(and(eq(review.id, id), visible(ctx)))
    return !!row && (!row.hidden || (await moderatedOf(tx, ctx, [row]))(row.id))
  })

  return {
    /** The customer reviews a completed order: the order becomes reviewed and the worker's rating moves. */
    async create(ctx: RequestContext, orderId: string, input: z.output<typeof ReviewRequest>) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const order = await orders.applyIn(tx, ctx, orderId, { event: 'review' }, undefined)
        const at = clock.now()
        const row: ReviewRow = {
          tenantId: ctx.actor.tenantId,
          id: newId(),
          orderId,
          orderNo: order.orderNo,
          customerId: order.customerId,
          workerId: order.workerId,
          ...input,
          hidden: false,
          reply: null,
          repliedAt: null,
          createdAt: at,
        }
        await tx.insert(review).values(row)
        await files.attach(tx, ctx, input.photos, {
          type: 'review',
          id: row.id,
          customerId: row.customerId,
        })
        if (row.workerId) await workforce.addRating(tx, row.workerId, input.overall)
        await emit(
          tx,
          row.tenantId,
          'review.created',
          { reviewId: row.id, orderId, overall: input.overall },
          at,
        )
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'review.created',
            entityType: 'review',
            entityId: row.id,
            diff: {
              overall: { from: null, to: input.overall },
              photos: { from: null, to: input.photos },
            },
          },
          at,
        )
        return toReviewDto(files, ctx.actor, row)
      })
    },

    /** The review of one order, for whoever may read the order (a customer: their own). */
    async ofOrder(ctx: RequestContext, orderId: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        await orders.getIn(tx, ctx, orderId)
        const [row] = await tx.select().from(review).where(eq(review.orderId, orderId))
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'review' })
        return toReviewDto(files, ctx.actor, row)
      })
    },

    async list(
      ctx: RequestContext,
      f: {
        workerId?: string | undefined
        projectId?: string | undefined
        maxOverall?: number | undefined
        hidden?: boolean | undefined
        replied?: boolean | undefined
        from?: string | undefined
        to?: string | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const where: Array<SQL | undefined> = [visible(ctx)]
      if (f.workerId) where.push(eq(review.workerId, f.workerId))
      if (f.projectId)
        where.push(
          sql`exists (select 1 from service_order o where o.tenant_id = ${review.tenantId}
            and o.id = ${review.orderId} and o.project_id = ${f.projectId}::uuid)`,
        )
      if (f.maxOverall) where.push(lte(review.overall, f.maxOverall))
      if (f.hidden !== undefined) where.push(eq(review.hidden, f.hidden))
      if (f.replied !== undefined)
        where.push(f.replied ? isNotNull(review.reply) : isNull(review.reply))
      const before = idCursor(f.cursor)
      if (before) where.push(lt(review.id, before))
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        where.push(await withinTenantDays(tx, review.createdAt, f))
        const rows = await tx
          .select()
          .from(review)
          .where(and(...where))
          .orderBy(desc(review.id))
          .limit(f.limit + 1)
        const page = toPage(
          rows,
          f.limit,
          (r) => r,
          (r) => r.id,
        )
        return { items: await staffView(tx, ctx, page.items), nextCursor: page.nextCursor }
      })
    },

    async reply(ctx: RequestContext, id: string, text: string) {
      requirePermission(ctx.actor, 'complaints:manage')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const row = await loadForStaff(tx, ctx, id)
        const at = clock.now()
        await tx.update(review).set({ reply: text, repliedAt: at }).where(eq(review.id, id))
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'review.replied',
            entityType: 'review',
            entityId: id,
            diff: { reply: { from: row.reply, to: text } },
          },
          at,
        )
        return (await staffView(tx, ctx, [{ ...row, reply: text, repliedAt: at }]))[0]!
      })
    },

    /** Hides abusive text (the scores still count); the reason is kept in the audit log. */
    async moderate(ctx: RequestContext, id: string, hidden: boolean, reason: string) {
      requirePermission(ctx.actor, 'complaints:manage')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const row = await loadForStaff(tx, ctx, id)
        await tx.update(review).set({ hidden }).where(eq(review.id, id))
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: hidden ? 'review.hidden' : 'review.shown',
            entityType: 'review',
            entityId: id,
            diff: { hidden: { from: row.hidden, to: hidden }, reason: { from: null, to: reason } },
          },
          clock.now(),
        )
        return (await staffView(tx, ctx, [{ ...row, hidden }]))[0]!
      })
    },
  }
}

export type ReviewService = ReturnType<typeof createReviewService>
