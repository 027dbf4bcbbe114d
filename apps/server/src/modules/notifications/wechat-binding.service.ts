import { eq } from 'drizzle-orm'
import { DEFAULT_PREFERENCES } from '@doorstep/domain'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { newId } from '../../platform/ids.ts'
import type { WechatClient } from '../../platform/wechat/wechat.ts'
import { WechatError } from '../../platform/wechat/wechat.ts'
import { NotificationError } from './notifications.errors.ts'
import { notificationPreference, wechatBinding } from './notifications.tables.ts'

interface Deps {
  database: Database
  keyring: Keyring
  clock: Clock
  /** Null when no mini program is configured: nothing can be bound, nothing is sent. */
  wechat: WechatClient | null
}

/** WeChat's answers that mean the code, not WeChat, is at fault: invalid, used, or a blocked high-risk user. */
const CODE_REFUSED = new Set([40029, 40163, 40226])

const cell = (tenantId: string, rowId: string) => ({
  tenantId,
  table: 'wechat_binding',
  column: 'openid_enc',
  rowId,
})

/** A customer's WeChat openid: bound from the mini program, encrypted at rest, read only to send. */
/**
 * Binding reads the customer's row, then inserts or updates it: two at once (a double tap, two devices) would
 * both insert, or an unbind in between would leave the update with nothing to change while the audit says
 * bound. Holding the customer's binding for the transaction makes them take turns.
 */
const holdBinding = (tx: Executor, customerId: string) =>
  holdUntilCommit(tx, `wechat-binding|${customerId}`)

export function createWechatBindingService({ database, keyring, clock, wechat }: Deps) {
  async function rowOf(tx: Executor, customerId: string) {
    const [row] = await tx
      .select()
      .from(wechatBinding)
      .where(eq(wechatBinding.customerId, customerId))
    return row ?? null
  }

  const statusOf = (row: typeof wechatBinding.$inferSelect | null) => ({
    available: wechat !== null,
    bound: row !== null && row.appId === wechat?.appId,
    boundAt: row && row.appId === wechat?.appId ? row.boundAt.toISOString() : null,
  })

  /** Turns the WeChat channel on with a binding and off without one; returns the audit diff of that. */
  async function setWechatPreference(
    tx: Executor,
    tenantId: string,
    customerId: string,
    on: boolean,
  ) {
    const [before] = await tx
      .select({ wechat: notificationPreference.wechat })
      .from(notificationPreference)
      .where(eq(notificationPreference.customerId, customerId))
    const was = before?.wechat ?? DEFAULT_PREFERENCES.wechat
    if (was === on) return {}
    const at = clock.now()
    await tx
      .insert(notificationPreference)
      .values({
        tenantId,
        customerId,
        sms: DEFAULT_PREFERENCES.sms,
        wechat: on,
        muted: [...DEFAULT_PREFERENCES.muted],
        updatedAt: at,
      })
      .onConflictDoUpdate({
        target: [notificationPreference.tenantId, notificationPreference.customerId],
        set: { wechat: on, updatedAt: at },
      })
    return { wechat: { from: was, to: on } }
  }

  return {
    async status(tx: Executor, customerId: string) {
      return statusOf(await rowOf(tx, customerId))
    },

    /** The binding as it stays until the caller commits: an unbind waits rather than slip in between. */
    async heldStatus(tx: Executor, customerId: string) {
      await holdBinding(tx, customerId)
      return statusOf(await rowOf(tx, customerId))
    },

    /**
     * The openid to send to, for trusted server work (a notice the customer turned on): not a person
     * looking, so not audited as a reveal. Null when unbound or bound in another mini program.
     */
    async openidFor(tx: Executor, customerId: string) {
      const row = await rowOf(tx, customerId)
      if (!row || row.appId !== wechat?.appId) return null
      return keyring.decrypt(row.openidEnc, cell(row.tenantId, row.id))
    },

    /** Resolves the mini program's login code to the openid (outside any transaction), then stores it. */
    async bind(ctx: RequestContext, customerId: string, code: string) {
      if (!wechat) throw new NotificationError('WECHAT_NOT_AVAILABLE')
      let openid: string
      try {
        openid = (await wechat.codeToSession(code)).openid
      } catch (error) {
        if (error instanceof WechatError && CODE_REFUSED.has(error.errcode))
          throw new NotificationError('WECHAT_CODE_INVALID', { errcode: error.errcode }, [
            { field: 'body.code', code: 'wechat_code_invalid' },
          ])
        throw new NotificationError('WECHAT_UNAVAILABLE', {
          errcode: error instanceof WechatError ? error.errcode : null,
        })
      }
      const tenantId = ctx.actor.tenantId
      return database.tenant(tenantId, async (tx) => {
        await holdBinding(tx, customerId)
        const before = await rowOf(tx, customerId)
        const at = clock.now()
        const id = before?.id ?? newId()
        const values = {
          appId: wechat.appId,
          openidEnc: keyring.encrypt(openid, cell(tenantId, id)),
          boundAt: at,
        }
        if (before) await tx.update(wechatBinding).set(values).where(eq(wechatBinding.id, id))
        else await tx.insert(wechatBinding).values({ tenantId, id, customerId, ...values })
        const preference = await setWechatPreference(tx, tenantId, customerId, true)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'notification.wechat_bound',
            entityType: 'customer',
            entityId: customerId,
            diff: {
              openid: { from: before ? '[redacted]' : null, to: '[redacted]' },
              appId: { from: before?.appId ?? null, to: wechat.appId },
              ...preference,
            },
          },
          at,
        )
        return statusOf(await rowOf(tx, customerId))
      })
    },

    /** Forgets the openid (data minimization: nothing is kept once the customer says no). */
    async unbind(ctx: RequestContext, customerId: string) {
      const tenantId = ctx.actor.tenantId
      return database.tenant(tenantId, async (tx) => {
        await holdBinding(tx, customerId)
        const [gone] = await tx
          .delete(wechatBinding)
          .where(eq(wechatBinding.customerId, customerId))
          .returning({ appId: wechatBinding.appId })
        if (gone) {
          const preference = await setWechatPreference(tx, tenantId, customerId, false)
          await appendAudit(
            tx,
            auditActorOf(ctx),
            {
              action: 'notification.wechat_unbound',
              entityType: 'customer',
              entityId: customerId,
              diff: {
                openid: { from: '[redacted]', to: null },
                appId: { from: gone.appId, to: null },
                ...preference,
              },
            },
            clock.now(),
          )
        }
        return statusOf(null)
      })
    },
  }
}

export type WechatBindingService = ReturnType<typeof createWechatBindingService>
