import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../../test-support/harness.ts'
import { openDatabase, queryRows } from './database.ts'

describe('migrations', () => {
  it.runIf(process.env.DOORSTEP_TEST_DB === 'postgres')(
    'should let processes that start together migrate one database one after another',
    async () => {
      const fresh = await freshPostgresDatabase()
      const databases = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ url: fresh.url, poolSize: 2 })),
      )
      try {
        await Promise.all(databases.map((d) => d.migrate()))
        const [applied] = await queryRows<{ n: number }>(
          databases[0]!.db,
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        )
        // Each migration once, not once per process.
        const journal = JSON.parse(
          fs.readFileSync(
            path.resolve(import.meta.dirname, '../../../migrations/meta/_journal.json'),
            'utf8',
          ),
        ) as { entries: unknown[] }
        expect(applied!.n).toBe(journal.entries.length)
        // A process starting beside one already serving alters no table (its ALTERs could deadlock with the
        // other's work): the tables' catalogue rows are those the first securing wrote.
        const catalogue = () =>
          queryRows<{ relname: string; xmin: string }>(
            databases[0]!.db,
            sql`select relname, xmin::text from pg_class where relname in ('tenant', 'service_order')`,
          )
        const before = await catalogue()
        await databases[1]!.migrate()
        expect(await catalogue()).toEqual(before)
      } finally {
        await Promise.all(databases.map((d) => d.close()))
        await fresh.drop()
      }
    },
    120_000,
  )

  it.runIf(process.env.DOORSTEP_TEST_DB === 'postgres')(
    'should run steps of one name one at a time across processes, and steps of other names meanwhile',
    async () => {
      const fresh = await freshPostgresDatabase()
      const databases = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ url: fresh.url, poolSize: 1 })),
      )
      try {
        let inside = 0
        let most = 0
        const step = async () => {
          inside++
          most = Math.max(most, inside)
          await new Promise((resolve) => setTimeout(resolve, 100))
          inside--
        }
        await Promise.all(databases.map((d) => d.alone('first-start', step)))
        expect(most).toBe(1)
        // A step of another name is not held up by one in progress.
        let slowStarted!: () => void
        const holding = new Promise<void>((resolve) => (slowStarted = resolve))
        const slow = databases[0]!.alone('first-start', () => {
          slowStarted()
          return new Promise((resolve) => setTimeout(resolve, 2000, 'slow'))
        })
        await holding
        const quick = databases[1]!.alone('another', () => Promise.resolve('quick'))
        expect(await Promise.race([slow, quick])).toBe('quick')
        await slow
        // The lock's connection dropped while the step ran: the step is not reported done alone, and the
        // process goes on (an unheard connection error would end it).
        const dropped = databases[2]!.alone('first-start', async () => {
          await queryRows(
            databases[0]!.db,
            sql`select pg_terminate_backend(pid) from pg_locks
              where locktype = 'advisory' and granted
                and database = (select oid from pg_database where datname = current_database())`,
          )
          await new Promise((resolve) => setTimeout(resolve, 300))
        })
        await expect(dropped).rejects.toThrow("lost the lock of 'first-start'")
      } finally {
        await Promise.all(databases.map((d) => d.close()))
        await fresh.drop()
      }
    },
    60_000,
  )
})
