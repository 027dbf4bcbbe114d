import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { DeliveryQuery, NotificationPreferences as PreferencesBody } from '@doorstep/contracts'
import type { NoticeFacts, NotificationChannel, NotificationPreferences } from '@doorstep/domain'
import {
  DEFAULT_PREFERENCES,
  channelsFor,
  renderNotice,
  retryDelayMs,
  templatesFor,
} from '@doorstep/domain'
import { requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { announce } from '../../platform/outbox/outbox.ts'
import { outboxEvent } from '../../platform/outbox/outbox.tables.ts'
import type { SmsProvider } from '../../platform/sms/sms.ts'
import type { WechatClient } from '../../platform/wechat/wechat.ts'
import type { CustomerService } from '../customers/index.ts'
import { allTenantIds, tenantTimeZone, withinTenantDays } from '../tenancy/index.ts'
import { notification, notificationPreference } from './notifications.tables.ts'
import type { WechatBindingService } from './wechat-binding.service.ts'
import { NotificationError } from './notifications.errors.ts'

type NotificationRow = typeof notification.$inferSelect

type Outcome = 'sent' | { skipped: string }

/**
 * One channel in two steps: `prepare` reads what the send needs (the phone, the openid) in a short
 * transaction and answers a final skip (nothing to send to) or the `send` itself, which then runs with no
 * transaction open: a provider may take seconds. A skip is final, an error (either step) is retried.
 */
export type ChannelSender = (
  row: NotificationRow,
  tx: Executor,
) => Promise<{ skipped: string } | { send: () => Promise<Outcome> }>

interface Deps {
  database: Database
  clock: Clock
  log: Pick<Logger, 'warn' | 'error'>
  customers: CustomerService
  sms: SmsProvider
  /** Null when no mini program is configured: WeChat notices are skipped, saying so. */
  wechat: WechatClient | null
  bindings: WechatBindingService
}

// Per tick and tenant: the relay's batch, and how many deliveries one claim takes.
const RELAY_BATCH = 200
const DELIVERY_BATCH = 50
/** A claimed delivery that neither succeeded nor failed (the process died) is due again after this. */
const LEASE_MS = 120_000
/**
 * A send starts only while this much of its lease is left (above the providers' 10 s timeouts and WeChat's
 * token renewal), so a send never outlives its lease and another relay never takes it while it is under way.
 * Whatever a slow batch leaves unsent is taken again when the lease ends.
 */
const SEND_BUDGET_MS = 45_000

const factsOf = (payload: Record<string, unknown>): NoticeFacts => {
  const str = (k: string) => (typeof payload[k] === 'string' ? payload[k] : undefined)
  return {
    orderNo: str('orderNo'),
    serviceName: str('serviceName'),
    windowStart: str('windowStart'),
    status: str('status'),
    depositDue: typeof payload.depositFen === 'number' && payload.depositFen > 0,
    rrule: str('rrule'),
    startDate: str('startDate'),
  }
}

const idOf = (payload: Record<string, unknown>, key: string) =>
  typeof payload[key] === 'string' ? payload[key] : null

export function createNotificationService({
  database,
  clock,
  log,
  customers,
  sms,
  wechat,
  bindings,
}: Deps) {
  const senders: Record<NotificationChannel, ChannelSender> = {
    // The inbox row is the in-app notice: stored is delivered (never claimed; here for completeness).
    in_app: () => Promise.resolve({ send: () => Promise.resolve('sent' as const) }),
    async sms(row, tx) {
      const phone = await customers.phoneForMessage(tx, row.customerId)
      if (!phone) return { skipped: 'customer has no phone' }
      const { title, body } = renderNotice(row.template, row.facts, 'zh-CN')
      const notice = {
        template: row.template,
        text: `【${title}】${body}`,
        params: Object.fromEntries(
          Object.entries(row.facts).filter((e): e is [string, string] => typeof e[1] === 'string'),
        ),
      }
      return { send: () => sms.sendNotice(phone, notice) }
    },
    async wechat(row, tx) {
      if (!wechat) return { skipped: 'WeChat notices are not configured (DOORSTEP_WECHAT_APP_ID)' }
      const openid = await bindings.openidFor(tx, row.customerId)
      if (!openid) return { skipped: 'customer has not bound WeChat' }
      const timeZone = await tenantTimeZone(tx)
      const { title, body } = renderNotice(row.template, row.facts, 'zh-CN', timeZone)
      const notice = {
        template: row.template,
        fields: {
          title,
          body,
          orderNo: row.facts.orderNo,
          serviceName: row.facts.serviceName,
          windowStart: row.facts.windowStart,
        },
        path: row.complaintId
          ? `/complaints/${row.complaintId}`
          : row.orderId
            ? `/orders/${row.orderId}`
            : '/notices',
        timeZone,
      }
      return { send: () => wechat.sendNotice(openid, notice) }
    },
  }

  async function preferencesOf(tx: Executor, customerId: string): Promise<NotificationPreferences> {
    const [row] = await tx
      .select()
      .from(notificationPreference)
      .where(eq(notificationPreference.customerId, customerId))
    return row ? { sms: row.sms, wechat: row.wechat, muted: row.muted } : DEFAULT_PREFERENCES
  }

  /** Turns unpublished events of one tenant into notices, in the same transaction as marking them. */
  async function relayTenant(tenantId: string): Promise<number> {
    return database.tenant(tenantId, async (tx) => {
      const events = await tx
        .select()
        .from(outboxEvent)
        .where(isNull(outboxEvent.publishedAt))
        .orderBy(asc(outboxEvent.createdAt), asc(outboxEvent.id))
        .limit(RELAY_BATCH)
        .for('update', { skipLocked: true })
      if (events.length === 0) return 0
      const now = clock.now()
      const rows: NotificationRow[] = []
      const prefs = new Map<string, NotificationPreferences>()
      for (const event of events) {
        const customerId = idOf(event.payload, 'customerId')
        const templates = templatesFor(event.type, event.payload)
        if (!customerId || templates.length === 0) continue
        if (!prefs.has(customerId)) prefs.set(customerId, await preferencesOf(tx, customerId))
        for (const template of templates)
          for (const channel of channelsFor(template, prefs.get(customerId)!)) {
            const inApp = channel === 'in_app'
            rows.push({
              tenantId,
              id: newId(),
              eventId: event.id,
              eventType: event.type,
              customerId,
              template,
              channel,
              facts: factsOf(event.payload),
              orderId: idOf(event.payload, 'orderId'),
              complaintId: idOf(event.payload, 'complaintId'),
              status: inApp ? 'sent' : 'pending',
              attempts: 0,
              nextAttemptAt: inApp ? null : now,
              lastError: null,
              sentAt: inApp ? now : null,
              readAt: null,
              createdAt: now,
            })
          }
      }
      if (rows.length) {
        const fresh = await tx
          .insert(notification)
          .values(rows)
          .onConflictDoNothing()
          .returning({ customerId: notification.customerId, channel: notification.channel })
        // The portal's unread badge moves when the notice exists, not when it next asks.
        for (const customerId of new Set(
          fresh.filter((n) => n.channel === 'in_app').map((n) => n.customerId),
        ))
          await announce(tx, tenantId, 'notice.created', { customerId }, now)
      }
      await tx
        .update(outboxEvent)
        .set({ publishedAt: now })
        .where(
          inArray(
            outboxEvent.id,
            events.map((e) => e.id),
          ),
        )
      return events.length
    })
  }

  /**
   * Sends what is due in three steps, none holding a transaction while a provider works:
   * 1. claim (one transaction, committed): take the due rows (SKIP LOCKED), count the attempt and lease them
   *    for LEASE_MS by moving `next_attempt_at` — a relay that dies mid-send leaves them due again then;
   * 2. per row, read the address in a short transaction, then call the provider with none open;
   * 3. record the outcome in a short transaction of its own (sent / retry with back-off / failed), fenced by
   *    the attempt count: if the lease ran out and another relay took the row, this relay's word is dropped.
   * At least once, never lost; twice only if a relay dies between a provider's answer and step 3.
   */
  async function deliverTenant(tenantId: string, signal?: AbortSignal): Promise<number> {
    const claimed = await database.tenant(tenantId, async (tx) => {
      const now = clock.now()
      const due = await tx
        .select({ id: notification.id })
        .from(notification)
        .where(and(eq(notification.status, 'pending'), lte(notification.nextAttemptAt, now)))
        .orderBy(asc(notification.nextAttemptAt))
        .limit(DELIVERY_BATCH)
        .for('update', { skipLocked: true })
      if (due.length === 0) return []
      return tx
        .update(notification)
        .set({
          attempts: sql`${notification.attempts} + 1`,
          nextAttemptAt: new Date(now.getTime() + LEASE_MS),
        })
        .where(
          inArray(
            notification.id,
            due.map((d) => d.id),
          ),
        )
        .returning()
    })
    let delivered = 0
    for (const [i, row] of claimed.entries()) {
      if (
        signal?.aborted ||
        row.nextAttemptAt!.getTime() - clock.now().getTime() < SEND_BUDGET_MS
      ) {
        // A slow batch, or a stopping process: give the rest back, untried, rather than send them late in
        // their lease or hold the shutdown through a batch of slow providers.
        await release(tenantId, claimed.slice(i))
        break
      }
      let outcome: Outcome | { error: string }
      try {
        const prepared = await database.tenant(tenantId, (tx) => senders[row.channel](row, tx))
        outcome = 'send' in prepared ? await prepared.send() : prepared
      } catch (error) {
        outcome = { error: error instanceof Error ? error.message : String(error) }
      }
      const now = clock.now()
      const set: Partial<NotificationRow> =
        outcome === 'sent'
          ? { status: 'sent', sentAt: now, nextAttemptAt: null, lastError: null }
          : 'skipped' in outcome
            ? { status: 'skipped', nextAttemptAt: null, lastError: outcome.skipped }
            : (() => {
                const delay = retryDelayMs(row.attempts)
                return delay === null
                  ? { status: 'failed' as const, nextAttemptAt: null, lastError: outcome.error }
                  : { nextAttemptAt: new Date(now.getTime() + delay), lastError: outcome.error }
              })()
      const recorded = await database.tenant(tenantId, (tx) =>
        tx
          .update(notification)
          .set(set)
          .where(
            and(
              eq(notification.id, row.id),
              eq(notification.status, 'pending'),
              eq(notification.attempts, row.attempts),
            ),
          )
          .returning({ id: notification.id }),
      )
      if (recorded.length === 0) {
        log.warn(
          { notificationId: row.id, channel: row.channel, attempt: row.attempts },
          'notification outcome dropped: its lease ran out and another relay took it',
        )
        continue
      }
      if (set.status === 'failed')
        log.error(
          { notificationId: row.id, channel: row.channel, err: set.lastError },
          'notification given up after the last attempt',
        )
      delivered++
    }
    return delivered
  }

  /** Hands claimed rows back untried: due at once, the attempt not counted (unless another relay took them). */
  async function release(tenantId: string, rows: readonly NotificationRow[]) {
    await database.tenant(tenantId, (tx) =>
      tx
        .update(notification)
        .set({ attempts: sql`${notification.attempts} - 1`, nextAttemptAt: clock.now() })
        .where(
          and(
            eq(notification.status, 'pending'),
            or(
              ...rows.map((r) =>
                and(eq(notification.id, r.id), eq(notification.attempts, r.attempts)),
              ),
            ),
          ),
        ),
    )
  }

  const ownCustomer = (ctx: RequestContext) => {
    const id = ctx.actor.customerId
    if (!id) throw new CommonError('FORBIDDEN', { permission: 'customer' })
    return id
  }

  const toNotice = (r: NotificationRow, locale: RequestContext['locale']) => ({
    id: r.id,
    template: r.template,
    ...renderNotice(r.template, r.facts, locale),
    orderId: r.orderId,
    complaintId: r.complaintId,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  })

  const inbox = (customerId: string) =>
    and(eq(notification.customerId, customerId), eq(notification.channel, 'in_app'))

  const settingsOf = async (tx: Executor, customerId: string) => {
    const prefs = await preferencesOf(tx, customerId)
    return {
      sms: prefs.sms,
      wechat: prefs.wechat,
      muted: [...prefs.muted],
      wechatBinding: await bindings.status(tx, customerId),
    }
  }

  return {
    /**
     * One pass: relay new events, then send what is due, for every tenant. Returns the work done. An aborted
     * `signal` (the process stopping) ends it between two tenants, and hands back the claimed sends not yet
     * made.
     */
    async runOnce(signal?: AbortSignal) {
      const tenants = await allTenantIds(database)
      let relayed = 0
      let delivered = 0
      for (const tenantId of tenants) {
        if (signal?.aborted) break
        relayed += await relayTenant(tenantId)
        delivered += await deliverTenant(tenantId, signal)
      }
      return { relayed, delivered }
    },

    async inbox(
      ctx: RequestContext,
      q: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
    ) {
      const customerId = ownCustomer(ctx)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const where: Array<SQL | undefined> = [inbox(customerId)]
        if (q.unread !== undefined)
          where.push(
            q.unread ? isNull(notification.readAt) : sql`${notification.readAt} is not null`,
          )
        const before = idCursor(q.cursor)
        if (before) where.push(lt(notification.id, before))
        const rows = await tx
          .select()
          .from(notification)
          .where(and(...where))
          .orderBy(desc(notification.id))
          .limit(q.limit + 1)
        const [unread] = await tx
          .select({ n: count() })
          .from(notification)
          .where(and(inbox(customerId), isNull(notification.readAt)))
        return {
          ...toPage(
            rows,
            q.limit,
            (r) => toNotice(r, ctx.locale),
            (r) => r.id,
          ),
          unread: unread?.n ?? 0,
        }
      })
    },

    async markRead(ctx: RequestContext, id: string) {
      const customerId = ownCustomer(ctx)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const [row] = await tx
          .update(notification)
          .set({ readAt: sql`coalesce(${notification.readAt}, ${clock.now()})` })
          .where(and(eq(notification.id, id), inbox(customerId)))
          .returning()
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'notification' })
        return toNotice(row, ctx.locale)
      })
    },

    /**
     * Marks read the unread notices up to `upTo`, the newest the customer has seen (ids are UUIDv7: they
     * sort as they were made), so a notice relayed after the page loaded stays unread. No `upTo`: all.
     */
    async markAllRead(ctx: RequestContext, upTo?: string) {
      const customerId = ownCustomer(ctx)
      const read = await database.tenant(ctx.actor.tenantId, (tx) =>
        tx
          .update(notification)
          .set({ readAt: clock.now() })
          .where(
            and(
              inbox(customerId),
              isNull(notification.readAt),
              upTo === undefined ? undefined : lte(notification.id, upTo),
            ),
          )
          .returning({ id: notification.id }),
      )
      return { count: read.length }
    },

    async preferences(ctx: RequestContext) {
      const customerId = ownCustomer(ctx)
      return database.tenant(ctx.actor.tenantId, (tx) => settingsOf(tx, customerId))
    },

    async bindWechat(ctx: RequestContext, code: string) {
      const customerId = ownCustomer(ctx)
      await bindings.bind(ctx, customerId, code)
      return database.tenant(ctx.actor.tenantId, (tx) => settingsOf(tx, customerId))
    },

    async unbindWechat(ctx: RequestContext) {
      const customerId = ownCustomer(ctx)
      await bindings.unbind(ctx, customerId)
      return database.tenant(ctx.actor.tenantId, (tx) => settingsOf(tx, customerId))
    },

    async setPreferences(ctx: RequestContext, input: z.output<typeof PreferencesBody>) {
      const customerId = ownCustomer(ctx)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const before = await preferencesOf(tx, customerId)
        // Turned on, WeChat notices need a bound WeChat to go to: otherwise every notice is skipped unseen.
        if (input.wechat && !before.wechat) {
          const binding = await bindings.heldStatus(tx, customerId)
          const field = (code: string) => [{ field: 'body.wechat', code }]
          if (!binding.available)
            throw new NotificationError('WECHAT_NOT_AVAILABLE', {}, field('wechat_not_available'))
          if (!binding.bound)
            throw new NotificationError('WECHAT_NOT_BOUND', {}, field('wechat_not_bound'))
        }
        const next = { sms: input.sms, wechat: input.wechat, muted: [...new Set(input.muted)] }
        const at = clock.now()
        await tx
          .insert(notificationPreference)
          .values({ tenantId: ctx.actor.tenantId, customerId, ...next, updatedAt: at })
          .onConflictDoUpdate({
            target: [notificationPreference.tenantId, notificationPreference.customerId],
            set: { ...next, updatedAt: at },
          })
        const diff = auditDiff(before, next)
        if (Object.keys(diff).length)
          await appendAudit(
            tx,
            auditActorOf(ctx),
            {
              action: 'notification.preferences_changed',
              entityType: 'customer',
              entityId: customerId,
              diff,
            },
            at,
          )
        return settingsOf(tx, customerId)
      })
    },

    /** Operations' view of every delivery: what was sent, what keeps failing, what was skipped. */
    async deliveries(ctx: RequestContext, q: z.output<typeof DeliveryQuery>) {
      requirePermission(ctx.actor, 'audit:read')
      const where: Array<SQL | undefined> = []
      if (q.status) where.push(eq(notification.status, q.status))
      if (q.channel) where.push(eq(notification.channel, q.channel))
      if (q.customerId) where.push(eq(notification.customerId, q.customerId))
      const before = idCursor(q.cursor)
      if (before) where.push(lt(notification.id, before))
      const { rows, names } = await database.tenant(ctx.actor.tenantId, async (tx) => {
        where.push(await withinTenantDays(tx, notification.createdAt, q))
        const rows = await tx
          .select()
          .from(notification)
          .where(and(...where))
          .orderBy(desc(notification.id))
          .limit(q.limit + 1)
        return {
          rows,
          names: await customers.summaries(tx, [...new Set(rows.map((r) => r.customerId))]),
        }
      })
      return toPage(
        rows,
        q.limit,
        (r) => ({
          id: r.id,
          eventType: r.eventType,
          template: r.template,
          channel: r.channel,
          customerId: r.customerId,
          customerName: names.get(r.customerId)?.name ?? '',
          status: r.status,
          attempts: r.attempts,
          nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
          lastError: r.lastError,
          sentAt: r.sentAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
        }),
        (r) => r.id,
      )
    },
  }
}

export type NotificationService = ReturnType<typeof createNotificationService>
