import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, isNull, sql } from 'drizzle-orm'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createTestEnv,
  login,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'
import { startBackgroundWork } from '../../app.ts'
import { eventually } from '../../test-support/eventually.ts'
import { auditLog } from '../audit/audit.tables.ts'
import { idempotencyKey } from '../idempotency/idempotency.tables.ts'
import { outboxEvent } from '../outbox/outbox.tables.ts'
import { PRUNE_BATCH, pruneSpent } from './retention.ts'

let env: TestEnv
let a: Seeded
let b: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let admin: Session

beforeAll(async () => {
  env = await createTestEnv()
  a = await seedTenant(env, 'keep')
  b = await seedTenant(env, 'other')
  fx = await seedBusinessFixture(env, a, { workers: 3 })
  admin = await login(env, a.adminLogin)
})
afterAll(() => env?.close())

const prune = (tenants: Seeded[]) =>
  pruneSpent(
    env.core.database,
    tenants.map((t) => t.tenantId),
    env.core.config.retention,
    env.core.clock,
    env.core.log,
  )

/** A booking in tomorrow's window at `hhmm` (the tenant's Shanghai time), with an Idempotency-Key. */
const book = (hhmm: string, key: string) =>
  call(
    env,
    admin,
    'POST',
    '/api/v1/orders',
    {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      addons: [],
      windowStart: new Date(`${tomorrow()}T${hhmm}:00+08:00`).toISOString(),
      asap: false,
      channel: 'phone',
      payOnSite: true,
      discountFen: 0,
      notes: '',
    },
    { 'idempotency-key': key },
  )

const keysOf = (t: Seeded) =>
  env.core.database.tenant(t.tenantId, (tx) =>
    tx.select({ key: idempotencyKey.key }).from(idempotencyKey),
  )

const eventsOf = async (t: Seeded) =>
  (
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.select({ id: outboxEvent.id }).from(outboxEvent),
    )
  ).map((e) => e.id)

/** Moves `t`'s keys or events back by `hours`, as if they had been written that long ago. */
const ageKeys = (t: Seeded, hours: number) =>
  env.core.database.tenant(t.tenantId, (tx) =>
    tx
      .update(idempotencyKey)
      .set({ createdAt: sql`${idempotencyKey.createdAt} - make_interval(hours => ${hours})` }),
  )
const ageEvents = (t: Seeded, hours: number) =>
  env.core.database.tenant(t.tenantId, (tx) =>
    tx.update(outboxEvent).set({
      createdAt: sql`${outboxEvent.createdAt} - make_interval(hours => ${hours})`,
      publishedAt: sql`${outboxEvent.publishedAt} - make_interval(hours => ${hours})`,
    }),
  )

const retentionAudits = async (t: Seeded) => {
  await env.core.database.settled()
  return env.core.database.tenant(t.tenantId, (tx) =>
    tx
      .select({ diff: auditLog.diff, actorName: auditLog.actorName })
      .from(auditLog)
      .where(eq(auditLog.action, 'retention.pruned')),
  )
}

