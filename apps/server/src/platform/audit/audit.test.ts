import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { call, createStaff, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'
import { pgCode, queryRows } from '../db/database.ts'
import { appendAudit, chainLeftovers, verifyAuditChain } from './audit.ts'

let env: TestEnv
let t: Seeded
let admin: Session

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  await createStaff(env, admin, {
    login: `aud-${t.slug}`,
    roleIds: [t.roleIds.dispatcher!],
    phone: '13611112222',
  })
})
afterAll(() => env.close())

/** Tampering is done as the schema owner, the way someone with database access would. */
const tamper = (statement: ReturnType<typeof sql>) =>
  env.core.database.system((tx) => tx.execute(statement))

describe('audit log', () => {
  it('should record who did what with the personal data redacted', async () => {
    const res = await call(env, admin, 'GET', '/api/v1/audit?action=user.created')
    const entry = res.json().items[0]
    expect(entry).toMatchObject({
      action: 'user.created',
      entityType: 'user',
      actorName: `Admin ${t.slug}`,
    })
    expect(entry.requestId).toBeTruthy()
    expect(entry.ip).toBeTruthy()
    expect(entry.diff.phone).toEqual({ from: null, to: '[redacted]' })
    expect(JSON.stringify(entry)).not.toContain('13611112222')
  })

  it('should filter by entity and page through the log', async () => {
    const page1 = (await call(env, admin, 'GET', '/api/v1/audit?limit=2')).json()
    expect(page1.items).toHaveLength(2)
    const page2 = (
      await call(env, admin, 'GET', `/api/v1/audit?limit=2&cursor=${page1.nextCursor}`)
    ).json()
    expect(page2.items[0].seq).toBe(page1.items[1].seq - 1)
    const projects = (await call(env, admin, 'GET', '/api/v1/audit?entityType=project')).json()
    expect(projects.items.every((e: { entityType: string }) => e.entityType === 'project')).toBe(
      true,
    )
  })

  it('should verify an intact chain', async () => {
    const report = await verifyAuditChain(env.core.database, t.tenantId)
    expect(report).toMatchObject({ ok: true })
    expect(report.entries).toBeGreaterThanOrEqual(5)
  })

  it('should name the first altered entry', async () => {
    await tamper(
      sql`update audit_log set action = 'user.nothing' where tenant_id = ${t.tenantId} and seq = 3`,
    )
    const report = await verifyAuditChain(env.core.database, t.tenantId)
    expect(report.ok).toBe(false)
    expect(report.firstBad).toMatchObject({ seq: 3, reason: 'content was altered' })
    await tamper(
      sql`update audit_log set action = 'project.created' where tenant_id = ${t.tenantId} and seq = 3`,
    )
  })

  it('should detect a deleted entry in the middle and at the end', async () => {
    const fresh = await seedTenant(env, 'del')
    await tamper(sql`delete from audit_log where tenant_id = ${fresh.tenantId} and seq = 2`)
    expect((await verifyAuditChain(env.core.database, fresh.tenantId)).firstBad?.seq).toBe(2)
    const tail = await seedTenant(env, 'tail')
    await tamper(
      sql`delete from audit_log where tenant_id = ${tail.tenantId} and seq = (select max(seq) from audit_log where tenant_id = ${tail.tenantId})`,
    )
    expect((await verifyAuditChain(env.core.database, tail.tenantId)).ok).toBe(false)
  })

  it('should detect two entries swapped', async () => {
    const s = await seedTenant(env, 'swap')
    await tamper(sql`update audit_log set seq = -2 where tenant_id = ${s.tenantId} and seq = 2`)
    await tamper(sql`update audit_log set seq = 2 where tenant_id = ${s.tenantId} and seq = 3`)
    await tamper(sql`update audit_log set seq = 3 where tenant_id = ${s.tenantId} and seq = -2`)
    expect((await verifyAuditChain(env.core.database, s.tenantId)).firstBad?.seq).toBe(2)
  })
})

