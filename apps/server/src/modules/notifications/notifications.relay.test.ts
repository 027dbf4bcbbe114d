import fs from 'node:fs'
import path from 'node:path'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '@doorstep/domain'
import { systemContext } from '../../platform/auth/system-context.ts'
import { fixedClock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import type { SmsProvider } from '../../platform/sms/sms.ts'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import {
  createTestEnv,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'
import { notification } from './notifications.tables.ts'

/** The relay's delivery step: providers are called with no transaction open, and a claim is a lease. */

const LEASE_MS = 120_000
const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let original: SmsProvider['sendNotice']

const relay = () => env.core.notifications.service.runOnce()

/** Fails instead of hanging when something still holds the database. */
const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref(),
    ),
  ])

const gate = () => {
  let open!: () => void
  let fail!: (error: Error) => void
  const closed = new Promise<void>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  return { closed, open, fail }
}

const smsOf = async (orderId: string) => {
  const [row] = await env.core.database.tenant(t.tenantId, (tx) =>
    tx
      .select()
      .from(notification)
      .where(and(eq(notification.orderId, orderId), eq(notification.channel, 'sms'))),
  )
  return row!
}

const book = async (hour: number, date = tomorrow()) =>
  (
    await env.core.orders.service.create(systemContext(t.tenantId), {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      addons: [],
      windowStart: `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`,
      asap: false,
      channel: 'phone',
      payOnSite: true,
      discountFen: 0,
      notes: '',
    })
  ).id

const textsTo = (orderNo: string) =>
  fs
    .readFileSync(path.join(env.dataDir, 'dev-notices.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes(orderNo)).length

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t, { workers: 3 })
  original = env.core.sms.sendNotice.bind(env.core.sms)
})
afterEach(() => {
  env.core.sms.sendNotice = original
})
afterAll(() => env.close())

describe('notification delivery', () => {
  it('should call a slow provider with no transaction open, while the same rows stay writable', async () => {
    const database = env.core.database
    const tenantTx = database.tenant.bind(database)
    let open = 0
    database.tenant = (async (tenantId: string, fn: (tx: never) => Promise<unknown>) =>
      tenantTx(tenantId, async (tx) => {
        open++
        try {
          return await fn(tx as never)
        } finally {
          open--
        }
      })) as Database['tenant']
    const provider = gate()
    const called = gate()
    const openAtSend: number[] = []
    env.core.sms.sendNotice = async (phone, notice) => {
      openAtSend.push(open)
      called.open()
      await provider.closed
      return original(phone, notice)
    }
    const pass = relay()
    try {
      await within(10_000, called.closed)
      expect(openAtSend).toEqual([0])
      // Another transaction of the tenant writes the very row being sent, and is not kept waiting (on PGlite a
      // held transaction would hold its one connection; on PostgreSQL the row lock).
      const read = await within(
        5_000,
        tenantTx(t.tenantId, (tx) =>
          tx
            .update(notification)
            .set({ readAt: clock.now() })
            .where(eq(notification.customerId, fx.customer))
            .returning({ id: notification.id }),
        ),
      )
      expect(read.length).toBeGreaterThan(0)
      if (database.kind === 'postgres') {
        // On PostgreSQL, ask the server itself: no session sits in an open transaction.
        const idle = await database.system(async (tx) => {
          const result = await tx.execute(
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()
                  and state like 'idle in transaction%'`,
          )
          return (result as { rows: Array<{ n: number }> }).rows[0]?.n
        })
        expect(idle).toBe(0)
      }
    } finally {
      provider.open()
      await pass
      database.tenant = tenantTx
    }
    expect(await smsOf(fx.order)).toMatchObject({ status: 'sent', attempts: 1, lastError: null })
  })

  it('should send a claimed delivery again once its lease ends when its relay died, and drop the dead relay’s word', async () => {
    const orderId = await book(2)
    const orderNo = (await env.core.orders.service.get(systemContext(t.tenantId), orderId)).orderNo
    const dead = gate()
    const called = gate()
    env.core.sms.sendNotice = async () => {
      called.open()
      await dead.closed
      return 'sent'
    }
    // This pass stands for a relay whose process died in the middle of the send: it never answers.
    const stuck = relay()
    await within(10_000, called.closed)
    env.core.sms.sendNotice = original
    expect(await smsOf(orderId)).toMatchObject({ status: 'pending', attempts: 1 })

    // While the lease lasts, no other pass takes it.
    clock.advance(LEASE_MS - 1_000)
    expect((await relay()).delivered).toBe(0)
    expect(textsTo(orderNo)).toBe(0)

    clock.advance(1_000)
    expect((await relay()).delivered).toBe(1)
    expect(await smsOf(orderId)).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
    expect(textsTo(orderNo)).toBe(1)

    // The dead relay's late failure changes nothing: the row is no longer its to record.
    dead.fail(new Error('socket hang up'))
    await stuck
    expect(await smsOf(orderId)).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
  })

  it('should hand back, untried, the claims a slow batch could not send well within their lease', async () => {
    const first = await book(5)
    const second = await book(7)
    const sent: string[] = []
    env.core.sms.sendNotice = async (phone, notice) => {
      sent.push(notice.params.orderNo ?? '')
      clock.advance(80_000) // a provider that took 80 s
      return original(phone, notice)
    }
    expect((await relay()).delivered).toBe(1)
    const [a, b] = [await smsOf(first), await smsOf(second)]
    const [done, handedBack] = a.status === 'sent' ? [a, b] : [b, a]
    expect(done).toMatchObject({ status: 'sent', attempts: 1 })
    expect(handedBack).toMatchObject({ status: 'pending', attempts: 0, lastError: null })
    expect(handedBack.nextAttemptAt?.getTime()).toBe(clock.now().getTime())

    expect((await relay()).delivered).toBe(1)
    expect(await smsOf(handedBack.orderId!)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(sent).toHaveLength(2)
  })

  it('should hand back, untried, the claims of a pass stopped between two sends', async () => {
    // The day after tomorrow: the earlier tests fill tomorrow.
    const later = addDays(tomorrow(), 1)
    const first = await book(2, later)
    const second = await book(5, later)
    const stopping = new AbortController()
    env.core.sms.sendNotice = async (phone, notice) => {
      stopping.abort() // the process is told to stop while this send is on its way
      return original(phone, notice)
    }
    expect((await env.core.notifications.service.runOnce(stopping.signal)).delivered).toBe(1)
    const [a, b] = [await smsOf(first), await smsOf(second)]
    const [done, handedBack] = a.status === 'sent' ? [a, b] : [b, a]
    expect(done).toMatchObject({ status: 'sent', attempts: 1 })
    expect(handedBack).toMatchObject({ status: 'pending', attempts: 0, lastError: null })
    env.core.sms.sendNotice = original
    expect((await relay()).delivered).toBe(1)
    expect(await smsOf(handedBack.orderId!)).toMatchObject({ status: 'sent', attempts: 1 })
  })
})
