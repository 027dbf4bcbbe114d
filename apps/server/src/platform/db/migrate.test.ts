import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openDatabase } from './database.ts'

describe('migrations', () => {
  it.runIf(process.env.DOORSTEP_TEST_DB === 'postgres')(
    'should let processes that start together migrate one database one after another',
    async () => {
      const server = process.env.TEST_DATABASE_URL!
      const name = `doorstep_migrate_${crypto.randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: server })
      await admin.connect()
      await admin.query(`create database ${name}`)
      const url = new URL(server)
      url.pathname = `/${name}`
      const databases = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ url: url.toString(), poolSize: 2 })),
      )
      try {
        await Promise.all(databases.map((d) => d.migrate()))
        const check = new pg.Client({ connectionString: url.toString() })
        await check.connect()
        const applied = await check.query<{ n: number }>(
          `select count(*)::int as n from drizzle.__drizzle_migrations`,
        )
        await check.end()
        // Each migration once, not once per process.
        const journal = JSON.parse(
          fs.readFileSync(
            path.resolve(import.meta.dirname, '../../../migrations/meta/_journal.json'),
            'utf8',
          ),
        ) as { entries: unknown[] }
        expect(applied.rows[0]!.n).toBe(journal.entries.length)
      } finally {
        await Promise.all(databases.map((d) => d.close()))
        await admin.query(`drop database if exists ${name} with (force)`)
        await admin.end()
      }
    },
    120_000,
  )
})