describe('chaining after commit', () => {
  const who = (tenantId: string) => ({
    tenantId,
    actorType: 'system' as const,
    actorId: null,
    actorName: 'test',
    requestId: null,
    ip: null,
  })
  const waiting = async (tenantId: string) =>
    (
      await env.core.database.system((tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from audit_pending where tenant_id = ${tenantId}`,
        ),
      )
    )[0]!.n
  const chained = async (tenantId: string, action: string) =>
    (
      await env.core.database.system((tx) =>
        queryRows<{ seq: number }>(
          tx,
          sql`select seq from audit_log where tenant_id = ${tenantId} and action = ${action} order by seq`,
        ),
      )
    ).map((r) => Number(r.seq))

  it('should chain every entry of concurrent writes moments after they return, in one unbroken chain', async () => {
    const s = await seedTenant(env, 'burst')
    const ids = Array.from({ length: 40 }, (_, i) => String(i))
    await Promise.all(
      ids.map((id) =>
        env.core.database.tenant(s.tenantId, (tx) =>
          appendAudit(
            tx,
            who(s.tenantId),
            { action: 'test.burst', entityType: 'test', entityId: id },
            new Date(),
          ),
        ),
      ),
    )
    // Nobody asks: the background passes chain them on their own, within moments.
    const deadline = Date.now() + 5_000
    while ((await chained(s.tenantId, 'test.burst')).length < 40 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(await chained(s.tenantId, 'test.burst')).toHaveLength(40)
    expect(await waiting(s.tenantId)).toBe(0)
    expect(await verifyAuditChain(env.core.database, s.tenantId)).toMatchObject({ ok: true })
  })

  it('should show a write in the log read right after it returns', async () => {
    const s = await seedTenant(env, 'readback')
    const reader = await login(env, s.adminLogin)
    for (let i = 0; i < 3; i++) {
      await env.core.database.tenant(s.tenantId, (tx) =>
        appendAudit(
          tx,
          who(s.tenantId),
          { action: 'test.readback', entityType: 'test', entityId: String(i) },
          new Date(),
        ),
      )
      // The read comes before the background pass has run: the log chains what waits before it answers.
      const res = await call(env, reader, 'GET', '/api/v1/audit?action=test.readback')
      expect(res.json().items.map((e: { entityId: string }) => e.entityId)).toContain(String(i))
    }
    await env.core.database.settled()
    expect(await verifyAuditChain(env.core.database, s.tenantId)).toMatchObject({ ok: true })
  })

  it('should leave no entry of a rolled-back change', async () => {
    const s = await seedTenant(env, 'rollback')
    await expect(
      env.core.database.tenant(s.tenantId, async (tx) => {
        await appendAudit(
          tx,
          who(s.tenantId),
          { action: 'test.rolled', entityType: 'test' },
          new Date(),
        )
        throw new Error('the use case failed')
      }),
    ).rejects.toThrow('the use case failed')
    expect(await waiting(s.tenantId)).toBe(0)
    expect(await chained(s.tenantId, 'test.rolled')).toEqual([])
  })

  it('should chain what a stopped process left waiting, in the periodic pass', async () => {
    const s = await seedTenant(env, 'leftover')
    // As a process that committed and stopped before chaining: the entry is only in audit_pending.
    await env.core.database.tenant(s.tenantId, (tx) =>
      tx.execute(sql`insert into audit_pending (tenant_id, id, at, actor_type, action, entity_type)
        values (${s.tenantId}, gen_random_uuid(), now() - interval '1 minute', 'system', 'test.left', 'test')`),
    )
    expect(await waiting(s.tenantId)).toBe(1)
    // A write's own pass takes its own entries by key; what another process left waits for the sweep.
    await env.core.database.tenant(s.tenantId, (tx) =>
      appendAudit(tx, who(s.tenantId), { action: 'test.own', entityType: 'test' }, new Date()),
    )
    await env.core.database.settled()
    expect(await chained(s.tenantId, 'test.own')).toHaveLength(1)
    expect(await waiting(s.tenantId)).toBe(1)
    // A stopping process's pass leaves them to the next one.
    expect(await chainLeftovers(env.core.database, { signal: AbortSignal.abort() })).toBe(0)
    expect(await waiting(s.tenantId)).toBe(1)
    expect(await chainLeftovers(env.core.database)).toBeGreaterThanOrEqual(1)
    expect(await waiting(s.tenantId)).toBe(0)
    expect(await chained(s.tenantId, 'test.left')).toHaveLength(1)
    expect(await verifyAuditChain(env.core.database, s.tenantId)).toMatchObject({ ok: true })
  })

  it('should not let the application role alter an entry waiting to be chained', async () => {
    const error = await env.core.database
      .tenant(t.tenantId, (tx) => tx.execute(sql`update audit_pending set action = 'x'`))
      .catch((e: unknown) => e)
    expect(pgCode(error)).toBe('42501') // insufficient_privilege
  })
})

describe('doorstep audit verify', () => {
  it('should exit 0 on an intact chain and 1 naming the entry after tampering', async () => {
    const cli = path.resolve(import.meta.dirname, '../../../bin/doorstep.mjs')
    const run = promisify(execFile)
    const fresh = await createTestEnv({ pgliteOnDisk: true })
    const seeded = await seedTenant(fresh, 'cli')
    const masterKey = fresh.core.masterKey.toString('base64')
    const envVars = {
      ...process.env,
      DOORSTEP_DATA_DIR: fresh.dataDir,
      DOORSTEP_MASTER_KEY: masterKey,
      DOORSTEP_LOG_LEVEL: 'silent',
      ...(fresh.databaseUrl ? { DOORSTEP_DATABASE_URL: fresh.databaseUrl } : {}),
    }
    if (!fresh.databaseUrl) await fresh.core.database.close()
    try {
      const ok = await run(process.execPath, [cli, 'audit', 'verify'], { env: envVars })
      expect(ok.stdout).toContain(`ok      ${seeded.slug}`)
      const { openDatabase } = await import('../db/database.ts')
      const db = fresh.databaseUrl
        ? fresh.core.database
        : await openDatabase({ pgliteDir: path.join(fresh.dataDir, 'pglite') })
      await db.system((tx) =>
        tx.execute(sql`update audit_log set actor_name = 'someone else' where seq = 2`),
      )
      if (!fresh.databaseUrl) await db.close()
      const bad = await run(process.execPath, [cli, 'audit', 'verify'], { env: envVars }).catch(
        (e: { code: number; stdout: string }) => e,
      )
      expect('code' in bad ? bad.code : 0).toBe(1)
      expect(bad.stdout).toContain('first bad entry #2')
    } finally {
      if (fresh.databaseUrl) await fresh.close()
    }
  }, 60_000)
})