describe('retention of idempotency keys and published events', () => {
  it('should keep a week of idempotency keys and published events by default', () => {
    expect(env.core.config.retention).toEqual({
      idempotencyKeyMs: 7 * 24 * 3_600_000,
      publishedEventMs: 7 * 24 * 3_600_000,
    })
  })

  it('should delete keys older than the retention, and still answer a retry of a younger key with its order', async () => {
    const old = await book('10:00', 'retention-old-0001')
    expect(old.statusCode, old.body).toBe(201)
    await ageKeys(a, 24 * 7 + 1)
    const young = await book('13:00', 'retention-young-0001')
    expect(young.statusCode, young.body).toBe(201)

    const pruned = await prune([a])

    expect(pruned.idempotencyKeys).toBe(1)
    expect((await keysOf(a)).map((k) => k.key)).toEqual(['retention-young-0001'])
    const retry = await book('13:00', 'retention-young-0001')
    expect(retry.statusCode).toBe(201)
    expect(retry.json<{ id: string }>().id).toBe(young.json<{ id: string }>().id)
    const [audit] = await retentionAudits(a)
    expect(audit).toMatchObject({
      actorName: 'retention',
      diff: { idempotencyKeys: 1, publishedEvents: 0 },
    })
  })

  it('should delete published events older than the retention, never one still waiting to be published', async () => {
    await env.core.notifications.service.runOnce()
    // Waiting: written, not yet relayed.
    expect((await book('15:00', 'retention-waiting-0001')).statusCode).toBe(201)
    await ageEvents(a, 24 * 7 + 1)
    const waiting = () =>
      env.core.database.tenant(a.tenantId, (tx) =>
        tx.select({ id: outboxEvent.id }).from(outboxEvent).where(isNull(outboxEvent.publishedAt)),
      )
    const before = await waiting()
    expect(before).toHaveLength(1)

    const pruned = await prune([a])

    // The fixture's booking and the two above, relayed before they were aged.
    expect(pruned).toEqual({ idempotencyKeys: 0, publishedEvents: 3 })
    const left = await env.core.database.tenant(a.tenantId, (tx) =>
      tx.select({ id: outboxEvent.id, publishedAt: outboxEvent.publishedAt }).from(outboxEvent),
    )
    expect(left).toEqual([{ id: before[0]!.id, publishedAt: null }])
    // The relay still finds it; published just now, it is kept.
    await env.core.notifications.service.runOnce()
    expect(await waiting()).toEqual([])
    expect((await prune([a])).publishedEvents).toBe(0)
    expect(await eventsOf(a)).toEqual([before[0]!.id])
  })

  it('should prune only the tenants it is given, a batch at a time until none is left', async () => {
    await env.core.database.tenant(b.tenantId, (tx) =>
      tx.execute(sql`
        insert into idempotency_key (tenant_id, scope, key, request_hash, status_code, response, created_at)
        select ${b.tenantId}::uuid, 'orders.create', 'bulk-' || n, 'x', 201, '{}'::jsonb,
               now() - interval '30 days' + make_interval(secs => n)
        from generate_series(1, ${PRUNE_BATCH + 7}) as n`),
    )
    await env.core.database.tenant(b.tenantId, (tx) =>
      tx.execute(sql`
        insert into outbox_event (tenant_id, id, type, payload, created_at, published_at)
        select ${b.tenantId}::uuid, gen_random_uuid(), 'order.created', '{}'::jsonb,
               now() - interval '30 days', now() - interval '30 days'
        from generate_series(1, 3)`),
    )
    const aKeys = await keysOf(a)
    const aEvents = await eventsOf(a)

    expect(await prune([a])).toEqual({ idempotencyKeys: 0, publishedEvents: 0 })
    expect(await keysOf(b)).toHaveLength(PRUNE_BATCH + 7)
    expect(await eventsOf(b)).toHaveLength(3)

    expect(await prune([a, b])).toEqual({ idempotencyKeys: PRUNE_BATCH + 7, publishedEvents: 3 })
    expect(await keysOf(b)).toEqual([])
    expect(await eventsOf(b)).toEqual([])
    expect(await keysOf(a)).toEqual(aKeys)
    expect(await eventsOf(a)).toEqual(aEvents)
    // One entry per transaction, in it: a full batch, then the rest.
    const audits = await retentionAudits(b)
    expect(
      audits
        .map((e) => (e.diff as { idempotencyKeys: number }).idempotencyKeys)
        .sort((x, y) => x - y),
    ).toEqual([7, PRUNE_BATCH])
  })

  it('should stop between two transactions once its signal is aborted, leaving the rest to the next pass', async () => {
    await env.core.database.tenant(b.tenantId, (tx) =>
      tx.execute(sql`
        insert into idempotency_key (tenant_id, scope, key, request_hash, status_code, response, created_at)
        select ${b.tenantId}::uuid, 'orders.create', 'again-' || n, 'x', 201, '{}'::jsonb,
               now() - interval '30 days'
        from generate_series(1, ${PRUNE_BATCH + 7}) as n`),
    )
    const stopping = new AbortController()
    stopping.abort()
    expect(
      await pruneSpent(
        env.core.database,
        [b.tenantId],
        env.core.config.retention,
        env.core.clock,
        env.core.log,
        stopping.signal,
      ),
    ).toEqual({ idempotencyKeys: 0, publishedEvents: 0 })

    // The server stops while the first batch is being deleted (its audit entry reads the clock a second time).
    const midway = new AbortController()
    let reads = 0
    const clock = {
      now: () => {
        if (++reads === 2) midway.abort()
        return env.core.clock.now()
      },
    }
    const first = await pruneSpent(
      env.core.database,
      [b.tenantId],
      env.core.config.retention,
      clock,
      env.core.log,
      midway.signal,
    )
    expect(first.idempotencyKeys).toBe(PRUNE_BATCH)
    expect(await keysOf(b)).toHaveLength(7)
    expect((await prune([b])).idempotencyKeys).toBe(7)
  })

  it('should leave unexpired keys alone however often it runs', async () => {
    const kept = await keysOf(a)
    expect(kept.length).toBeGreaterThan(0)
    expect(await prune([a, b])).toEqual({ idempotencyKeys: 0, publishedEvents: 0 })
    expect(await prune([a, b])).toEqual({ idempotencyKeys: 0, publishedEvents: 0 })
    expect(await keysOf(a)).toEqual(kept)
  })

  it("should run with the server's background work, the first pass as it starts", async () => {
    expect((await book('08:00', 'retention-background-0001')).statusCode).toBe(201)
    await ageKeys(a, 24 * 7 + 1)
    const work = startBackgroundWork(env.core)
    try {
      expect(await eventually(async () => (await keysOf(a)).length === 0)).toBe(true)
    } finally {
      await work.stop()
    }
  })
})
