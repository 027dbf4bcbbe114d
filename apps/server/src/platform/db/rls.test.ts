import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import { createTestEnv, seedTenant } from '../../test-support/harness.ts'
import { APP_ROLE, pgCode, queryRows } from './database.ts'

let env: TestEnv
let a: Seeded
let b: Seeded

beforeAll(async () => {
  env = await createTestEnv()
  a = await seedTenant(env, 'a')
  b = await seedTenant(env, 'b')
})
afterAll(() => env.close())

const tenantTables = () =>
  env.core.database.system((tx) =>
    queryRows<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      tx,
      sql`select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute at on at.attrelid = c.oid and at.attname = 'tenant_id'
          where n.nspname = 'public' and c.relkind = 'r'
            and c.relname not in ('tenant', 'login_directory', 'crypto_key') order by 1`,
    ),
  )

describe('row-level security', () => {
  it('should force RLS on every table that has a tenant_id, with tenant_id first in its primary key', async () => {
    const tables = await tenantTables()
    expect(tables.length).toBeGreaterThanOrEqual(10)
    for (const t of tables)
      expect(t, t.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true })
    const keys = await env.core.database.system((tx) =>
      queryRows<{ relname: string; first: string }>(
        tx,
        sql`select c.relname, a.attname as first from pg_index i join pg_class c on c.oid = i.indrelid
            join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
            where i.indisprimary and c.relname in (${sql.join(
              tables.map((t) => sql`${t.relname}`),
              sql`, `,
            )})`,
      ),
    )
    for (const k of keys) expect(k.first, k.relname).toBe('tenant_id')
  })

  it('should run requests as a role without BYPASSRLS', async () => {
    const [role] = await env.core.database.system((tx) =>
      queryRows<{ rolbypassrls: boolean; rolsuper: boolean }>(
        tx,
        sql`select rolbypassrls, rolsuper from pg_roles where rolname = ${APP_ROLE}`,
      ),
    )
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false })
    const [who] = await env.core.database.tenant(a.tenantId, (tx) =>
      queryRows<{ u: string }>(tx, sql`select current_user as u`),
    )
    expect(who!.u).toBe(APP_ROLE)
  })

  it('should show a tenant only its own rows, and nothing without a tenant context', async () => {
    for (const t of await tenantTables()) {
      const table = sql.identifier(t.relname)
      const foreign = await env.core.database.tenant(a.tenantId, (tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from ${table} where tenant_id <> ${a.tenantId}`,
        ),
      )
      expect(foreign[0]!.n, t.relname).toBe(0)
      const none = await env.core.database.system(async (tx) => {
        await tx.execute(sql`set local role doorstep_app`)
        return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${table}`)
      })
      expect(none[0]!.n, t.relname).toBe(0)
    }
    const own = await env.core.database.tenant(b.tenantId, (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from project`),
    )
    expect(own[0]!.n).toBe(2)
  })

  it('should refuse to write a row into another tenant', async () => {
    await expect(
      env.core.database.tenant(a.tenantId, (tx) =>
        tx.execute(sql`insert into project (tenant_id, id, code, name, kind, city, created_at)
                       values (${b.tenantId}, gen_random_uuid(), 'X', 'x', 'service_area', 'x', now())`),
      ),
    ).rejects.toThrow()
  })

  it('should let the app role only append to and read the audit log', async () => {
    for (const statement of [sql`update audit_log set action = 'x'`, sql`delete from audit_log`]) {
      const error = await env.core.database
        .tenant(a.tenantId, (tx) => tx.execute(statement))
        .catch((e: unknown) => e)
      expect(pgCode(error)).toBe('42501') // insufficient_privilege
    }
  })

  it('should confine reads to their tenant as the app role, also when a connection serves tenants in turn', async () => {
    const { database } = env.core
    // More reads than the pool has connections, alternating tenants, so connections switch tenant.
    const seen = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const t = i % 2 ? a : b
        return database.read(t.tenantId, async (tx) => {
          const [row] = await queryRows<{ u: string; tenants: string[] }>(
            tx,
            sql`select current_user as u, array(select distinct tenant_id::text from project) as tenants`,
          )
          return { expected: t.tenantId, ...row! }
        })
      }),
    )
    for (const s of seen)
      expect(s).toEqual({ expected: s.expected, u: APP_ROLE, tenants: [s.expected] })
  })

  it('should refuse a write made through a read, leaving nothing behind', async () => {
    const error = await env.core.database
      .read(a.tenantId, (tx) =>
        tx.execute(sql`insert into project (tenant_id, id, code, name, kind, city, created_at)
                       values (${a.tenantId}, gen_random_uuid(), 'RO', 'ro', 'service_area', 'x', now())`),
      )
      .catch((e: unknown) => e)
    expect(pgCode(error)).toBe('25006') // read_only_sql_transaction
    const [left] = await env.core.database.tenant(a.tenantId, (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from project where code = 'RO'`),
    )
    expect(left!.n).toBe(0)
  })
})
