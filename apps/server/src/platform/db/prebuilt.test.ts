import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import { createTestEnv, seedTenant } from '../../test-support/harness.ts'
import { auditPending } from '../audit/audit.tables.ts'
import { newId } from '../ids.ts'
import { atCommit, pgCode, runBuilt } from './database.ts'
import type { Slots } from './prebuilt.ts'
import { prebuiltSelect, prebuiltStatement, rowsInsert } from './prebuilt.ts'

let env: TestEnv
let t: Seeded

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env, 'prebuilt')
})
afterAll(() => env.close())

const insertPending = rowsInsert(auditPending)
const row = (n: number, diff: Record<string, unknown> | null) => ({
  tenantId: t.tenantId,
  id: newId(),
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
  actorType: 'system' as const,
  actorId: null,
  actorName: `n${n}`,
  action: 'test.prebuilt',
  entityType: 'test',
  entityId: String(n),
  diff,
  requestId: null,
  ip: null,
})

describe('rowInserter', () => {
  it('should insert rows as the builder would: JSON and timestamps encoded, null kept NULL, any count', async () => {
    const rows = Array.from({ length: 11 }, (_, n) =>
      row(n, n % 2 ? null : { n: { from: null, to: n } }),
    )
    await env.core.database.tenant(t.tenantId, async (tx) => {
      // One row, two rows (texts built once per count, then reused), and more than the kept counts.
      await runBuilt(tx, insertPending(tx, rows.slice(0, 1)))
      await runBuilt(tx, insertPending(tx, rows.slice(1, 3)))
      await runBuilt(tx, insertPending(tx, rows.slice(3, 5)))
      await runBuilt(tx, insertPending(tx, rows.slice(5)))
    })
    const stored = await env.core.database.system((tx) =>
      tx.select().from(auditPending).where(eq(auditPending.action, 'test.prebuilt')),
    )
    const byId = new Map(stored.map((s) => [s.id, s]))
    expect(stored).toHaveLength(11)
    for (const r of rows) expect(byId.get(r.id)).toEqual(r)
  })

  it('should let row-level security refuse a row of another tenant', async () => {
    const other = await seedTenant(env, 'prebuilt-other')
    await expect(
      env.core.database.tenant(t.tenantId, (tx) =>
        runBuilt(tx, insertPending(tx, [{ ...row(99, null), tenantId: other.tenantId }])),
      ),
    ).rejects.toThrow()
  })
})

describe('atCommit', () => {
  const stored = (action: string) =>
    env.core.database.system((tx) =>
      tx.select().from(auditPending).where(eq(auditPending.action, action)),
    )

  it('should write what waits for the commit with it, in order, and not before', async () => {
    const first = { ...row(1, null), action: 'test.at-commit' }
    const second = { ...row(2, null), action: 'test.at-commit' }
    await env.core.database.tenant(t.tenantId, async (tx) => {
      await atCommit(tx, insertPending(tx, [first]))
      await atCommit(tx, insertPending(tx, [second]))
      // Not yet written: the transaction itself does not see them.
      expect(await tx.select().from(auditPending).where(eq(auditPending.id, first.id))).toEqual([])
    })
    expect((await stored('test.at-commit')).map((r) => r.id).sort()).toEqual(
      [first.id, second.id].sort(),
    )
  })

  it('should fail the transaction and keep none of its writes when one written at commit fails', async () => {
    const now = { ...row(3, null), action: 'test.at-commit-failed' }
    const error = await env.core.database
      .tenant(t.tenantId, async (tx) => {
        await runBuilt(tx, insertPending(tx, [now]))
        await atCommit(tx, insertPending(tx, [{ ...now, id: newId() }]))
        // The same key again: a unique violation, found only at the commit.
        await atCommit(tx, insertPending(tx, [now]))
        await atCommit(tx, insertPending(tx, [{ ...now, id: newId() }]))
      })
      .catch((e: unknown) => e)
    expect(pgCode(error)).toBe('23505')
    expect(await stored('test.at-commit-failed')).toEqual([])
    // A failure the use case swallowed still fails its transaction: the COMMIT answers ROLLBACK.
    const swallowed = await env.core.database
      .tenant(t.tenantId, async (tx) => {
        await runBuilt(tx, insertPending(tx, [now]))
        await runBuilt(tx, insertPending(tx, [now])).catch(() => undefined)
        return 'done'
      })
      .catch((e: unknown) => e)
    expect(swallowed).toBeInstanceOf(Error)
    expect(await stored('test.at-commit-failed')).toEqual([])
    // The connection is fit for the next transaction.
    await env.core.database.tenant(t.tenantId, (tx) =>
      atCommit(tx, insertPending(tx, [{ ...now, id: newId() }])),
    )
    expect(await stored('test.at-commit-failed')).toHaveLength(1)
  })
})

describe('prebuiltSelect and prebuiltStatement', () => {
  // Built at the first call; each later call brings its own values.
  const byActor = prebuiltSelect((tx, slot: Slots<{ actorName: string; action: string }>) =>
    tx
      .select({ id: auditPending.id, at: auditPending.at, diff: auditPending.diff })
      .from(auditPending)
      .where(and(eq(auditPending.actorName, slot.actorName), eq(auditPending.action, slot.action)))
      .orderBy(auditPending.at),
  )
  const takeActor = prebuiltSelect((tx, slot: Slots<{ actorName: string }>) =>
    tx
      .delete(auditPending)
      .where(eq(auditPending.actorName, slot.actorName))
      .returning({ id: auditPending.id, at: auditPending.at }),
  )
  const removeActor = prebuiltStatement((tx, slot: Slots<{ actorName: string }>) =>
    tx.delete(auditPending).where(eq(auditPending.actorName, slot.actorName)),
  )

  it("should run with each call's values and map rows as the builder would", async () => {
    const action = 'test.prebuilt-select'
    const rows = [row(201, { n: { from: null, to: 1 } }), row(202, null)].map((r) => ({
      ...r,
      action,
    }))
    await env.core.database.tenant(t.tenantId, async (tx) => {
      await runBuilt(tx, insertPending(tx, rows))
      for (const r of rows)
        expect(await byActor(tx, { actorName: r.actorName, action })).toEqual([
          { id: r.id, at: r.at, diff: r.diff },
        ])
      expect(await byActor(tx, { actorName: 'nobody', action })).toEqual([])
      await runBuilt(tx, removeActor(tx, { actorName: rows[0]!.actorName }))
      expect(await byActor(tx, { actorName: rows[0]!.actorName, action })).toEqual([])
      expect(await byActor(tx, { actorName: rows[1]!.actorName, action })).toHaveLength(1)
      // A write returning rows: mapped as its own `returning` would be.
      expect(await takeActor(tx, { actorName: rows[1]!.actorName })).toEqual([
        { id: rows[1]!.id, at: rows[1]!.at },
      ])
      expect(await byActor(tx, { actorName: rows[1]!.actorName, action })).toEqual([])
    })
  })
})
