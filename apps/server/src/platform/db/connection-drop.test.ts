import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import { createTestEnv, seedTenant } from '../../test-support/harness.ts'
import { queryRows } from './database.ts'

const onPostgres = process.env.DOORSTEP_TEST_DB === 'postgres'
let env: TestEnv
let t: Seeded

beforeAll(async () => {
  if (!onPostgres) return
  env = await createTestEnv()
  t = await seedTenant(env)
})
afterAll(() => env?.close())

describe('a dropped database connection', () => {
  it.runIf(onPostgres)(
    'should fail only the transaction it was in, between two statements, and leave the process serving',
    async () => {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
      await admin.connect()
      try {
        const dropped = env.core.database.tenant(t.tenantId, async (tx) => {
          const [{ pid }] = (await queryRows<{ pid: number }>(
            tx,
            sql`select pg_backend_pid() as pid`,
          )) as [{ pid: number }]
          await admin.query('select pg_terminate_backend($1)', [pid])
          // The drop arrives while no statement of this transaction runs (a restart, a failover).
          await new Promise((resolve) => setTimeout(resolve, 300))
          await tx.execute(sql`select 1`)
        })
        await expect(dropped).rejects.toThrow()
        const rows = await env.core.database.tenant(t.tenantId, (tx) =>
          queryRows<{ n: number }>(tx, sql`select 1 as n`),
        )
        expect(rows).toEqual([{ n: 1 }])
      } finally {
        await admin.end()
      }
    },
  )
})
