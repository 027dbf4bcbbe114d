import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { call, createStaff, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'
import { verifyAuditChain } from './audit.ts'

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
